"""Properties of an invitation's life that hold for any sequence of actions: its states and
its reminder rows.

Hypothesis draws the inputs. Each example works inside its own savepoint that is rolled back
when the example ends, so examples never see each other's rows; the fixtures' owner and
client are created once per test and only read.
"""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from interviews.models import Invitation, Status
from reminders.models import Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW
from tests.support.properties import MINUTE, record

pytestmark = pytest.mark.django_db


# Status transitions and reminder rows -------------------------------------------------------

OPEN = (Status.PENDING, Status.IN_PROGRESS)


def minutes(low, high):
    return st.integers(min_value=low, max_value=high).map(lambda m: m * MINUTE)


HOUR, DAY = 60, 24 * 60


# How far back an action dates its event (negative: a time in the future): mostly now or a
# little earlier, sometimes days back, across a window's end, or ahead of the clock.
backdating = st.one_of(
    st.just(timedelta(0)),
    minutes(0, 3 * HOUR),
    minutes(0, 20 * DAY),
    minutes(-2 * DAY, 0),
)


# How old the notification is when the invitation is recorded: often close to the start
# deadline, where its reminders come due.
notice_age = st.one_of(minutes(0, 2 * DAY), minutes(11 * DAY, 14 * DAY), minutes(0, 20 * DAY))


# Time passing between actions: minutes, hours, or days.
clock_steps = st.one_of(minutes(1, 3 * HOUR), minutes(1, 2 * DAY), minutes(1, 10 * DAY))


lead_hours = st.lists(st.integers(min_value=1, max_value=720), min_size=0, max_size=4, unique=True)


