"""Real processes: concurrent sweeps, and a killed one, reach each channel exactly once."""

import signal
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Client, Invitation
from reminders.channels import send_channel_deliveries
from reminders.models import Channel, ChannelDelivery, Reminder
from reminders.tasks import send_due_reminders
from tests.conftest import confirmed
from tests.support.channels import Endpoint
from tests.support.processes import delivered, manage, process_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def freelancers_with_channels(django_user_model, endpoint, count):
    """`count` freelancers, each with one due reminder and a channel of their own."""
    notified = timezone.now() - timedelta(days=13, hours=1)
    for number in range(count):
        user = confirmed(
            django_user_model.objects.create_user(f"f{number}", f"f{number}@example.com")
        )
        client = Client.objects.create(owner=user, name=f"Client {number}")
        Invitation.objects.create(
            owner=user, client=client, job_title=f"Job {number}", notified_at=notified
        )
        channel = Channel(owner=user, name="Phone")
        channel.set_url(endpoint.url("json", f"/slow/{number}"))
        channel.save()
    return list(Reminder.objects.filter(lead=timedelta(hours=24)).values_list("pk", flat=True))


def posts_per_channel(endpoint):
    return Counter(post.path for post in endpoint.posts("/slow/"))


def test_four_concurrent_sweeps_reach_each_channel_once(django_user_model, tmp_path):
    with Endpoint(delay=0.05) as endpoint:
        due = freelancers_with_channels(django_user_model, endpoint, 40)
        log = tmp_path / "deliveries.log"
        env = process_env(log, REMINDER_BATCH_SIZE=5, CHANNEL_TIMEOUT=5)
        sweeps = [manage(["send_reminders"], env) for _ in range(4)]
        outputs = [sweep.communicate(timeout=180)[0] for sweep in sweeps]
        assert [sweep.returncode for sweep in sweeps] == [0, 0, 0, 0], outputs
        counts = posts_per_channel(endpoint)
    assert len(counts) == 40 and set(counts.values()) == {1}, counts
    assert sorted(Counter(delivered(log)).values()) == [1] * len(due)
    assert ChannelDelivery.objects.filter(status="sent").count() == 40


def test_a_killed_sweep_doubles_at_most_the_message_in_flight(
    django_user_model, tmp_path, settings
):
    settings.TRACKER_CHANNELS_ALLOW_PRIVATE = True
    with Endpoint(delay=1.0) as endpoint:
        freelancers_with_channels(django_user_model, endpoint, 6)
        log = tmp_path / "deliveries.log"
        sweep = manage(["send_reminders"], process_env(log, CHANNEL_TIMEOUT=5))
        try:
            # Killed while the endpoint holds its second message.
            assert wait_for(lambda: len(endpoint.posts("/slow/")) >= 2, timeout=120)
        finally:
            sweep.send_signal(signal.SIGKILL)
            sweep.communicate(timeout=30)
        assert ChannelDelivery.objects.filter(status="sending").count() == 1
        endpoint.delay = 0
        later = timezone.now() + timedelta(minutes=10)
        send_due_reminders(now=later)
        send_channel_deliveries(now=later)
        counts = posts_per_channel(endpoint)
    assert len(counts) == 6
    assert sorted(counts.values()) == [1, 1, 1, 1, 1, 2], counts
    assert ChannelDelivery.objects.filter(status="sent").count() == 6
