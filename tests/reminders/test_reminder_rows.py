"""Reminder rows follow their deadlines: created with them, cancelled when met or gone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from offers.models import Offer
from reminders.models import Reminder
from tests.support.instants import NOW

H = timedelta(hours=1)


def rows(kind, subject, status=Reminder.Status.PENDING):
    return Reminder.objects.filter(kind=kind, subject_id=subject.pk, status=status)


def leads(kind, subject):
    return sorted(rows(kind, subject).values_list("lead", flat=True), reverse=True)


def test_recording_an_invitation_creates_one_row_per_start_lead_time(now, make_invitation):
    invitation = make_invitation(notified_at=NOW)
    assert leads("start_window", invitation) == [72 * H, 24 * H, 2 * H]
    for row in rows("start_window", invitation):
        assert row.deadline == invitation.start_deadline
        assert row.due_at == invitation.start_deadline - row.lead == row.next_attempt_at


def test_starting_cancels_the_start_reminders_and_opens_completion_ones(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - H)
    invitation.start(at=NOW)
    assert not rows("start_window", invitation).exists()
    assert rows("start_window", invitation, Reminder.Status.CANCELLED).count() == 3
    assert leads("completion_window", invitation) == [24 * H, 6 * H, H]
    assert {r.deadline for r in rows("completion_window", invitation)} == {
        invitation.completion_deadline
    }


@pytest.mark.parametrize("action", ["complete", "decline", "archive"])
def test_meeting_or_dropping_the_obligation_cancels_its_reminders(now, make_invitation, action):
    invitation = make_invitation(notified_at=NOW - 2 * H)
    invitation.start(at=NOW - H)
    {
        "complete": lambda: invitation.complete(),
        "decline": lambda: invitation.decline("Not a fit"),
        "archive": lambda: invitation.archive(),
    }[action]()
    assert not Reminder.objects.filter(status=Reminder.Status.PENDING).exists()


def test_correcting_the_notice_time_reschedules_pending_reminders(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - H)
    invitation.refresh_from_db()
    invitation.notified_at = NOW - 3 * H
    invitation.save()
    pending = rows("start_window", invitation)
    assert pending.count() == 3
    assert {r.deadline for r in pending} == {NOW - 3 * H + timedelta(days=14)}


def test_changing_lead_times_reschedules_open_deadlines_only(now, owner, make_invitation):
    open_one = make_invitation(notified_at=NOW - H)
    closed = make_invitation(notified_at=NOW - H, job_title="Closed")
    closed.archive()
    owner.start_reminder_hours = [48, 1]
    owner.save()
    assert leads("start_window", open_one) == [48 * H, H]
    assert not rows("start_window", closed).exists()


def test_saving_without_changing_anything_creates_no_duplicates(now, make_invitation):
    invitation = make_invitation()
    invitation.job_title = "Renamed"
    invitation.save()
    invitation.save()
    assert Reminder.objects.count() == 3


def test_the_database_refuses_a_duplicate_row(now, make_invitation):
    invitation = make_invitation()
    row = rows("start_window", invitation).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            owner=row.owner,
            kind=row.kind,
            subject_id=row.subject_id,
            deadline=row.deadline,
            lead=row.lead,
            due_at=row.due_at,
            next_attempt_at=row.due_at,
        )


def test_a_received_offer_gets_expiry_reminders_cancelled_on_acceptance(now, make_offer):
    offer = make_offer(expires_at=NOW + timedelta(days=5))
    assert leads("offer_expiry", offer) == [48 * H, 6 * H]
    offer.accept("Thank you", terms_reviewed=True)
    assert not rows("offer_expiry", offer).exists()


def test_a_withdrawn_offer_cancels_its_reminders(now, make_offer):
    offer = make_offer()
    offer.withdraw()
    assert not Reminder.objects.filter(status=Reminder.Status.PENDING).exists()


def test_a_submitted_proposal_gets_a_follow_up_nudge_after_n_days(now, owner, make_proposal):
    owner.proposal_followup_days = 5
    owner.save()
    proposal = make_proposal()
    assert not rows("proposal_followup", proposal).exists()
    proposal.submit()
    (nudge,) = rows("proposal_followup", proposal)
    assert nudge.due_at == NOW + timedelta(days=5)


def test_an_offer_answering_the_proposal_cancels_the_nudge(now, owner, make_proposal):
    proposal = make_proposal()
    proposal.submit()
    Offer.objects.create(owner=owner, proposal=proposal, requested_at=NOW, amount=Decimal("10"))
    assert not rows("proposal_followup", proposal).exists()


def test_a_requested_offer_gets_a_nudge_until_it_arrives(now, owner, client_record):
    offer = Offer.objects.create(
        owner=owner, client=client_record, job_title="API", requested_at=NOW - H
    )
    (nudge,) = rows("offer_request_followup", offer)
    assert nudge.due_at == NOW - H + timedelta(days=3)
    offer.receive(at=NOW)
    assert not rows("offer_request_followup", offer).exists()
    assert rows("offer_expiry", offer).count() == 2


def test_deleting_a_subject_cancels_its_reminders(now, make_invitation):
    invitation = make_invitation()
    invitation.delete()
    assert not Reminder.objects.filter(status=Reminder.Status.PENDING).exists()
