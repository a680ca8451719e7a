"""An offer's expiry, for any input, never comes before it arrives.

Hypothesis draws the inputs. Each example works inside its own savepoint that is rolled back
when the example ends, so examples never see each other's rows; the fixtures' owner and
client are created once per test and only read.
"""

from datetime import UTC, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from offers.models import Offer
from reminders.models import Reminder
from tests.support.properties import PROPERTY, any_notice, elapsed, rolled_back, windows

pytestmark = pytest.mark.django_db


@PROPERTY
@given(
    received=any_notice(),
    expiry_default=windows,
    given_expiry=st.one_of(st.none(), st.timedeltas(-timedelta(days=5), timedelta(days=60))),
)
def test_an_offer_never_expires_before_it_arrives(
    owner, client_record, received, expiry_default, given_expiry
):
    with rolled_back(), override_settings(OFFER_EXPIRY_DEFAULT=expiry_default):
        requested = received - timedelta(hours=1)
        offer = Offer.objects.create(
            owner=owner, client=client_record, job_title="Offer", requested_at=requested
        )
        before = Offer.objects.filter(pk=offer.pk).values().get()
        # A given expiry is a moment the user typed (wall-clock arithmetic in their zone).
        expires_at = None if given_expiry is None else received + given_expiry
        with time_machine.travel(received.astimezone(UTC), tick=False):
            try:
                offer.receive(at=received, expires_at=expires_at)
            except ValidationError as error:
                assert expires_at is not None and elapsed(expires_at, received) <= timedelta(0)
                assert "must expire after it was received" in str(error)
                assert Offer.objects.filter(pk=offer.pk).values().get() == before
                assert not Reminder.objects.filter(kind="offer_expiry").exists()
                return
        offer.refresh_from_db()
        assert offer.expires_at > offer.received_at
        if expires_at is None:
            assert elapsed(offer.expires_at, received) == expiry_default
        else:
            assert offer.expires_at == expires_at.astimezone(UTC)
        for row in Reminder.objects.filter(kind="offer_expiry", subject_id=offer.pk):
            assert row.deadline == offer.expires_at
            assert row.due_at == row.deadline - row.lead < row.deadline
