"""The process fault test: two queues and two cron loops deliver 3,000 due reminders while one
queue is killed with SIGKILL mid-sweep, the mail server is down for 30 s and (on PostgreSQL
with Redis) the broker for 20 s. Nothing is lost, and only what the killed queue had in
flight can go out twice: its e-mails accepted by the server but not yet marked sent.

Real processes on the test database (file-backed SQLite, or PostgreSQL), a real SMTP server
on loopback (tests/support/smtp.py) and, for the Redis broker, a Redis server of the test's
own on a port of its own. It prints what was delivered, doubled, and how long it all took.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_q.conf import Conf
from django_q.tasks import async_task

from accounts.models import User
from interviews.models import Client, Invitation
from reminders.models import Reminder
from reminders.schedule import SWEEP_TASK, install_schedule
from reminders.tasks import REMINDERS_PER_EMAIL
from tests.conftest import confirmed
from tests.support.processes import ROOT, manage, process_env, wait_for

from ..support.smtp import SMTPServer, invitations_in, refused_port

pytestmark = pytest.mark.django_db(transaction=True)

FREELANCERS, EACH = 20, 150  # 3,000 due reminders; 8 e-mails each, 160 in all
USES_REDIS = "redis" in settings.Q_CLUSTER


def due_reminders():
    """FREELANCERS × EACH due 24-hour start reminders, written in bulk as the registry would;
    returns {invitation pk: reminder pk}."""
    now = timezone.now()
    notified = now - timedelta(days=13, hours=1)
    lead = timedelta(hours=24)
    for number in range(FREELANCERS):
        user = confirmed(User.objects.create_user(f"busy{number}", f"busy{number}@example.com"))
        client = Client.objects.create(owner=user, name="Agency")
        invitations = Invitation.objects.bulk_create(
            Invitation(
                owner=user,
                client=client,
                job_title=f"Job {n}",
                notified_at=notified,
                start_deadline=notified + settings.INTERVIEW_START_WINDOW,
            )
            for n in range(EACH)
        )
        Reminder.objects.bulk_create(
            Reminder(
                owner=user,
                kind="start_window",
                subject_id=invitation.pk,
                deadline=invitation.start_deadline,
                lead=lead,
                due_at=invitation.start_deadline - lead,
                next_attempt_at=invitation.start_deadline - lead,
            )
            for invitation in invitations
        )
    return dict(Reminder.objects.values_list("subject_id", "pk"))


def redis_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """A Redis server of this test's own, which it can stop and start again."""

    def __init__(self, workdir):
        self.port, self.workdir, self.process = refused_port(), workdir, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: redis_answers(self.port), timeout=20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def stop_group(process, signum=signal.SIGTERM, timeout=60):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signum)
            process.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def cron_loop(env, log):
    """`send_reminders` every 3 s, as cron would every minute; bounded, and stopped by the test."""
    script = (
        f"for i in $(seq 1 200); do {sys.executable} manage.py send_reminders -v 0; sleep 3; done"
    )
    with open(log, "w") as out:
        return subprocess.Popen(
            ["bash", "-c", script],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def after(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.skipif(
    USES_REDIS and shutil.which("redis-server") is None, reason="redis-server not installed"
)
def test_a_killed_queue_a_mail_outage_and_a_broker_outage_lose_nothing_and_double_at_most_the_killed_queues_email_in_flight(  # noqa: E501
    tmp_path, monkeypatch
):
    install_schedule()
    reminder_of = due_reminders()
    due = set(reminder_of.values())
    assert len(due) == FREELANCERS * EACH
    server = SMTPServer(delay=0.05).start()  # about 0.25 s an e-mail
    extra = {
        "EMAIL_BACKEND": "reminders.delivery.SMTPBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": server.port,
        "EMAIL_USE_TLS": "false",
        "Q_WORKERS": 1,
    }
    redis = None
    if USES_REDIS:
        redis = OwnRedis(tmp_path)
        redis.start()
        extra["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/0"
        # This process puts the first sweep on the queue through the same Redis.
        monkeypatch.setattr(Conf, "REDIS", {**Conf.REDIS, "port": redis.port, "db": 0})
    env = process_env(tmp_path / "unused.log", **extra)
    processes = []

    def start_cluster(name):
        with open(tmp_path / f"{name}.log", "w") as out:
            cluster = manage(["qcluster"], env, stdout=out, start_new_session=True)
        processes.append(cluster)
        return cluster

    started = time.monotonic()
    try:
        doomed = start_cluster("doomed")
        async_task(SWEEP_TASK)  # its first sweep now, not at the scheduler's first round
        sending = wait_for(lambda: len(server.messages) >= 5, timeout=90, interval=0.05)
        assert sending, (tmp_path / "doomed.log").read_text()[-3000:]
        start_cluster("second")
        processes.append(cron_loop(env, tmp_path / "cron1.log"))
        processes.append(cron_loop(env, tmp_path / "cron2.log"))
        assert wait_for(lambda: len(server.messages) >= 20, timeout=60, interval=0.05)

        # The doomed queue dies mid-sweep, all its processes at once, like a lost machine.
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        killed_at = time.monotonic()
        with server.lock:
            accepted = list(server.messages)
        sending_at_kill = set(
            Reminder.objects.filter(status="sending").values_list("pk", flat=True)
        )
        # Accepted by the server, not marked sent: in flight at the kill, in any process.
        in_flight = {
            message["Message-ID"]
            for message in accepted
            if {reminder_of[pk] for pk in invitations_in(message)} <= sending_at_kill
        }

        # Then the mail server goes down for 30 s, and the broker for 20 s.
        server.stop()
        after(30, server.start)
        if redis:
            redis.stop()
            after(20, redis.start)

        def all_sent():
            return Reminder.objects.filter(pk__in=due, status="sent").count() == len(due)

        done = wait_for(all_sent, timeout=200, interval=1)
        took = time.monotonic() - started
        assert done, list(
            Reminder.objects.exclude(status="sent").values_list(
                "status", "attempts", "next_attempt_at", "last_error"
            )[:5]
        ) + [timezone.now()]
    finally:
        for process in processes:
            stop_group(process)
        server.stop()
        if redis:
            redis.stop()

    deliveries = Counter(
        reminder_of[pk] for message in server.messages for pk in invitations_in(message)
    )
    emails = Counter(server.message_ids())
    doubled_emails = {mid for mid, n in emails.items() if n > 1}
    doubled = {pk for pk, n in deliveries.items() if n > 1}
    print(
        f"\nfault test ({'PostgreSQL + Redis' if USES_REDIS else 'SQLite, ORM broker'}): "
        f"{len(due)} due reminders; delivered {len(deliveries)} in {len(emails)} e-mails; "
        f"doubled {len(doubled)} reminders in {len(doubled_emails)} e-mails "
        f"(in flight at the kill: {len(in_flight)} e-mails); all delivered "
        f"{took:.0f} s after the start, {took - (killed_at - started):.0f} s after the kill"
    )
    assert set(deliveries) == due, "a reminder was lost"
    assert max(deliveries.values()) <= 2
    assert doubled_emails <= in_flight
    # The killed queue had one worker: one sweep, one e-mail in flight at most.
    assert len(doubled_emails) <= 1 and len(doubled) <= REMINDERS_PER_EMAIL
    assert not Reminder.objects.exclude(status="sent").exists()
