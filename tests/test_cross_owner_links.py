"""Links across owners: a proposal's template is its owner's, and the invitation and proposal
pages show only the signed-in user's rows, even when the database holds an older cross link."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate

from .conftest import NOW


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
