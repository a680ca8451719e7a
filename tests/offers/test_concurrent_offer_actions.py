"""Accepting and declining one offer at once: one wins, the other gets the model's message.

Real threads on the file-backed test database; see tests/support/races.py.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from offers.models import Offer
from tests.support.instants import NOW
from tests.support.races import ROUNDS, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_accept_and_decline_an_offer_at_once_one_wins_and_the_other_is_told_why(
    now, owner, make_offer
):
    for _ in range(ROUNDS):
        offer = make_offer(received_at=NOW - timedelta(hours=1))
        accepted, declined = race(
            owner,
            [
                (
                    reverse("offer_accept", args=[offer.pk]),
                    {"terms_reviewed": "on", "acknowledgment": "Thank you"},
                    False,
                ),
                (reverse("offer_decline", args=[offer.pk]), {"reason": "Too low"}, True),
            ],
            Offer,
            ["accept", "decline"],
        )
        offer.refresh_from_db()
        assert not (offer.accepted_at and offer.declined_at), "accepted and declined"
        if offer.accepted_at:
            assert accepted.status_code == 302
            assert "Only an open offer can be declined; this one is accepted." in declined.text
        else:
            assert offer.declined_at is not None
            assert accepted.status_code == 200
            assert "Only a received offer can be accepted; this one is declined." in accepted.text