class InvitationLifecycle(RuleBasedStateMachine):
    """Random sequences of what a freelancer can do to one invitation, while time passes.

    Each action first asks an independent oracle whether it is allowed. An allowed action
    must succeed; a forbidden one must raise ValidationError and change nothing, neither the
    invitation nor its reminders. After every step the row must be in a possible state and
    its pending reminders must follow the open deadline.
    """

    owner_pk = None
    client_pk = None
    outcomes = Counter()  # what the runs exercised, across examples

    def __init__(self):
        super().__init__()
        self.transaction = transaction.atomic()
        self.transaction.__enter__()
        self.clock = time_machine.travel(NOW, tick=False)
        self.traveller = self.clock.start()
        mail.outbox = []
        self.owner = User.objects.get(pk=self.owner_pk)
        self.invitation = None

    def teardown(self):
        self.clock.stop()
        transaction.set_rollback(True)
        self.transaction.__exit__(None, None, None)

    # Helpers ---------------------------------------------------------------------------

    def now(self):
        return timezone.now()

    def row(self):
        return Invitation.objects.select_related("owner").get(pk=self.invitation.pk)

    def snapshot(self):
        reminders = Reminder.objects.filter(subject_id=self.invitation.pk).order_by("pk")
        invitation = Invitation.objects.filter(pk=self.invitation.pk).values().get()
        return invitation, list(reminders.values())

    def attempt(self, allowed, action):
        outcome = f"{self.action} {'allowed' if allowed else 'refused'}"
        event(outcome)
        self.outcomes[outcome] += 1
        before = self.snapshot()
        if allowed:
            action()
            return
        with pytest.raises(ValidationError):
            action()
        assert self.snapshot() == before, "a refused action changed the row or its reminders"

    def window_open_at(self, row, at):
        return row.status_at(at) in OPEN

    # Actions ---------------------------------------------------------------------------

    @initialize(age=notice_age)
    def record(self, age):
        client = self.owner.clients.get(pk=self.client_pk)
        self.invitation = record(self.owner, client, self.now() - age)

    # One rule for the freelancer's actions, so that each run mixes all of them.
    @rule(
        # Starting and completing need the right moment, so they are tried more often.
        action=st.sampled_from(
            ["start", "start", "complete", "complete", "decline", "archive", "correct_notice"]
        ),
        back=backdating,
        reason=st.sampled_from(["Not a fit", "   ", "Rate too low"]),
    )
    def act(self, action, back, reason):
        self.action = action
        getattr(self, action)(back, reason)

    def start(self, back, reason):
        row, at = self.row(), self.now() - back
        allowed = (
            at <= self.now()
            and row.status_at(at) == Status.PENDING
            and row.notified_at <= at < row.start_deadline
        )
        self.attempt(allowed, lambda: self.invitation.start(at=at))

    def complete(self, back, reason):
        row, at = self.row(), self.now() - back
        allowed = (
            at <= self.now()
            and row.status_at(at) == Status.IN_PROGRESS
            and row.started_at <= at < row.completion_deadline
        )
        self.attempt(allowed, lambda: self.invitation.complete(at=at))

    def decline(self, back, reason):
        row, at = self.row(), self.now() - back
        allowed = (
            bool(reason.strip())
            and at <= self.now()
            and self.window_open_at(row, at)
            and at >= row.notified_at
        )
        self.attempt(allowed, lambda: self.invitation.decline(reason, at=at))

    def archive(self, back, reason):
        row, at = self.row(), self.now() - back
        allowed = (
            not (row.archived_at or row.declined_at) and at <= self.now() and at >= row.notified_at
        )
        self.attempt(allowed, lambda: self.invitation.archive(at=at))

    def correct_notice(self, back, reason):
        """Correct the notification time, as the edit page does: full_clean, then save."""
        row, at = self.row(), self.now() - back
        window = row.start_deadline - row.notified_at
        allowed = (
            at <= self.now()
            and (row.started_at is None or at <= row.started_at < at + window)
            and (row.declined_at is None or row.declined_at >= at)
            and (row.archived_at is None or row.archived_at >= at)
        )
        row.notified_at = at

        def save():
            row.full_clean()
            row.save()

        self.attempt(allowed, save)

    @rule(start=lead_hours, completion=lead_hours)
    def change_lead_times(self, start, completion):
        self.owner.start_reminder_hours = start
        self.owner.completion_reminder_hours = completion
        self.owner.save()

    @rule(by=clock_steps, queue_running=st.booleans())
    def advance_clock(self, by, queue_running):
        self.traveller.shift(by)
        if queue_running:  # the queue sweeps every minute; when it is down, nothing runs
            self.sweep()

    @rule()
    def sweep(self):
        now = self.now()
        report = send_due_reminders(now=now)
        self.outcomes["sweep sent"] += report.sent
        self.outcomes["sweep skipped"] += report.skipped
        self.outcomes["sweep cancelled"] += report.cancelled
        due = Reminder.objects.filter(subject_id=self.invitation.pk, next_attempt_at__lte=now)
        # Everything due was dealt with: nothing left pending, and a closed window's
        # reminders (deadline passed) were skipped, not sent late.
        assert not due.filter(status__in=["pending", "sending"]).exists()
        carried = [pk for m in mail.outbox for pk in m.reminder_pks]
        assert len(carried) == len(set(carried)), "a reminder was e-mailed twice"
        sent = Reminder.objects.filter(subject_id=self.invitation.pk, status="sent")
        assert {r.pk for r in sent} == set(carried)

    # Invariants ------------------------------------------------------------------------

    @invariant()
    def the_invitation_and_its_reminders_are_in_a_possible_state(self):
        if self.invitation is None:
            return
        row = self.row()
        self.the_invitation_is_in_a_possible_state(row)
        self.pending_reminders_follow_the_open_deadline(row)

    def the_invitation_is_in_a_possible_state(self, row):
        now = self.now()
        status = row.status_at(now)
        assert status in Status.values
        annotated = Invitation.objects.with_status(now).get(pk=row.pk)
        assert annotated.current_status == status, "SQL and Python disagree on the status"
        assert annotated.next_deadline == row.current_deadline
        assert row.start_deadline - row.notified_at == django_settings.INTERVIEW_START_WINDOW
        if row.started_at is None:
            assert row.completion_deadline is None and row.completed_at is None
        else:
            assert row.notified_at <= row.started_at < row.start_deadline
            window = django_settings.INTERVIEW_COMPLETION_WINDOW
            assert row.completion_deadline - row.started_at == window
        if row.completed_at is not None:
            assert row.started_at <= row.completed_at < row.completion_deadline
        if row.declined_at is not None:
            assert row.decline_reason.strip() and row.declined_at >= row.notified_at
        assert not (row.declined_at and row.archived_at)
        for moment in (row.started_at, row.completed_at, row.declined_at, row.archived_at):
            assert moment is None or row.notified_at <= moment <= now

    def pending_reminders_follow_the_open_deadline(self, row):
        closed = row.completed_at or row.declined_at or row.archived_at
        wanted = set()
        if not closed and row.started_at is None:
            wanted = {
                ("start_window", row.start_deadline, lead) for lead in row.owner.lead_times("start")
            }
        elif not closed:
            wanted = {
                ("completion_window", row.completion_deadline, lead)
                for lead in row.owner.lead_times("completion")
            }
        reminders = list(Reminder.objects.filter(subject_id=row.pk))
        pending = {(r.kind, r.deadline, r.lead) for r in reminders if r.status == "pending"}
        assert pending <= wanted, "a reminder is pending for a deadline that is not open"
        live = {(r.kind, r.deadline, r.lead) for r in reminders if r.status != "cancelled"}
        assert wanted <= live, "an open deadline is missing a reminder"
        for r in reminders:
            assert r.due_at == r.deadline - r.lead
            if r.status == "sent":
                assert r.due_at <= r.sent_at < r.deadline, "sent early, or after its deadline"


