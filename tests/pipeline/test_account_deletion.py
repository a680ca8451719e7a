"""Deleting an account removes the user and everything they own, after the password again."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation, PreparationItem
from offers.models import Milestone, Offer
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from reminders.models import Notification, Reminder
from tests.support.pipelines import build_pipeline, owned_by

MODELS = (
    Client,
    Invitation,
    PreparationItem,
    ProposalTemplate,
    Proposal,
    ScreeningQuestion,
    Offer,
    Milestone,
    Reminder,
    Notification,
)


@pytest.fixture
def both(now, owner, stranger):
    build_pipeline(owner)
    build_pipeline(stranger)
    return owner, stranger


def test_the_page_says_what_will_be_removed(client, both):
    owner, _ = both
    client.force_login(owner)
    response = client.get(reverse("delete_account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 clients" in html
    assert "1 invitations" in html
    assert "1 preparation notes" in html
    assert "2 proposals" in html
    assert "1 screening questions" in html
    assert "1 milestones" in html
    assert "1 notifications" in html
    assert f"{Reminder.objects.filter(owner=owner).count()} reminders" in html
    assert 'type="password"' in html
    assert "data-confirm=" in html


def test_a_wrong_password_deletes_nothing(client, both):
    owner, _ = both
    before = owned_by(owner)
    client.force_login(owner)
    response = client.post(reverse("delete_account"), {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password; nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert owned_by(owner) == before
    assert client.get(reverse("delete_account")).status_code == 200  # still logged in


def test_no_password_deletes_nothing(client, both):
    owner, _ = both
    client.force_login(owner)
    response = client.post(reverse("delete_account"), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()


def test_the_password_deletes_the_user_and_everything_they_own(client, both):
    owner, stranger = both
    stranger_before = owned_by(stranger)
    assert all(owned_by(owner).values())
    feed = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    client.force_login(owner)

    response = client.post(reverse("delete_account"), {"password": "alice-password-1"})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The account “alice” and everything in it have been deleted."
    ]
    assert not User.objects.filter(pk=owner.pk).exists()
    assert all(count == 0 for count in owned_by(owner).values())
    # Nothing of anyone else's is touched.
    assert owned_by(stranger) == stranger_before
    # Logged out, and the calendar feed is gone.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("delete_account")).status_code == 302
    assert client.get(feed).status_code == 404


def test_the_deletion_needs_a_log_in(client, both):
    response = client.get(reverse("delete_account"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    client.post(reverse("delete_account"), {"password": "alice-password-1"})
    assert User.objects.count() == 2


def test_a_stranger_cannot_delete_my_account_with_my_password(client, both):
    owner, stranger = both
    client.force_login(stranger)
    response = client.post(reverse("delete_account"), {"password": "alice-password-1"})
    assert response.status_code == 200
    assert User.objects.filter(pk__in=[owner.pk, stranger.pk]).count() == 2
