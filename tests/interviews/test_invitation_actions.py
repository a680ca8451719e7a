"""Start, complete, decline, archive: each a POST that applies the model's rule or explains it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviews.models import Invitation, Status
from tests.support.instants import NOW

ACTIONS = ["start", "complete", "decline", "archive"]


def url(invitation, action):
    return reverse(f"invitation_{action}", args=[invitation.pk])


def snapshot(invitation):
    return model_to_dict(Invitation.objects.get(pk=invitation.pk))


def refused(client, invitation, action, data, message):
    """POST the action, and check that the page explains the refusal and nothing changed."""
    before = snapshot(invitation)
    response = client.post(url(invitation, action), data)
    assert response.status_code == 200
    assertContains(response, message)
    assert response.context["forms"][action].errors
    assert snapshot(invitation) == before
    return response


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def running(make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    return invitation


# Who may act, and how ------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_get_is_not_allowed(signed_in, now, make_invitation, action):
    assert signed_in.get(url(make_invitation(), action)).status_code == 405


@pytest.mark.parametrize("action", ACTIONS)
def test_a_stranger_gets_a_404_and_changes_nothing(client, stranger, now, make_invitation, action):
    invitation = make_invitation()
    before = snapshot(invitation)
    client.force_login(stranger)
    response = client.post(url(invitation, action), {"decline_reason": "Mine now"})
    assert response.status_code == 404
    assert snapshot(invitation) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, now, make_invitation, action):
    invitation = make_invitation()
    before = snapshot(invitation)
    response = client.post(url(invitation, action), {"decline_reason": "Nope"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert snapshot(invitation) == before


# Start -----------------------------------------------------------------------------------


def test_it_starts_the_interview_now(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(url(invitation, "start"), {"started_at": ""}, follow=True)
    invitation.refresh_from_db()
    assert invitation.started_at == NOW
    assert invitation.status == Status.IN_PROGRESS
    assert response.redirect_chain == [(invitation.get_absolute_url(), 302)]
    assertContains(
        response, "Interview started. Complete and submit it by Fri 27 Nov 2026 07:00 EST."
    )


def test_it_records_an_earlier_start_given_in_the_users_zone(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    signed_in.post(url(invitation, "start"), {"started_at": "2026-11-25T05:30"})
    invitation.refresh_from_db()
    assert invitation.started_at == datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    assert invitation.completion_deadline == datetime(2026, 11, 27, 10, 30, tzinfo=UTC)


def test_it_refuses_to_start_an_expired_invitation(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=15))
    response = refused(
        signed_in,
        invitation,
        "start",
        {"started_at": ""},
        "This invitation expired on Tue 24 Nov 2026 07:00 EST",
    )
    assertContains(response, "a start can only be recorded before then")


@pytest.mark.parametrize(
    ("started_at", "message"),
    [
        ("2026-11-25T07:05", "The start time cannot be in the future."),
        ("2026-11-25T01:00", "The interview cannot start before the invitation arrived."),
        ("2026-02-30T10:00", "Enter a valid date/time."),
        ("soon", "Enter a valid date/time."),
    ],
)
def test_it_refuses_a_bad_start_time(signed_in, now, make_invitation, started_at, message):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    refused(signed_in, invitation, "start", {"started_at": started_at}, message)


def test_a_start_typed_in_the_minute_of_a_notice_time_with_seconds_is_that_notice_time(
    signed_in, now, make_invitation
):
    # Notified at 06:40:30 EST (an import keeps seconds); the interview started that minute.
    notified = datetime(2026, 11, 25, 11, 40, 30, tzinfo=UTC)
    invitation = make_invitation(notified_at=notified)
    response = signed_in.post(url(invitation, "start"), {"started_at": "2026-11-25T06:40"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.started_at == notified
    assert invitation.completion_deadline == notified + timedelta(hours=48)


def test_a_start_typed_in_the_minute_before_the_notice_is_still_refused(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=datetime(2026, 11, 25, 11, 40, 30, tzinfo=UTC))
    refused(
        signed_in,
        invitation,
        "start",
        {"started_at": "2026-11-25T06:39"},
        "The interview cannot start before the invitation arrived.",
    )


def test_it_refuses_to_start_twice(signed_in, now, running):
    refused(
        signed_in,
        running,
        "start",
        {},
        "Only a pending invitation can be started; this one is in progress.",
    )


# Complete --------------------------------------------------------------------------------


def test_it_completes_a_running_interview(signed_in, now, running):
    response = signed_in.post(url(running, "complete"), {}, follow=True)
    running.refresh_from_db()
    assert running.completed_at == NOW
    assert running.status == Status.COMPLETED
    assertContains(response, "Interview completed. Next: write the proposal.")


def test_it_records_an_earlier_completion(signed_in, now, running):
    signed_in.post(url(running, "complete"), {"completed_at": "2026-11-25T06:15"})
    running.refresh_from_db()
    assert running.completed_at == datetime(2026, 11, 25, 11, 15, tzinfo=UTC)


def test_it_refuses_to_complete_before_starting(signed_in, now, make_invitation):
    refused(
        signed_in, make_invitation(), "complete", {}, "Start the interview before completing it."
    )


def test_it_refuses_a_completion_before_the_start(signed_in, now, running):
    refused(
        signed_in,
        running,
        "complete",
        {"completed_at": "2026-11-25T04:00"},
        "The interview cannot be completed before it started.",
    )


def test_a_completion_typed_in_the_minute_of_a_start_with_seconds_is_that_start(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    started = datetime(2026, 11, 25, 11, 40, 30, tzinfo=UTC)
    invitation.start(at=started)
    response = signed_in.post(url(invitation, "complete"), {"completed_at": "2026-11-25T06:40"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.completed_at == started
    assert invitation.status == Status.COMPLETED


def test_it_refuses_to_complete_a_lapsed_interview(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=5))
    invitation.start(at=NOW - timedelta(days=3))
    refused(signed_in, invitation, "complete", {}, "a completion can only be recorded before then")


def test_a_start_made_in_time_is_recorded_after_the_window_closed(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=15))  # expired a day ago
    page = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    assertContains(page, "Started before the deadline but not recorded?")
    assertContains(page, "Record the start")
    # 10:00 New York on the day before the deadline: inside the window, 48 h still running.
    response = signed_in.post(
        url(invitation, "start"), {"started_at": "2026-11-23T10:00"}, follow=True
    )
    invitation.refresh_from_db()
    assert invitation.started_at == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert invitation.status == Status.IN_PROGRESS
    assertContains(response, "Interview started. Complete and submit it by")


def test_a_start_recorded_so_late_that_its_completion_window_closed_says_so(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=20))
    response = signed_in.post(
        url(invitation, "start"), {"started_at": "2026-11-10T09:00"}, follow=True
    )
    invitation.refresh_from_db()
    assert invitation.status == Status.LAPSED
    assertContains(response, "Start recorded. Its completion window closed on")


def test_a_start_after_the_deadline_is_still_refused(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=15))
    refused(
        signed_in,
        invitation,
        "start",
        {"started_at": "2026-11-24T08:00"},
        "a start can only be recorded before then",
    )


def test_a_completion_made_in_time_is_recorded_after_the_window_closed(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=5))
    invitation.start(at=NOW - timedelta(days=3))  # lapsed a day ago
    page = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    assertContains(page, "Record the completion")
    started = invitation.started_at.astimezone(ZoneInfo("America/New_York"))
    typed = (started + timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M")
    signed_in.post(url(invitation, "complete"), {"completed_at": typed})
    invitation.refresh_from_db()
    assert invitation.status == Status.COMPLETED
    assert invitation.completed_at == invitation.started_at + timedelta(hours=20)


# Decline ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_to_decline_without_a_reason(signed_in, now, make_invitation, reason):
    response = refused(
        signed_in, make_invitation(), "decline", {"decline_reason": reason}, "Say why you are"
    )
    assert response.context["forms"]["decline"].errors["decline_reason"]


def test_it_declines_with_the_reason(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(
        url(invitation, "decline"), {"decline_reason": "Budget too low"}, follow=True
    )
    invitation.refresh_from_db()
    assert invitation.status == Status.DECLINED
    assert invitation.decline_reason == "Budget too low"
    assert invitation.declined_at == NOW
    assertContains(response, "Invitation declined")


def test_it_refuses_to_decline_a_completed_interview(signed_in, now, running):
    running.complete()
    refused(
        signed_in,
        running,
        "decline",
        {"decline_reason": "Changed my mind"},
        "Only an open invitation can be declined; this one is completed.",
    )


# Archive ---------------------------------------------------------------------------------


def test_it_archives(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=20))
    response = signed_in.post(url(invitation, "archive"), follow=True)
    invitation.refresh_from_db()
    assert invitation.archived_at == NOW
    assert invitation.status == Status.ARCHIVED
    assertContains(response, "Invitation archived")


def test_it_refuses_to_archive_twice(signed_in, now, make_invitation):
    invitation = make_invitation()
    invitation.archive()
    refused(signed_in, invitation, "archive", {}, "This invitation is already archived.")
