"""The channels page: add, test, switch and remove a channel; strangers get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import Channel, ChannelDelivery
from tests.support.channels import Endpoint


@pytest.fixture
def endpoint(settings):
    settings.TRACKER_CHANNELS_ALLOW_PRIVATE = True
    settings.CHANNEL_TIMEOUT = 1
    with Endpoint() as running:
        yield running


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def add(client, url, name="Phone"):
    return client.post(reverse("channel_list"), {"name": name, "url": url, "enabled": "on"})


def test_a_channel_is_added_shown_masked_and_tested(signed_in, owner, endpoint):
    url = endpoint.url("json", "/hook-secret-token-4242")
    response = add(signed_in, url)
    assert response.status_code == 302
    channel = Channel.objects.get(owner=owner)
    page = signed_in.get(reverse("channel_list")).content.decode()
    assert channel.masked_url in page and "4242" in channel.masked_url
    assert "secret-token" not in page
    response = signed_in.post(reverse("channel_test", args=[channel.pk]), follow=True)
    assert "A test message went to “Phone”." in response.content.decode()
    (post,) = endpoint.posts()
    assert post.json()["title"] == "Test from Invitation Tracker"


def test_a_failing_test_reports_the_channels_own_error(signed_in, owner, endpoint):
    add(signed_in, endpoint.url("json", "/fail"))
    channel = Channel.objects.get(owner=owner)
    response = signed_in.post(reverse("channel_test", args=[channel.pk]), follow=True)
    text = response.content.decode()
    assert "did not take the test message" in text and "500" in text


@pytest.mark.parametrize(
    "url, words",
    [
        ("windows://", "not a channel this site sends to"),
        ("file:///etc/passwd", "not a channel this site sends to"),
        ("json://127.0.0.1:8000/hook", "private or local address"),
        ("json://[::1]:8000/hook", "private or local address"),
        ("form://169.254.169.254/latest", "private or local address"),
        ("ntfy://10.0.0.8/topic", "private or local address"),
        ("just words", "no spaces or line breaks"),
        ("example.com/hook", "Enter an Apprise URL"),
    ],
)
def test_an_unsafe_or_unreadable_url_is_refused_and_nothing_is_kept(signed_in, url, words):
    response = add(signed_in, url)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Channel.objects.exists()


def test_a_channel_switches_off_and_is_removed(signed_in, owner, endpoint):
    add(signed_in, endpoint.url("json"))
    channel = Channel.objects.get()
    signed_in.post(reverse("channel_toggle", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.enabled is False
    signed_in.post(reverse("channel_delete", args=[channel.pk]))
    assert not Channel.objects.exists()


def test_failed_messages_are_shown_with_their_error_and_retried(signed_in, owner, endpoint, now):
    add(signed_in, endpoint.url("json"))
    channel = Channel.objects.get()
    ChannelDelivery.objects.create(
        channel=channel,
        title="Start your interview",
        status="failed",
        last_error="Telegram said: chat not found",
        next_attempt_at=timezone.now(),
        attempts=4,
    )
    page = signed_in.get(reverse("channel_list")).content.decode()
    assert "Telegram said: chat not found" in page
    response = signed_in.post(reverse("channel_retry"), follow=True)
    assert "1 failed message will be sent again" in response.content.decode()
    assert ChannelDelivery.objects.get().status == "pending"


def test_a_strangers_channel_is_a_404(client, owner, stranger, endpoint):
    channel = Channel(owner=owner, name="Pixel")
    channel.set_url(endpoint.url("json"))
    channel.save()
    client.force_login(stranger)
    for name in ("channel_test", "channel_toggle", "channel_delete"):
        assert client.post(reverse(name, args=[channel.pk])).status_code == 404
    assert "Pixel" not in client.get(reverse("channel_list")).content.decode()
    assert endpoint.posts() == []
    assert Channel.objects.get().enabled


def test_the_admin_shows_a_reminders_deliveries_with_their_errors_and_retries_them(
    client, owner, endpoint, make_invitation
):
    from django.contrib.auth import get_user_model

    from reminders.models import Reminder

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "root-pw-1")
    client.force_login(admin)
    make_invitation()
    reminder = Reminder.objects.first()
    channel = Channel(owner=owner, name="Pixel")
    channel.set_url(endpoint.url("json", "/token-abcdef-9876"))
    channel.save()
    delivery = ChannelDelivery.objects.create(
        channel=channel,
        reminder=reminder,
        title="Start",
        status="failed",
        last_error="error=500",
        next_attempt_at=timezone.now(),
        attempts=4,
    )
    page = client.get(reverse("admin:reminders_reminder_change", args=[reminder.pk])).text
    assert "Pixel" in page and "error=500" in page
    listing = client.get(reverse("admin:reminders_channel_changelist")).text
    assert "…9876" in listing and "token-abcdef" not in listing
    client.post(
        reverse("admin:reminders_channeldelivery_changelist"),
        {"action": "retry_deliveries", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 0
