"""Links across owners: a proposal's template is its owner's, and the invitation and proposal
pages show only the signed-in user's rows, even when the database holds an older cross link."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate
from reminders.models import Reminder
from reminders.registry import sync
from tests.support.instants import NOW


@pytest.fixture
def invitation(make_invitation):
    return make_invitation(job_title="Alice's interview")


@pytest.fixture
def proposal(make_proposal, invitation):
    return make_proposal(invitation=invitation, job_title="Alice's proposal")


@pytest.fixture
def planted(stranger, invitation, proposal):
    """The stranger's rows hung on alice's invitation and proposal, past the models' checks."""
    stray = Proposal.objects.create(
        owner=stranger, invitation=invitation, job_title="Mallory's secret proposal"
    )
    for target, title in ((proposal, "Mallory's secret offer"), (stray, "Mallory's other offer")):
        Offer.objects.create(
            owner=stranger,
            proposal=target,
            job_title=title,
            received_at=NOW - timedelta(hours=1),
            amount=Decimal("99"),
        )


def test_the_invitation_page_shows_only_the_users_own_proposals_and_offers(
    client, owner, invitation, proposal, planted, make_offer
):
    make_offer(proposal=proposal, job_title="Alice's offer")
    client.force_login(owner)
    response = client.get(reverse("invitation_detail", args=[invitation.pk]))
    assert response.status_code == 200
    assertContains(response, reverse("proposal_detail", args=[proposal.pk]))
    assertNotContains(response, "Mallory")
    stray = Proposal.objects.get(owner__username="mallory")
    assertNotContains(response, reverse("proposal_detail", args=[stray.pk]))
    for offer in Offer.objects.filter(owner__username="mallory"):
        assertNotContains(response, reverse("offer_detail", args=[offer.pk]))
    mine = Offer.objects.get(job_title="Alice's offer")
    assertContains(response, reverse("offer_detail", args=[mine.pk]))


def test_the_proposal_page_shows_only_the_users_own_offers(
    client, owner, proposal, planted, make_offer
):
    mine = make_offer(proposal=proposal, job_title="Alice's offer")
    client.force_login(owner)
    response = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    assertContains(response, reverse("offer_detail", args=[mine.pk]))
    for offer in Offer.objects.filter(owner__username="mallory"):
        assertNotContains(response, reverse("offer_detail", args=[offer.pk]))
    assertNotContains(response, "Mallory")


def test_a_proposal_cannot_use_another_users_template(owner, stranger, make_proposal):
    theirs = ProposalTemplate.objects.create(owner=stranger, name="Mallory's", body="Hi")
    proposal = make_proposal()
    proposal.template = theirs
    with pytest.raises(ValidationError) as refused:
        proposal.full_clean()
    assert refused.value.message_dict["template"] == ["That template is not yours."]
    proposal.template = ProposalTemplate.objects.create(owner=owner, name="Mine", body="Hi")
    proposal.full_clean()


def stray_invitation(stranger, client_record):
    """The stranger's invitation hung on alice's client, past the models' checks."""
    return Invitation.objects.create(
        owner=stranger,
        client=client_record,
        job_title="Mallory's secret interview",
        notified_at=NOW - timedelta(hours=2),
    )


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_a_client_names_only_the_users_own_records(
    client, owner, stranger, client_record, make_invitation
):
    make_invitation()
    stray_invitation(stranger, client_record)
    client.force_login(owner)
    response = client.post(reverse("client_delete", args=[client_record.pk]))
    assert flash(response) == [
        "Acme has 1 invitation recorded for it, so it is kept. Nothing was deleted."
    ]
    assert Invitation.objects.count() == 2


def test_a_client_kept_only_by_another_accounts_records_says_so_without_naming_them(
    client, owner, stranger, client_record
):
    stray_invitation(stranger, client_record)
    client.force_login(owner)
    response = client.post(reverse("client_delete", args=[client_record.pk]))
    assert flash(response) == [
        "Acme is still linked to records of another account, so it cannot be deleted; an "
        "administrator can unlink them. Nothing was deleted."
    ]
    assert Client.objects.filter(pk=client_record.pk).exists()


def test_the_client_list_counts_only_the_users_own_invitations(
    now, client, owner, stranger, client_record, make_invitation
):
    make_invitation()
    stray_invitation(stranger, client_record)
    client.force_login(owner)
    (row,) = client.get(reverse("client_list")).context["page_obj"]
    assert (row.invitation_count, row.open_count) == (1, 1)


def test_an_account_whose_client_another_account_points_at_is_kept_with_a_message(
    client, owner, stranger, client_record
):
    stray_invitation(stranger, client_record)
    client.force_login(owner)
    response = client.post(reverse("delete_account"), {"password": "alice-password-1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Records of another account refer to one of your clients, so the account cannot be "
        "deleted yet; an administrator can unlink them. Nothing was deleted."
    ]
    assert Client.objects.filter(pk=client_record.pk).exists()
    assert response.wsgi_request.user == owner  # still signed in


def test_another_accounts_offer_on_a_proposal_does_not_stop_its_follow_up(
    now, stranger, make_proposal
):
    proposal = make_proposal()
    proposal.submit(at=NOW - timedelta(hours=1))
    Offer.objects.create(
        owner=stranger,
        proposal=proposal,
        job_title="Mallory's offer",
        received_at=NOW,
        amount=Decimal("9"),
    )
    proposal.refresh_from_db()
    sync(proposal)
    followups = Reminder.objects.filter(kind="proposal_followup", subject_id=proposal.pk)
    assert followups.filter(status=Reminder.Status.PENDING).count() == 1


def test_the_offer_page_names_no_other_accounts_proposal_or_invitation(client, stranger, planted):
    theirs = Offer.objects.get(job_title="Mallory's secret offer")
    client.force_login(stranger)
    response = client.get(reverse("offer_detail", args=[theirs.pk]))
    assert response.status_code == 200
    assertNotContains(response, "Alice's")
    assertNotContains(response, "From Acme")
    assertNotContains(response, reverse("proposal_detail", args=[theirs.proposal_id]))
