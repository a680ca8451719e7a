"""Two requests racing to change one invitation: one wins, the other gets the model's message.

Real threads, each with its own database connection, on the file-backed test database. Each
request loads the record (still open) and then waits at a barrier, so both hold a stale copy
when they act: only the transition's re-read under the write lock can stop the second.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from interviews.models import Invitation
from tests.support.instants import NOW
from tests.support.races import ROUNDS, race

pytestmark = pytest.mark.django_db(transaction=True)


def start_url(invitation):
    return reverse("invitation_start", args=[invitation.pk])


def decline(invitation, reason="Found other work"):
    return (reverse("invitation_decline", args=[invitation.pk]), {"decline_reason": reason}, False)


def test_starting_twice_at_once_starts_once(now, owner, make_invitation):
    for _ in range(ROUNDS):
        invitation = make_invitation()
        responses = race(owner, [(start_url(invitation), {}, False)] * 2, Invitation, ["start"])
        assert sorted(r.status_code for r in responses) == [200, 302]
        (loser,) = [r for r in responses if r.status_code == 200]
        assert "Only a pending invitation can be started; this one is in progress." in loser.text
        invitation.refresh_from_db()
        assert invitation.started_at == NOW
        assert invitation.completion_deadline == NOW + timedelta(hours=48)


def test_completing_and_declining_at_once_one_wins_and_the_other_is_told_why(
    now, owner, make_invitation
):
    for _ in range(ROUNDS):
        invitation = make_invitation()
        invitation.start(NOW - timedelta(minutes=30))
        completed, declined = race(
            owner,
            [
                (reverse("invitation_complete", args=[invitation.pk]), {}, False),
                decline(invitation),
            ],
            Invitation,
            ["complete", "decline"],
        )
        invitation.refresh_from_db()
        assert not (invitation.completed_at and invitation.declined_at), "both"
        if invitation.completed_at:
            assert (completed.status_code, declined.status_code) == (302, 200)
            assert (
                "Only an open invitation can be declined; this one is completed." in declined.text
            )
        else:
            assert invitation.declined_at and invitation.decline_reason == "Found other work"
            assert (completed.status_code, declined.status_code) == (200, 302)
            assert (
                "Only an interview in progress can be completed; this one is declined."
                in completed.text
            )


def test_starting_and_declining_at_once_ends_as_one_order_or_the_other(now, owner, make_invitation):
    """Declining a running interview is allowed, so "start, then decline" is a legal order.

    Whichever order the database picks, the result is what that order gives one request
    after the other: never a start or a decline reported as done and then lost.
    """
    for _ in range(ROUNDS):
        invitation = make_invitation()
        started, declined = race(
            owner,
            [(start_url(invitation), {}, False), decline(invitation)],
            Invitation,
            ["start", "decline"],
        )
        invitation.refresh_from_db()
        assert declined.status_code == 302
        assert invitation.declined_at == NOW
        assert invitation.decline_reason == "Found other work"
        if started.status_code == 302:
            # Started first, then declined while running: both changes kept.
            assert invitation.started_at == NOW
            assert invitation.completion_deadline == NOW + timedelta(hours=48)
        else:
            # Declined first: the start was refused with the model's message.
            assert started.status_code == 200
            assert "Only a pending invitation can be started; this one is declined." in (
                started.text
            )
            assert invitation.started_at is None and invitation.completion_deadline is None
        assert invitation.status == "declined"
