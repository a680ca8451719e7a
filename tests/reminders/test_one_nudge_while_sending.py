"""A one-time nudge whose subject changes while a sweep is sending it: it still goes out,
exactly once, whether that sweep's send wins or the change does."""

import uuid
from datetime import timedelta

from django.core import mail
from django.core.mail import get_connection

from reminders.models import Reminder
from reminders.tasks import SweepReport, claim, process, send_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)


def followups(proposal):
    return Reminder.objects.filter(kind="proposal_followup", subject_id=proposal.pk)


def submitted(make_proposal):
    proposal = make_proposal()
    proposal.submit(at=NOW - H)
    (row,) = followups(proposal)
    return proposal, row


def move_the_submission(proposal, by):
    proposal.refresh_from_db()
    proposal.submitted_at -= by
    proposal.save()


def test_a_change_made_after_the_claim_still_leaves_one_nudge_to_send(now, make_proposal):
    proposal, row = submitted(make_proposal)
    token = uuid.uuid4()
    claimed = claim(token, row.due_at, [row.pk])
    move_the_submission(proposal, H)  # the follow-up now falls an hour earlier
    process(claimed, token, row.due_at, SweepReport(), get_connection())
    row.refresh_from_db()
    assert row.status == Reminder.Status.CANCELLED
    assert len(mail.outbox) == 0
    report = send_due_reminders(now=row.due_at + timedelta(days=1))
    assert report.sent == 1
    assert len(mail.outbox) == 1
    assert list(followups(proposal).values_list("status", flat=True).order_by("pk")) == [
        Reminder.Status.CANCELLED,
        Reminder.Status.SENT,
    ]


def test_a_change_made_while_the_nudge_went_out_sends_no_second_one(now, make_proposal):
    proposal, row = submitted(make_proposal)
    token = uuid.uuid4()
    claimed = claim(token, row.due_at, [row.pk])
    process(claimed, token, row.due_at, SweepReport(), get_connection())
    assert len(mail.outbox) == 1
    # The edit was read before the sweep marked its row sent: a row for the new date exists.
    Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.SENDING)
    move_the_submission(proposal, H)
    Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.SENT)
    (later,) = followups(proposal).filter(status=Reminder.Status.PENDING)
    report = send_due_reminders(now=later.due_at + H)
    assert report.sent == 0
    assert len(mail.outbox) == 1
    later.refresh_from_db()
    assert later.status == Reminder.Status.CANCELLED
    assert later.note == "This nudge was already sent once."
