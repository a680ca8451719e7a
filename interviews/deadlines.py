"""The two interview windows, declared to the reminders app."""

from kit.clock import format_deadline, time_left
from reminders.registry import DeadlineKind, Plan

from .models import Invitation


def _open(invitation):
    return not (invitation.declined_at or invitation.archived_at or invitation.completed_at)


def start_plan(invitation):
    if invitation.started_at or not _open(invitation):
        return None
    return Plan(invitation.start_deadline, tuple(invitation.owner.lead_times("start")))


def completion_plan(invitation):
    if not invitation.started_at or not _open(invitation):
        return None
    return Plan(invitation.completion_deadline, tuple(invitation.owner.lead_times("completion")))


def start_message(invitation, reminder, now):
    closes = format_deadline(reminder.deadline, invitation.owner)
    left = time_left(reminder.deadline, now)
    subject = f"Start your interview with {invitation.client.name} — {left} left, closes {closes}"
    body = (
        f"The start window for “{invitation.job_title}” with {invitation.client.name} closes "
        f"on {closes}. Start the interview within {left}, or it expires and cannot be "
        "started later."
    )
    return subject, body


def completion_message(invitation, reminder, now):
    closes = format_deadline(reminder.deadline, invitation.owner)
    left = time_left(reminder.deadline, now)
    subject = (
        f"Complete your interview with {invitation.client.name} — {left} left, closes {closes}"
    )
    body = (
        f"The interview for “{invitation.job_title}” with {invitation.client.name} must be "
        f"completed and submitted by {closes}: {left} left."
    )
    return subject, body


def _open_invitations(user):
    return Invitation.objects.filter(
        owner=user, declined_at__isnull=True, archived_at__isnull=True, completed_at__isnull=True
    )


START_WINDOW = DeadlineKind(
    name="start_window",
    model=Invitation,
    label="Start window",
    plan=start_plan,
    open_subjects=lambda user: _open_invitations(user).filter(started_at__isnull=True),
    message=start_message,
    select_related=("owner", "client"),
)

COMPLETION_WINDOW = DeadlineKind(
    name="completion_window",
    model=Invitation,
    label="Completion window",
    plan=completion_plan,
    open_subjects=lambda user: _open_invitations(user).filter(started_at__isnull=False),
    message=completion_message,
    select_related=("owner", "client"),
)

KINDS = (START_WINDOW, COMPLETION_WINDOW)
