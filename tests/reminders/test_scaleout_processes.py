"""PostgreSQL + Redis, many processes: each reminder exactly once; a Redis outage loses nothing.

These run in the PostgreSQL/Redis pass (`make test-postgres`); on SQLite they are skipped.
"""

import shutil
import signal
import socket
import subprocess
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from interviews.models import Client, Invitation
from reminders.models import Reminder
from reminders.schedule import install_schedule
from tests.support.processes import delivered, manage, process_env, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        or "redis" not in settings.Q_CLUSTER,
        reason="needs PostgreSQL and Redis (run make test-postgres)",
    ),
]


def due_reminders(owner, count):
    """`count` due reminders, written in bulk as the registry would write them."""
    client = Client.objects.create(owner=owner, name="Agency")
    now = timezone.now()
    notified = now - timedelta(days=13, hours=1)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            owner=owner,
            client=client,
            job_title=f"Job {n}",
            notified_at=notified,
            start_deadline=notified + settings.INTERVIEW_START_WINDOW,
        )
        for n in range(count)
    )
    lead = timedelta(hours=24)
    rows = Reminder.objects.bulk_create(
        Reminder(
            owner=owner,
            kind="start_window",
            subject_id=invitation.pk,
            deadline=invitation.start_deadline,
            lead=lead,
            due_at=invitation.start_deadline - lead,
            next_attempt_at=invitation.start_deadline - lead,
        )
        for invitation in invitations
    )
    return {row.pk for row in rows}


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_four_queues_and_two_cron_sweeps_deliver_5000_reminders_exactly_once(owner, tmp_path):
    install_schedule()
    expected = due_reminders(owner, 5000)
    log = tmp_path / "deliveries.log"
    env = process_env(log, REMINDER_BATCH_SIZE=100)
    clusters = [manage(["qcluster"], env, stdout=subprocess.DEVNULL) for _ in range(4)]
    sweeps = [manage(["send_reminders"], env) for _ in range(2)]
    try:
        outputs = [sweep.communicate(timeout=300)[0] for sweep in sweeps]
        assert [sweep.returncode for sweep in sweeps] == [0, 0], outputs
        wait_for(lambda: len(delivered(log)) >= len(expected), timeout=180, interval=1)
    finally:
        stop(clusters)
    counts = Counter(delivered(log))
    doubled = [mid for mid, n in counts.items() if n > 1]
    assert doubled == []
    assert set(counts) == expected
    assert Reminder.objects.filter(status="sent").count() == 5000


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port, workdir):
    return subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def redis_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")
def test_a_redis_outage_keeps_the_site_up_and_loses_no_reminder(owner, client, tmp_path):
    """This test owns its Redis server, on a port of its own, and stops it for a while."""
    port = free_port()
    redis = start_redis(port, tmp_path)
    assert wait_for(lambda: redis_answers(port), timeout=20)
    install_schedule()
    log = tmp_path / "deliveries.log"
    env = process_env(log, REDIS_URL=f"redis://127.0.0.1:{port}/0")
    cluster = manage(["qcluster"], env, stdout=subprocess.DEVNULL)
    try:
        redis.terminate()
        redis.wait(timeout=20)
        assert not redis_answers(port)
        # Meanwhile the site works and records an invitation whose reminder is due now.
        client.force_login(owner)
        page = client.get("/")
        assert page.status_code == 200
        expected = due_reminders(owner, 3)
        assert delivered(log) == []
        # Redis returns; the reminders due meanwhile go out, once each.
        redis = start_redis(port, tmp_path)
        assert wait_for(lambda: redis_answers(port), timeout=20)
        if not wait_for(lambda: len(delivered(log)) >= 3, timeout=90, interval=1):
            # A cluster that gave up during the outage is simply started again.
            print("the queue cluster did not recover by itself; restarted it")
            stop([cluster])
            cluster = manage(["qcluster"], env, stdout=subprocess.DEVNULL)
            wait_for(lambda: len(delivered(log)) >= 3, timeout=90, interval=1)
    finally:
        stop([cluster])
        redis.terminate()
        redis.wait(timeout=20)
    counts = Counter(delivered(log))
    assert set(counts) == expected and max(counts.values()) == 1
    assert connection.vendor == "postgresql"
