"""Real processes: concurrent cron sweeps, and the queue, deliver each reminder exactly once."""

import signal
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Client, Invitation
from reminders.models import Reminder
from reminders.schedule import install_schedule
from tests.conftest import confirmed
from tests.support.processes import delivered, manage, process_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def record_due_invitations(owner, count):
    """`count` invitations whose 24-hour start reminder is due now (and 72-hour one stale)."""
    client = Client.objects.create(owner=owner, name="Busy Client")
    notified = timezone.now() - timedelta(days=13, hours=1)
    for number in range(count):
        Invitation.objects.create(
            owner=owner, client=client, job_title=f"Job {number}", notified_at=notified
        )
    return list(Reminder.objects.filter(lead=timedelta(hours=24)).values_list("pk", flat=True))


def test_concurrent_sweeps_on_one_sqlite_file_deliver_each_reminder_once(
    owner, tmp_path, django_user_model
):
    # Sixty freelancers with five due reminders each: sixty e-mails, each taking a moment to
    # send, so that the work outlasts the other processes' start.
    for number in range(60):
        freelancer = confirmed(
            django_user_model.objects.create_user(f"f{number}", f"f{number}@example.com")
        )
        record_due_invitations(freelancer, 5)
    due = list(Reminder.objects.filter(lead=timedelta(hours=24)).values_list("pk", flat=True))
    log = tmp_path / "deliveries.log"
    env = process_env(
        log,
        EMAIL_BACKEND="tests.support.mail_backends.SlowRecordingBackend",
        REMINDER_DELIVERY_DELAY=0.05,
        REMINDER_BATCH_SIZE=25,
    )
    sweeps = [manage(["send_reminders"], env) for _ in range(4)]
    outputs = [sweep.communicate(timeout=180)[0] for sweep in sweeps]
    assert [sweep.returncode for sweep in sweeps] == [0, 0, 0, 0], outputs
    counts = Counter(delivered(log))
    assert len(counts) == len(due) == 300
    assert max(counts.values()) == 1, [pk for pk, n in counts.items() if n > 1]
    assert set(due) == set(counts)
    assert Reminder.objects.filter(status="sent").count() == 300
    # The work was shared: more than one process sent something.
    shares = [out for out in outputs if "Done: sent 0," not in out]
    assert len(shares) >= 2, outputs


def test_a_real_qcluster_delivers_a_due_reminder_and_stops_cleanly(owner, tmp_path):
    install_schedule()
    (due,) = record_due_invitations(owner, 1)
    log = tmp_path / "deliveries.log"
    cluster = manage(["qcluster"], process_env(log))
    try:
        lines = wait_for(lambda: delivered(log), timeout=120)
        assert lines == [due]
        assert wait_for(lambda: Reminder.objects.filter(pk=due, status="sent").exists(), timeout=30)
    finally:
        cluster.send_signal(signal.SIGTERM)
        output = cluster.communicate(timeout=60)[0]
    assert cluster.returncode is not None
    assert "stopped" in output.lower() or cluster.returncode == 0, output[-2000:]
    assert delivered(log) == [due]
