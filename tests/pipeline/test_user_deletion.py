"""Deleting a user removes everything of theirs, in the admin and on the account page; a
client with invitations, proposals or offers still cannot be deleted on its own."""

import pytest
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal
from reminders.models import Reminder
from tests.support.pipelines import build_pipeline, owned_by


@pytest.fixture
def both(now, owner, stranger):
    build_pipeline(owner)
    build_pipeline(stranger)
    return owner, stranger


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    return client


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def assert_everything_of_theirs_is_gone(owner, stranger, stranger_before):
    assert not User.objects.filter(pk=owner.pk).exists()
    assert all(count == 0 for count in owned_by(owner).values())
    assert owned_by(stranger) == stranger_before


def test_the_admin_deletes_a_user_with_clients_and_everything_of_theirs(admin_client, both):
    owner, stranger = both
    stranger_before = owned_by(stranger)
    assert all(owned_by(owner).values())
    assert Reminder.objects.filter(owner=owner).exists()
    url = reverse("admin:accounts_user_delete", args=[owner.pk])

    confirm = admin_client.get(url)
    assert confirm.status_code == 200
    assert not confirm.context["protected"]
    assert "Are you sure you want to delete" in confirm.text
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert_everything_of_theirs_is_gone(owner, stranger, stranger_before)


def test_the_admins_delete_action_deletes_users_with_clients(admin_client, both):
    owner, stranger = both
    stranger_before = owned_by(stranger)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [owner.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert_everything_of_theirs_is_gone(owner, stranger, stranger_before)


def test_the_account_page_deletes_the_user_and_everything_of_theirs(client, both):
    owner, stranger = both
    stranger_before = owned_by(stranger)
    client.force_login(owner)
    response = client.post(reverse("delete_account"), {"password": "alice-password-1"})
    assert response.status_code == 302
    assert_everything_of_theirs_is_gone(owner, stranger, stranger_before)


# A client on its own ---------------------------------------------------------------------


def test_a_client_with_an_invitation_is_not_deleted_from_its_pages(
    client, owner, make_invitation, client_record
):
    invitation = make_invitation()
    client.force_login(owner)
    response = client.post(reverse("client_delete", args=[client_record.pk]))
    assert response.status_code == 302
    assert response.url == client_record.get_absolute_url()
    assert shown(response) == [
        "Acme has 1 invitation recorded for it, so it is kept. Nothing was deleted."
    ]
    assert Client.objects.filter(pk=client_record.pk).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_message_names_every_kind_of_record_that_keeps_the_client(
    client, owner, now, client_record, make_proposal, make_offer
):
    make_proposal()
    make_proposal(job_title="Another")
    make_offer()
    client.force_login(owner)
    response = client.post(reverse("client_delete", args=[client_record.pk]))
    assert shown(response) == [
        "Acme has 1 offer and 2 proposals recorded for it, so it is kept. Nothing was deleted."
    ]
    assert Client.objects.filter(pk=client_record.pk).exists()
    assert (Proposal.objects.count(), Offer.objects.count()) == (2, 1)


def test_the_message_asks_for_no_deletion_the_pages_do_not_offer(db):
    """Invitations, proposals and offers are never deleted from the pages (only with the
    account), so a client they keep is not one the user could free by deleting them."""
    for name in ("invitation_delete", "proposal_delete", "offer_delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


def test_a_client_with_nothing_of_theirs_is_deleted_from_its_pages(client, owner, client_record):
    client.force_login(owner)
    response = client.post(reverse("client_delete", args=[client_record.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("client_list")
    assert "Client Acme deleted." in response.text
    assert not Client.objects.filter(pk=client_record.pk).exists()


def test_the_edit_page_offers_to_delete_the_client(client, owner, client_record):
    client.force_login(owner)
    response = client.get(reverse("client_edit", args=[client_record.pk]))
    assert reverse("client_delete", args=[client_record.pk]) in response.text


def test_the_admin_refuses_to_delete_a_client_with_an_invitation(
    admin_client, make_invitation, client_record
):
    make_invitation()
    url = reverse("admin:interviews_client_delete", args=[client_record.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Client.objects.filter(pk=client_record.pk).exists()
    assert Invitation.objects.filter(client=client_record).count() == 1
