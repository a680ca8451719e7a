"""The start and completion windows: stored deadlines, and status at every edge."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings

from interviews.models import Invitation, Status
from kit.clock import format_deadline
from tests.support.instants import NOW

SECOND = timedelta(seconds=1)


def status_from_sql(invitation, now):
    return Invitation.objects.with_status(now).get(pk=invitation.pk).current_status


def test_it_stores_the_start_deadline_fourteen_days_after_notice(now, make_invitation):
    invitation = make_invitation(notified_at=NOW)
    invitation.refresh_from_db()
    assert invitation.start_deadline == NOW + timedelta(days=14)
    assert invitation.completion_deadline is None


def test_it_stores_the_completion_deadline_48_hours_after_start(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=3))
    started = NOW - timedelta(hours=5)
    invitation.start(at=started)
    invitation.refresh_from_db()
    assert invitation.started_at == started
    assert invitation.completion_deadline == started + timedelta(hours=48)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-SECOND, Status.PENDING), (timedelta(0), Status.EXPIRED), (SECOND, Status.EXPIRED)],
)
def test_it_is_pending_until_the_start_deadline_then_expired(db, make_invitation, offset, expected):
    invitation = make_invitation(notified_at=NOW)
    moment = invitation.start_deadline + offset
    assert invitation.status_at(moment) == expected
    assert status_from_sql(invitation, moment) == expected
    with time_machine.travel(moment, tick=False):
        assert Invitation.objects.get(pk=invitation.pk).status == expected
        assert Invitation.objects.open().filter(pk=invitation.pk).exists() == (
            expected == Status.PENDING
        )


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-SECOND, Status.IN_PROGRESS), (timedelta(0), Status.LAPSED), (SECOND, Status.LAPSED)],
)
def test_it_is_in_progress_until_the_completion_deadline_then_lapsed(
    now, make_invitation, offset, expected
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=1))
    invitation.start(at=NOW)
    moment = invitation.completion_deadline + offset
    assert invitation.status_at(moment) == expected
    assert status_from_sql(invitation, moment) == expected


def test_it_can_start_one_second_before_the_start_deadline(db, make_invitation):
    invitation = make_invitation(notified_at=NOW)
    last_moment = invitation.start_deadline - SECOND
    with time_machine.travel(last_moment, tick=False):
        invitation.start()
    assert invitation.status_at(last_moment) == Status.IN_PROGRESS


def test_it_cannot_start_at_the_start_deadline(db, make_invitation):
    invitation = make_invitation(notified_at=NOW)
    with (
        time_machine.travel(invitation.start_deadline, tick=False),
        pytest.raises(ValidationError, match="expired"),
    ):
        invitation.start()
    invitation.refresh_from_db()
    assert invitation.started_at is None


def test_it_counts_elapsed_time_across_daylight_saving(db, make_invitation):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    notified = datetime(2026, 3, 1, 10, 0, tzinfo=new_york)
    with time_machine.travel(notified + timedelta(minutes=5), tick=False):
        invitation = make_invitation(notified_at=notified)
    # Clocks spring forward on 8 March 2026: 14 × 24 hours later is 11:00 local time.
    local = invitation.start_deadline.astimezone(new_york)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2026, 3, 15, 11, 0)
    assert invitation.start_deadline - notified == timedelta(days=14)
    assert (
        format_deadline(invitation.start_deadline, invitation.owner) == "Sun 15 Mar 2026 11:00 EDT"
    )


def test_it_shows_deadlines_in_the_users_zone_with_the_zone_named(db, owner, make_invitation):
    invitation = make_invitation(notified_at=datetime(2026, 11, 20, 17, 30, tzinfo=UTC))
    assert format_deadline(invitation.start_deadline, owner) == "Fri 04 Dec 2026 12:30 EST"
    owner.timezone = "Asia/Kolkata"
    assert format_deadline(invitation.start_deadline, owner) == "Fri 04 Dec 2026 23:00 IST"


def test_changing_the_window_settings_does_not_move_stored_deadlines(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=1))
    invitation.start(at=NOW - timedelta(hours=2))
    before = Invitation.objects.get(pk=invitation.pk)
    with override_settings(
        INTERVIEW_START_WINDOW=timedelta(days=3), INTERVIEW_COMPLETION_WINDOW=timedelta(hours=1)
    ):
        after = Invitation.objects.get(pk=invitation.pk)
        after.job_title = "Renamed"
        after.save()
        after.refresh_from_db()
        fresh = make_invitation(notified_at=NOW)
    assert after.start_deadline == before.start_deadline
    assert after.completion_deadline == before.completion_deadline
    assert fresh.start_deadline == NOW + timedelta(days=3)


def test_correcting_the_notice_time_moves_its_deadline_by_the_same_window(now, make_invitation):
    with override_settings(INTERVIEW_START_WINDOW=timedelta(days=10)):
        invitation = make_invitation(notified_at=NOW - timedelta(days=1))
    invitation = Invitation.objects.get(pk=invitation.pk)
    invitation.notified_at = NOW - timedelta(days=2)
    invitation.save()
    invitation.refresh_from_db()
    assert invitation.start_deadline == NOW - timedelta(days=2) + timedelta(days=10)


def test_lists_filter_and_order_by_status_and_next_deadline_in_sql(
    now, make_invitation, django_assert_num_queries
):
    soon = make_invitation(notified_at=NOW - timedelta(days=13))
    later = make_invitation(notified_at=NOW - timedelta(days=1))
    running = make_invitation(notified_at=NOW - timedelta(days=2))
    running.start(at=NOW - timedelta(hours=47))
    expired = make_invitation(notified_at=NOW - timedelta(days=20))
    with django_assert_num_queries(1):
        rows = list(Invitation.objects.with_status().by_next_deadline())
    assert [row.pk for row in rows[:3]] == [running.pk, soon.pk, later.pk]
    assert rows[3].pk == expired.pk and rows[3].current_status == Status.EXPIRED
    assert set(Invitation.objects.status(Status.EXPIRED)) == {expired}
    assert set(Invitation.objects.open()) == {soon, later, running}
    assert list(Invitation.objects.due_soon(timedelta(days=2))) == [running, soon]


def test_status_counts_agree_with_each_status_filter_at_every_edge(now, make_invitation):
    """The one CASE of status_counts and the seven status_q conditions are the same rules."""
    make_invitation(notified_at=NOW - timedelta(days=14) + SECOND)  # pending, a second left
    make_invitation(notified_at=NOW - timedelta(days=14))  # expired at this very instant
    on_edge = make_invitation(notified_at=NOW - timedelta(days=3))
    on_edge.start(at=NOW - timedelta(hours=48))  # lapsed at this very instant
    running = make_invitation(notified_at=NOW - timedelta(days=3))
    running.start(at=NOW - timedelta(hours=48) + SECOND)
    done = make_invitation(notified_at=NOW - timedelta(days=3))
    done.start(at=NOW - timedelta(days=2))
    done.complete(at=NOW - timedelta(days=1))
    make_invitation(notified_at=NOW - timedelta(days=1)).decline("Not a fit", at=NOW)
    archived = make_invitation(notified_at=NOW - timedelta(days=30))
    archived.archived_at = NOW
    archived.save()
    counts = Invitation.objects.status_counts(NOW)
    assert counts == {s.value: Invitation.objects.status(s, now=NOW).count() for s in Status}
    assert all(counts[s] == 1 for s in Status)
    # A moment later the last second of the pending one and of the running one is gone.
    later = Invitation.objects.status_counts(NOW + SECOND)
    assert later[Status.PENDING] == later[Status.IN_PROGRESS] == 0
    assert later[Status.EXPIRED] == later[Status.LAPSED] == 2
    # Counted a status a subquery, each on its own index, they are the same.
    assert Invitation.objects.status_counts_apart(NOW) == counts
    assert Invitation.objects.status_counts_apart(NOW + SECOND) == later


def test_every_invitation_gets_the_four_preparation_points(db, make_invitation):
    invitation = make_invitation()
    points = [item.point for item in invitation.preparation.all()]
    assert points == ["research", "questions", "communication", "examples"]
    item = invitation.preparation.get(point="questions")
    item.done = True
    item.save()
    assert Invitation.objects.get(pk=invitation.pk).preparation_progress == 0.25
    annotated = Invitation.objects.with_preparation().get(pk=invitation.pk)
    assert annotated.preparation_done == 1
