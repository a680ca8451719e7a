"""The in-app notification list, its unread count, and marking read."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification


@pytest.fixture
def notes(owner, stranger):
    mine = [
        Notification.objects.create(
            owner=owner, title=f"Start your interview {n}", url="/", created_at=timezone.now()
        )
        for n in range(3)
    ]
    theirs = Notification.objects.create(
        owner=stranger, title="Stranger's reminder", created_at=timezone.now()
    )
    return mine, theirs


def test_the_owner_sees_their_notifications_and_the_unread_count(client, owner, notes):
    client.force_login(owner)
    page = client.get(reverse("notification_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Start your interview 0" in body and "Stranger&#x27;s reminder" not in body
    assert "Stranger's reminder" not in body
    assert page.context["unread_notifications"] == 3


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    page = client.get(reverse("notification_list"))
    assert page.status_code == 302 and "/login/" in page["Location"]


def test_marking_one_read(client, owner, notes):
    mine, _ = notes
    client.force_login(owner)
    response = client.post(reverse("notification_read", args=[mine[0].pk]))
    assert response.status_code == 302
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert owner.notifications.unread().count() == 2


def test_marking_all_read_touches_only_mine(client, owner, notes):
    _, theirs = notes
    client.force_login(owner)
    client.post(reverse("notification_read_all"))
    assert owner.notifications.unread().count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_stranger_cannot_mark_my_notification(client, stranger, notes):
    mine, _ = notes
    client.force_login(stranger)
    assert client.post(reverse("notification_read", args=[mine[0].pk])).status_code == 404
    mine[0].refresh_from_db()
    assert mine[0].read_at is None


def test_marking_read_needs_a_post(client, owner, notes):
    mine, _ = notes
    client.force_login(owner)
    assert client.get(reverse("notification_read", args=[mine[0].pk])).status_code == 405


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    "unread, expected",
    [
        (3, "Marked 3 notifications read."),
        (1, "Marked 1 notification read."),
        (0, "Every notification was already read."),
    ],
)
def test_marking_all_read_says_how_many_in_plain_words(client, owner, notes, unread, expected):
    mine, _ = notes
    for note in mine[unread:]:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    client.force_login(owner)
    response = client.post(reverse("notification_read_all"), follow=True)
    assert messages_of(response) == [expected]


@pytest.mark.parametrize(
    "url, lands_on",
    [
        ("/invitations/", "/invitations/"),
        ("//elsewhere.example/phish", "/notifications/"),
        ("https://elsewhere.example/", "/notifications/"),
    ],
)
def test_opening_a_notification_follows_only_a_link_within_the_site(
    client, owner, notes, url, lands_on
):
    mine, _ = notes
    Notification.objects.filter(pk=mine[0].pk).update(url=url)
    client.force_login(owner)
    response = client.post(reverse("notification_read", args=[mine[0].pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == lands_on
