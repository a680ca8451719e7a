"""Channel deliveries reach a real HTTP endpoint on loopback through Apprise's own schemes."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from reminders.channels import send_channel_deliveries, send_test
from reminders.models import Channel, ChannelDelivery, Reminder
from reminders.tasks import send_due_reminders
from tests.support.channels import Endpoint
from tests.support.mail_backends import FlakyBackend

H = timedelta(hours=1)


@pytest.fixture
def endpoint(settings):
    settings.TRACKER_CHANNELS_ALLOW_PRIVATE = True
    settings.CHANNEL_TIMEOUT = 1
    with Endpoint() as running:
        yield running


def add_channel(owner, url, name="Phone"):
    channel = Channel(owner=owner, name=name)
    channel.set_url(url)
    channel.save()
    return channel


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


@pytest.fixture
def due_moment(make_invitation):
    invitation = make_invitation(job_title="Data pipeline")
    return invitation.start_deadline - 24 * H


def test_a_reminder_reaches_a_json_webhook_with_its_deadline_and_link(
    owner, endpoint, due_moment, settings
):
    owner.timezone = "Asia/Kolkata"
    owner.save()
    add_channel(owner, endpoint.url("json"))
    report = sweep(due_moment)
    assert report.sent == 1 and report.channels.sent == 1
    (post,) = endpoint.posts()
    assert post.headers["Content-Type"] == "application/json"
    assert post.headers["User-Agent"].startswith("Apprise")
    payload = post.json()
    assert payload["title"].startswith("Start your interview with Acme")
    assert "IST (1 day left)" in payload["message"]
    assert settings.SITE_URL + "/invitations/" in payload["message"]
    assert len(mail.outbox) == 1


def test_a_reminder_reaches_a_form_webhook(owner, endpoint, due_moment):
    add_channel(owner, endpoint.url("form"))
    sweep(due_moment)
    (post,) = endpoint.posts()
    assert post.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Acme" in post.form()["title"]


def test_a_reminder_reaches_an_ntfy_server(owner, endpoint, due_moment):
    add_channel(owner, f"ntfy://127.0.0.1:{endpoint.port}/deadlines")
    sweep(due_moment)
    (post,) = endpoint.posts()
    sent = post.json()
    assert sent["topic"] == "deadlines"
    assert sent["title"].startswith("Start your interview with Acme")
    assert "1 day left" in sent["message"]


def test_reminders_due_together_go_as_one_message_the_most_urgent_first(
    owner, endpoint, make_invitation, now
):
    from interviews.models import Client

    late = make_invitation(client=Client.objects.create(owner=owner, name="Later Ltd"))
    sooner = Client.objects.create(owner=owner, name="Sooner Co")
    early = make_invitation(client=sooner, notified_at=late.notified_at - 2 * H)
    add_channel(owner, endpoint.url("json"))
    sweep(late.start_deadline - 24 * H + H)
    (post,) = endpoint.posts()
    message = post.json()["message"]
    assert post.json()["title"] == "2 reminders, the most urgent first"
    assert message.index("Sooner Co") < message.index("Later Ltd")
    assert early.start_deadline < late.start_deadline


def test_a_failing_channel_is_retried_then_kept_as_failed_and_the_email_goes_once(
    owner, endpoint, due_moment, settings
):
    settings.CHANNEL_RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5)]
    add_channel(owner, endpoint.url("json", "/fail"))
    sweep(due_moment)
    delivery = ChannelDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "500" in delivery.last_error
    sweep(due_moment + timedelta(minutes=1))
    sweep(due_moment + timedelta(minutes=6))
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert "500" in delivery.last_error
    sweep(due_moment + timedelta(hours=2))
    assert len(endpoint.posts()) == 3
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(due_at=due_moment).status == "sent"


def test_a_channel_that_hangs_fails_within_its_timeout(owner, endpoint, due_moment):
    add_channel(owner, endpoint.url("json", "/hang"))
    report = sweep(due_moment)
    assert report.channels.retried == 1
    delivery = ChannelDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error
    assert len(mail.outbox) == 1


def test_an_email_failure_never_sends_a_channel_twice(owner, endpoint, due_moment, settings):
    settings.EMAIL_BACKEND = "tests.support.mail_backends.FlakyBackend"
    FlakyBackend.failing = {"Acme"}
    add_channel(owner, endpoint.url("json"))
    sweep(due_moment)
    sweep(due_moment + timedelta(minutes=1))
    sweep(due_moment + timedelta(minutes=6))
    assert len(endpoint.posts()) == 1
    assert ChannelDelivery.objects.get().status == "sent"
    assert Reminder.objects.get(due_at=due_moment).attempts == 3
    FlakyBackend.failing = set()


def test_a_channel_that_is_off_gets_nothing(owner, endpoint, due_moment):
    channel = add_channel(owner, endpoint.url("json"))
    channel.enabled = False
    channel.save()
    sweep(due_moment)
    assert endpoint.posts() == []


def test_a_test_message_reports_the_channels_own_error(owner, endpoint):
    assert send_test(add_channel(owner, endpoint.url("json"))) is None
    error = send_test(add_channel(owner, endpoint.url("json", "/fail")))
    assert "500" in error
    assert len(endpoint.posts()) == 2


def test_a_loopback_channel_is_refused_unless_the_operator_allows_it(owner, settings):
    from reminders.sealing import check_url

    settings.TRACKER_CHANNELS_ALLOW_PRIVATE = False
    for url in ("json://127.0.0.1:9/x", "form://10.1.2.3/x", "ntfy://192.168.1.5/topic"):
        with pytest.raises(ValidationError, match="private or local"):
            check_url(url)
    for url in ("windows://", "file:///etc/passwd", "syslog://", "mailto://me@example.com"):
        with pytest.raises(ValidationError, match="not a channel this site sends to"):
            check_url(url)
    channel = add_channel(owner, "json://127.0.0.1:9/x")
    assert "private or local" in send_test(channel)


def test_deliveries_of_the_capture_kind_respect_the_switch(owner, endpoint):
    from reminders.channels import notify_channels

    add_channel(owner, endpoint.url("json"))
    assert notify_channels(owner, "New invitation: Data pipeline", "From Acme", "/x/") == 1
    owner.alert_captured = False
    owner.save()
    assert notify_channels(owner, "Another", "From Acme", "/y/") == 0
    send_channel_deliveries()
    (post,) = endpoint.posts()
    assert post.json()["title"] == "New invitation: Data pipeline"


def test_a_failing_channels_url_is_never_logged(owner, endpoint, due_moment, caplog):
    caplog.set_level(logging.DEBUG)  # as with LOG_LEVEL=DEBUG
    add_channel(owner, endpoint.url("json", "/fail-secret-token-9f8e7d"))
    sweep(due_moment)
    assert "500" in ChannelDelivery.objects.get().last_error
    assert "failed" in caplog.text
    assert "secret-token" not in caplog.text
    assert "secret-token" not in ChannelDelivery.objects.get().last_error
