"""A follow-up nudge goes out once per subject; deadline reminders follow their deadline."""

from datetime import timedelta

import pytest
from django.urls import reverse

from offers.models import Offer
from reminders.models import Reminder
from reminders.tasks import send_due_reminders
from tests.support.followups_admin import change_in_admin, sign_in_admin
from tests.support.instants import NOW

H = timedelta(hours=1)
PENDING, SENT = Reminder.Status.PENDING, Reminder.Status.SENT


def rows(kind, subject, status):
    return Reminder.objects.filter(kind=kind, subject_id=subject.pk, status=status)


def send_the_one_due(kind, subject):
    (row,) = rows(kind, subject, PENDING)
    assert send_due_reminders(now=row.due_at).sent == 1
    return row


@pytest.fixture
def nudged_proposal(now, make_proposal):
    """A submitted proposal whose "no reply" follow-up went out."""
    proposal = make_proposal()
    proposal.submit(at=NOW - H)
    send_the_one_due("proposal_followup", proposal)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def nudged_request(now, owner, client_record):
    """A requested offer whose "not arrived yet" follow-up went out."""
    offer = Offer.objects.create(
        owner=owner, client=client_record, job_title="API", requested_at=NOW - H
    )
    send_the_one_due("offer_request_followup", offer)
    offer.refresh_from_db()
    return offer


def test_editing_a_nudged_proposal_on_its_page_schedules_no_second_nudge(
    nudged_proposal, client, owner
):
    client.force_login(owner)
    page = client.post(
        reverse("proposal_edit", args=[nudged_proposal.pk]),
        {
            "client": nudged_proposal.client_id,
            "job_title": nudged_proposal.job_title,
            "job_url": "",
            "template": "",
            "cover_letter": "Hello Acme, I can help, and here is how.",
            "bid_type": nudged_proposal.bid_type,
            "bid_amount": "60",
            "currency": nudged_proposal.currency,
            "connects_spent": "",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )
    assert page.status_code == 302
    nudged_proposal.refresh_from_db()
    assert nudged_proposal.cover_letter == "Hello Acme, I can help, and here is how."
    assert not rows("proposal_followup", nudged_proposal, PENDING).exists()
    assert rows("proposal_followup", nudged_proposal, SENT).count() == 1


def test_moving_a_nudged_proposals_submission_time_schedules_no_second_nudge(nudged_proposal):
    nudged_proposal.submitted_at = NOW - 2 * H
    nudged_proposal.save()
    assert not rows("proposal_followup", nudged_proposal, PENDING).exists()


def test_moving_the_submission_time_in_the_admin_schedules_no_second_nudge(nudged_proposal, client):
    admin = sign_in_admin(client)
    moved = NOW - 2 * H
    page = change_in_admin(
        admin,
        nudged_proposal,
        submitted_at_0=moved.date().isoformat(),
        submitted_at_1=moved.time().isoformat(),
    )
    assert page.status_code == 302
    nudged_proposal.refresh_from_db()
    assert nudged_proposal.submitted_at == moved
    assert not rows("proposal_followup", nudged_proposal, PENDING).exists()


def test_new_follow_up_days_schedule_no_second_nudge(nudged_proposal, owner):
    owner.proposal_followup_days += 2
    owner.save()
    assert not rows("proposal_followup", nudged_proposal, PENDING).exists()


def test_a_nudge_not_sent_yet_still_follows_the_submission_time(now, make_proposal):
    proposal = make_proposal()
    proposal.submit(at=NOW - H)
    (before,) = rows("proposal_followup", proposal, PENDING)
    proposal.submitted_at = NOW - 2 * H
    proposal.save()
    (after,) = rows("proposal_followup", proposal, PENDING)
    assert after.due_at == before.due_at - H


def test_moving_a_nudged_requests_time_schedules_no_second_nudge(nudged_request):
    nudged_request.requested_at = NOW - 2 * H
    nudged_request.save()
    assert not rows("offer_request_followup", nudged_request, PENDING).exists()
    assert rows("offer_request_followup", nudged_request, SENT).count() == 1


def test_an_offer_expiry_moved_after_a_reminder_gets_reminders_for_its_new_time(now, make_offer):
    offer = make_offer(expires_at=NOW + timedelta(days=5))
    first = rows("offer_expiry", offer, PENDING).order_by("due_at").first()
    assert send_due_reminders(now=first.due_at).sent == 1
    offer.refresh_from_db()
    later = offer.expires_at + timedelta(days=3)
    offer.expires_at = later
    offer.save()
    pending = rows("offer_expiry", offer, PENDING)
    assert {row.deadline for row in pending} == {later}
    assert pending.count() == len(offer.owner.lead_times("offer"))


def test_a_start_window_moved_after_a_reminder_gets_reminders_for_its_new_time(
    now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - H)
    first = rows("start_window", invitation, PENDING).order_by("due_at").first()
    assert send_due_reminders(now=first.due_at).sent == 1
    invitation.refresh_from_db()
    invitation.notified_at = NOW - 2 * H
    invitation.save()
    pending = rows("start_window", invitation, PENDING)
    assert {row.deadline for row in pending} == {invitation.start_deadline}
    assert pending.count() == len(invitation.owner.lead_times("start"))
