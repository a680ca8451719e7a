"""An offer deleted or moved away leaves its proposal waiting again: the follow-up returns."""

from datetime import timedelta

import pytest
from django.urls import reverse

from offers.models import Offer
from pipeline.portability import delete_account
from reminders.models import Reminder
from reminders.tasks import send_due_reminders
from tests.support.followups_admin import change_in_admin, sign_in_admin
from tests.support.instants import NOW

H = timedelta(hours=1)


def followups(proposal, status=Reminder.Status.PENDING):
    return Reminder.objects.filter(kind="proposal_followup", subject_id=proposal.pk, status=status)


@pytest.fixture
def submitted(now, make_proposal):
    def make(**fields):
        proposal = make_proposal(**fields)
        proposal.submit(at=NOW - H)
        return proposal

    return make


@pytest.fixture
def answered(submitted):
    """A submitted proposal and the offer requested for it, which stopped its follow-up."""
    proposal = submitted()
    (nudge,) = followups(proposal)
    offer = Offer.request_for(proposal, at=NOW)
    assert not followups(proposal).exists()
    return proposal, offer, nudge


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


def test_deleting_the_offer_schedules_the_follow_up_again(answered):
    proposal, offer, nudge = answered
    offer.delete()
    (again,) = followups(proposal)
    assert (again.deadline, again.due_at) == (nudge.deadline, nudge.due_at)
    assert again.next_attempt_at == nudge.due_at


def test_the_follow_up_of_a_deleted_offers_proposal_is_sent_when_due(answered, owner):
    proposal, offer, nudge = answered
    offer.delete()
    report = send_due_reminders(now=nudge.due_at)
    assert report.sent == 1
    assert followups(proposal, Reminder.Status.SENT).count() == 1


def test_deleting_the_offer_on_its_admin_page_schedules_the_follow_up_again(answered, admin_client):
    proposal, offer, nudge = answered
    page = admin_client.post(reverse("admin:offers_offer_delete", args=[offer.pk]), {"post": "yes"})
    assert page.status_code == 302
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert followups(proposal).get().due_at == nudge.due_at


def test_deleting_offers_with_the_admin_action_schedules_their_follow_ups_again(
    submitted, admin_client
):
    first, second = submitted(job_title="First"), submitted(job_title="Second")
    offers = [Offer.request_for(first, at=NOW), Offer.request_for(second, at=NOW)]
    page = admin_client.post(
        reverse("admin:offers_offer_changelist"),
        {"action": "delete_selected", "_selected_action": [o.pk for o in offers], "post": "yes"},
    )
    assert page.status_code == 302
    assert not Offer.objects.exists()
    assert followups(first).count() == 1
    assert followups(second).count() == 1


def test_a_proposal_with_another_open_offer_stays_without_follow_up(answered, owner):
    proposal, offer, _ = answered
    Offer.objects.create(owner=owner, proposal=proposal, job_title="Again", requested_at=NOW)
    offer.delete()
    assert not followups(proposal).exists()


def test_a_closed_proposal_gets_no_follow_up_back(answered):
    proposal, offer, _ = answered
    proposal.withdraw(at=NOW)
    offer.delete()
    assert not followups(proposal).exists()


def test_a_follow_up_already_sent_is_not_sent_again(submitted, owner):
    proposal = submitted()
    (nudge,) = followups(proposal)
    assert send_due_reminders(now=nudge.due_at).sent == 1
    offer = Offer.objects.create(owner=owner, proposal=proposal, job_title="X", requested_at=NOW)
    offer.delete()
    assert not followups(proposal).exists()
    assert followups(proposal, Reminder.Status.SENT).count() == 1


@pytest.mark.parametrize("to_another", [True, False], ids=["another proposal", "none"])
def test_moving_the_offer_schedules_the_follow_up_of_the_proposal_it_left(
    answered, submitted, to_another
):
    proposal, offer, nudge = answered
    other = submitted(job_title="Other") if to_another else None
    offer.proposal = other
    offer.save()
    assert followups(proposal).get().due_at == nudge.due_at
    if other is not None:
        # The proposal it answers now is no longer waiting.
        assert not followups(other).exists()


def test_moving_the_offer_in_the_admin_schedules_the_follow_up_of_the_proposal_it_left(
    answered, submitted, admin_client
):
    proposal, offer, nudge = answered
    other = submitted(job_title="Other")
    page = change_in_admin(admin_client, offer, proposal=other.pk)
    assert page.status_code == 302
    offer.refresh_from_db()
    assert offer.proposal == other
    assert followups(proposal).get().due_at == nudge.due_at
    assert not followups(other).exists()


def test_deleting_an_account_with_answered_proposals_leaves_no_reminders(answered, owner):
    delete_account(owner)
    assert not Reminder.objects.exists()


def test_deleting_a_user_with_an_answered_proposal_takes_all_their_reminders(
    submitted, owner, admin_client
):
    # Without a client, which would protect the user from deletion in the admin.
    proposal = submitted(client=None)
    Offer.request_for(proposal, at=NOW)
    url = reverse("admin:accounts_user_delete", args=[owner.pk])
    page = admin_client.post(url, {"post": "yes"})
    assert page.status_code == 302
    assert not Offer.objects.exists()
    assert not Reminder.objects.exists()
