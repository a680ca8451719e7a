"""Deadline arithmetic that holds for any input: each window is elapsed time after its event.

Hypothesis draws the inputs. Each example works inside its own savepoint that is rolled back
when the example ends, so examples never see each other's rows; the fixtures' owner and
client are created once per test and only read.
"""

from datetime import UTC, timedelta

import pytest
import time_machine
from django.test import override_settings
from hypothesis import given, note
from hypothesis import strategies as st

from interviews.models import Status
from reminders.models import Reminder
from tests.support.properties import (
    PROPERTY,
    elapsed,
    record,
    rolled_back,
    wall_clock,
    window_and_notice,
    windows,
)

pytestmark = pytest.mark.django_db


# Deadline arithmetic ------------------------------------------------------------------------


@PROPERTY
@given(case=window_and_notice())
def test_the_start_deadline_is_the_window_in_elapsed_time_after_the_notice(
    owner, client_record, case
):
    window, notice = case
    with rolled_back(), override_settings(INTERVIEW_START_WINDOW=window):
        invitation = record(owner, client_record, notice)
        invitation.refresh_from_db()
        assert elapsed(invitation.start_deadline, notice) == window
        # The same instant, stored in UTC. (Compared in UTC: Python never finds a repeated
        # wall time with fold=1 equal to a datetime in another zone, by PEP 495.)
        assert invitation.notified_at == notice.astimezone(UTC)
        assert invitation.start_deadline > invitation.notified_at
        # Across a clock change the wall clock moves by the window plus the change.
        zone = notice.tzinfo
        local_deadline = invitation.start_deadline.astimezone(zone)
        note(f"{notice.isoformat()} -> {local_deadline.isoformat()} ({zone})")
        shift = local_deadline.utcoffset() - notice.utcoffset()
        assert wall_clock(local_deadline) - wall_clock(notice) == window + shift
        # Every reminder row is its lead before that deadline, never after it.
        for row in Reminder.objects.filter(kind="start_window", subject_id=invitation.pk):
            assert row.deadline == invitation.start_deadline
            assert row.due_at == row.deadline - row.lead
            assert row.due_at < row.deadline


@PROPERTY
@given(
    case=window_and_notice(),
    completion=windows,
    into_window=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_the_completion_deadline_is_its_window_in_elapsed_time_after_the_start(
    owner, client_record, case, completion, into_window
):
    start_window, notice = case
    with (
        rolled_back(),
        override_settings(
            INTERVIEW_START_WINDOW=start_window, INTERVIEW_COMPLETION_WINDOW=completion
        ),
    ):
        invitation = record(owner, client_record, notice)
        started = invitation.notified_at + (start_window * into_window)
        started = min(started, invitation.start_deadline - timedelta(microseconds=1))
        started = started.astimezone(notice.tzinfo)
        # Travel to the instant in UTC: given a ZoneInfo, time-machine also sets the process's
        # local zone, and the leap-second "right/" zones then disagree with zoneinfo by seconds.
        with time_machine.travel(started.astimezone(UTC), tick=False):
            invitation.start(at=started)
        invitation.refresh_from_db()
        assert invitation.status_at(started) == Status.IN_PROGRESS
        assert elapsed(invitation.completion_deadline, started) == completion
        assert invitation.notified_at <= invitation.started_at < invitation.start_deadline
        assert invitation.completion_deadline > invitation.started_at
        local = invitation.completion_deadline.astimezone(notice.tzinfo)
        shift = local.utcoffset() - started.utcoffset()
        assert wall_clock(local) - wall_clock(started) == completion + shift
        rows = Reminder.objects.filter(subject_id=invitation.pk)
        assert not rows.filter(kind="start_window", status="pending").exists()
        for row in rows.filter(kind="completion_window"):
            assert row.deadline == invitation.completion_deadline
            assert row.due_at == row.deadline - row.lead < row.deadline
