"""Bad input on an interview's actions: deadlines passed, events out of order.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.support.bad_input import (
    LATER_TODAY,
    Case,
    local,
    preparation_form,
    start,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # The interview's actions: deadlines passed, events out of order.
    Case(
        "start-an-expired-invitation",
        lambda w: start(w, "expired"),
        None,
        {},
        lambda w: (
            f"This invitation expired on {local(w, w.expired.start_deadline)}: a start can only "
            "be recorded before then."
        ),
    ),
    Case(
        "start-before-the-invitation-arrived",
        start,
        None,
        {"started_at": "2026-11-25T05:00"},
        "The interview cannot start before the invitation arrived.",
    ),
    Case(
        "start-in-the-future",
        start,
        None,
        {"started_at": LATER_TODAY},
        "The start time cannot be in the future.",
    ),
    Case(
        "start-at-an-hour-that-does-not-exist",
        start,
        None,
        {"started_at": "2026-11-25T25:00"},
        "Enter a valid date/time.",
    ),
    Case(
        "start-in-the-year-9999",
        start,
        None,
        {"started_at": "9999-12-31T23:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case(
        "complete-before-it-started",
        lambda w: reverse("invitation_complete", args=[w.started.pk]),
        None,
        {"completed_at": "2026-11-25T06:15"},
        "The interview cannot be completed before it started.",
    ),
    Case(
        "complete-before-starting",
        lambda w: reverse("invitation_complete", args=[w.pending.pk]),
        None,
        {},
        "Start the interview before completing it.",
    ),
    Case(
        "decline-without-a-reason",
        lambda w: reverse("invitation_decline", args=[w.pending.pk]),
        None,
        {"decline_reason": "   "},
        "Say why you are declining.",
    ),
    Case(
        "preparation-item-of-another-invitation",
        lambda w: reverse("preparation_update", args=[w.pending.pk]),
        preparation_form,
        {"prep-0-id": lambda w: w.strangers_item.pk},
        "This checklist does not match the invitation's points; reload the page and try again.",
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_bad_input_is_refused_with_its_message_and_changes_nothing(case, world, client, owner):
    if not case.anonymous:
        client.force_login(owner)
    url = case.url(world)
    data = case.data(world)
    message = case.message(world) if callable(case.message) else case.message
    before = snapshot()
    response = client.post(url, data, follow=case.follow)
    assert response.status_code == 200, response.status_code
    assert escape(message) in response.content.decode(), message
    assert not changes(before, snapshot())