def test_no_sequence_of_actions_reaches_an_impossible_state(owner, client_record):
    InvitationLifecycle.owner_pk = owner.pk
    InvitationLifecycle.client_pk = client_record.pk
    run_state_machine_as_test(
        InvitationLifecycle,
        settings=settings(
            max_examples=40,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    print("state machine:", dict(sorted(InvitationLifecycle.outcomes.items())))


# Cases the state machine found, kept as plain examples ----------------------------------


def test_correcting_the_notice_time_through_full_clean_moves_the_deadline_once(
    now, make_invitation
):
    # A form (or the admin) runs full_clean(), whose clean() computes the deadlines, and then
    # save(), which computed them again and moved the deadline a second time.
    invitation = Invitation.objects.get(pk=make_invitation(notified_at=NOW - MINUTE).pk)
    invitation.notified_at = NOW - timedelta(days=2)
    invitation.full_clean()
    invitation.save()
    invitation.refresh_from_db()
    assert invitation.start_deadline == NOW - timedelta(days=2) + timedelta(days=14)
    pending = Reminder.objects.filter(subject_id=invitation.pk, status="pending")
    assert {row.deadline for row in pending} == {invitation.start_deadline}


def test_the_notice_cannot_be_corrected_to_after_the_invitation_was_archived(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=2))
    invitation.archive(at=NOW - timedelta(days=1))
    invitation = Invitation.objects.get(pk=invitation.pk)
    invitation.notified_at = NOW - timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        invitation.full_clean()
    (message,) = caught.value.message_dict["archived_at"]
    assert message.startswith("You archived this invitation on ")
    assert message.endswith("; it cannot have arrived later.")


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (NOW + MINUTE, "The archive time cannot be in the future."),
        (NOW - timedelta(days=3), "An invitation cannot be archived before it arrived."),
    ],
)
def test_archiving_refuses_a_time_in_the_future_or_before_the_invitation(
    now, make_invitation, at, message
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=2))
    before = Invitation.objects.filter(pk=invitation.pk).values().get()
    with pytest.raises(ValidationError) as caught:
        invitation.archive(at=at)
    assert caught.value.message_dict["archived_at"] == [message]
    assert Invitation.objects.filter(pk=invitation.pk).values().get() == before
