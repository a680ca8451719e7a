"""A client whose records belong to its owner cannot be handed to another user in the admin."""

import pytest
from django.urls import reverse

from interviews.models import Client
from tests.support.followups_admin import change_in_admin, sign_in_admin


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


def test_the_admin_refuses_to_give_a_client_with_invitations_to_another_user(
    admin_client, now, owner, stranger, client_record, make_invitation
):
    invitation = make_invitation()

    page = change_in_admin(admin_client, client_record, owner=stranger.pk)

    assert page.status_code == 200
    [error] = page.context["adminform"].form.errors["owner"]
    assert "alice" in error
    client_record.refresh_from_db()
    assert client_record.owner == owner
    # The owner's invitation still names a client of their own.
    invitation.refresh_from_db()
    assert invitation.client.owner == owner


def test_the_admin_refuses_to_give_away_a_client_with_only_a_proposal(
    admin_client, now, owner, stranger, client_record, make_proposal
):
    make_proposal()

    page = change_in_admin(admin_client, client_record, owner=stranger.pk)

    assert page.status_code == 200
    client_record.refresh_from_db()
    assert client_record.owner == owner


def test_the_admin_gives_a_client_with_no_records_to_another_user(
    admin_client, now, owner, stranger, client_record
):
    page = change_in_admin(admin_client, client_record, owner=stranger.pk)

    assert page.status_code == 302
    assert Client.objects.get(pk=client_record.pk).owner == stranger


def test_the_admin_still_edits_a_client_with_records_for_its_owner(
    admin_client, now, owner, client_record, make_invitation
):
    make_invitation()

    page = change_in_admin(admin_client, client_record, industry="Retail")

    assert page.status_code == 302
    client_record.refresh_from_db()
    assert client_record.industry == "Retail"
    assert reverse("admin:interviews_client_changelist") in page["Location"]
