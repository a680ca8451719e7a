"""A record's client is its owner's: the admin cannot link another user's, and the client page
shows only the signed-in user's rows, even when the database holds an older cross link."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal
from tests.support.admin_forms import invitation_admin_form
from tests.support.instants import NOW
from tests.support.offer_forms import NO_MILESTONES

NOT_YOURS = "That client is not yours."


@pytest.fixture
def strangers_client(stranger):
    return Client.objects.create(owner=stranger, name="Mallory's Shop")


@pytest.fixture
def admin(client, db):
    root = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(root)
    return client


def admin_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


def proposal_admin_form(owner, client_record):
    return {
        "owner": owner.pk,
        "client": client_record.pk,
        "job_title": "Build a dashboard",
        "status": "draft",
        "bid_type": "hourly",
        "currency": "USD",
        "cover_letter": "Hello",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }


def offer_admin_form(owner, client_record):
    return {
        "owner": owner.pk,
        "client": client_record.pk,
        "job_title": "Build a dashboard",
        "contract_type": "hourly",
        "currency": "USD",
        "amount": "50",
        **NO_MILESTONES,
    }


# Invitations ---------------------------------------------------------------------------


def test_clean_refuses_another_users_client(now, owner, strangers_client):
    invitation = Invitation(
        owner=owner,
        client=strangers_client,
        job_title="Build a dashboard",
        notified_at=NOW - timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as caught:
        invitation.full_clean()
    assert caught.value.message_dict["client"] == [NOT_YOURS]


def test_the_admin_add_page_refuses_another_users_client(now, admin, owner, strangers_client):
    response = admin.post(
        reverse("admin:interviews_invitation_add"),
        invitation_admin_form(owner, strangers_client),
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assertContains(response, NOT_YOURS)
    assert not Invitation.objects.exists()


def test_the_admin_change_page_refuses_another_users_client_and_changes_nothing(
    now, admin, owner, strangers_client, make_invitation
):
    invitation = make_invitation()
    before = model_to_dict(invitation)
    response = admin.post(
        reverse("admin:interviews_invitation_change", args=[invitation.pk]),
        invitation_admin_form(owner, strangers_client),
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assert model_to_dict(Invitation.objects.get(pk=invitation.pk)) == before


def test_the_admin_still_records_an_invitation_with_the_owners_client(
    now, admin, owner, client_record
):
    response = admin.post(
        reverse("admin:interviews_invitation_add"), invitation_admin_form(owner, client_record)
    )
    assert response.status_code == 302
    assert Invitation.objects.get().client == client_record


def test_the_invitation_form_does_not_offer_another_users_client(
    now, client, owner, client_record, strangers_client
):
    client.force_login(owner)
    response = client.post(
        reverse("invitation_new"),
        {
            "client": strangers_client.pk,
            "new_client_name": "",
            "job_title": "Build a dashboard",
            "notified_at": "2026-11-25T06:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["client"]
    assert not Invitation.objects.exists()


# Proposals and offers ------------------------------------------------------------------


def test_the_proposal_admin_refuses_another_users_client(now, admin, owner, strangers_client):
    response = admin.post(
        reverse("admin:proposals_proposal_add"), proposal_admin_form(owner, strangers_client)
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assert not Proposal.objects.exists()


def test_the_proposal_admin_change_page_refuses_another_users_client(
    now, admin, owner, strangers_client, make_proposal
):
    proposal = make_proposal()
    before = model_to_dict(proposal)
    response = admin.post(
        reverse("admin:proposals_proposal_change", args=[proposal.pk]),
        proposal_admin_form(owner, strangers_client),
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assert model_to_dict(Proposal.objects.get(pk=proposal.pk)) == before


def test_the_offer_admin_refuses_another_users_client(now, admin, owner, strangers_client):
    response = admin.post(
        reverse("admin:offers_offer_add"), offer_admin_form(owner, strangers_client)
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assert not Offer.objects.exists()


def test_the_offer_admin_change_page_refuses_another_users_client(
    now, admin, owner, strangers_client, make_offer
):
    offer = make_offer()
    before = model_to_dict(offer)
    response = admin.post(
        reverse("admin:offers_offer_change", args=[offer.pk]),
        offer_admin_form(owner, strangers_client)
        | {"received_at_0": "2026-11-25", "received_at_1": "11:00:00"},
    )
    assert response.status_code == 200
    assert admin_errors(response, "client") == [NOT_YOURS]
    assert model_to_dict(Offer.objects.get(pk=offer.pk)) == before


# The client page -----------------------------------------------------------------------


@pytest.fixture
def planted(now, stranger, client_record):
    """The stranger's rows linked to alice's client, written past the models' checks."""
    Invitation.objects.create(
        owner=stranger,
        client=client_record,
        job_title="Mallory's secret interview",
        notified_at=NOW - timedelta(hours=2),
    )
    Proposal.objects.create(
        owner=stranger, client=client_record, job_title="Mallory's secret proposal"
    )
    Offer.objects.create(
        owner=stranger,
        client=client_record,
        job_title="Mallory's secret offer",
        received_at=NOW - timedelta(hours=1),
        amount=Decimal("99"),
    )


def test_the_client_page_shows_only_the_users_own_rows(
    client, owner, client_record, planted, make_invitation, make_proposal, make_offer
):
    make_invitation(job_title="Alice's interview")
    make_proposal(job_title="Alice's proposal")
    make_offer(job_title="Alice's offer")
    client.force_login(owner)
    response = client.get(reverse("client_detail", args=[client_record.pk]))
    assert response.status_code == 200
    for mine in ("Alice&#x27;s interview", "Alice&#x27;s proposal", "Alice&#x27;s offer"):
        assertContains(response, mine)
    assertNotContains(response, "secret")


def test_the_client_page_says_none_yet_when_only_planted_rows_exist(
    client, owner, client_record, planted
):
    client.force_login(owner)
    response = client.get(reverse("client_detail", args=[client_record.pk]))
    assertContains(response, "No invitations from Acme yet.")
    assertContains(response, "No proposals to Acme yet.")
    assertContains(response, "No offers from Acme yet.")
    assertNotContains(response, "secret")
