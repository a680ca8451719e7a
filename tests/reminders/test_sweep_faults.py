"""Faults the sweep must survive: mail down, the database locked, a sweep killed mid-way.

Each test ends with every reminder delivered, none lost, and none doubled beyond what the
design allows. The design allows one thing: the sweep sends a batch and then marks it sent,
so a process that dies between the two leaves that batch claimed; after the lease the rows
are taken back and sent again. At most one batch (REMINDER_BATCH_SIZE) of a killed process
can therefore be doubled, and only messages that were really sent before it died. An
e-mail's Message-ID is stable for the reminders it carries, so a receiving server can tell a
copy of the same e-mail apart. The kill tests measure the doubled count and print it
(`pytest -s`); the delivery logs count reminders, not e-mails.
"""

import os
import signal
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from math import ceil
from types import SimpleNamespace

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from accounts.models import User
from interviews.models import Client, Invitation
from reminders import tasks
from reminders.models import Notification, Reminder
from reminders.schedule import SCHEDULE_NAME, SWEEP_TASK, install_schedule
from reminders.tasks import send_due_reminders
from tests.conftest import confirmed
from tests.support.instants import NOW
from tests.support.mail_backends import OutageBackend
from tests.support.processes import delivered, manage, process_env, wait_for

H = timedelta(hours=1)


def carried(messages):
    """The primary keys of the reminders the e-mails carried, once per delivery."""
    return [pk for message in messages for pk in message.reminder_pks]


def record_due_invitations(owner, count, now=None):
    """`count` invitations whose 24-hour start reminder is due at `now` (the 72-hour one is
    superseded); returns the primary keys of the reminders to deliver."""
    client = Client.objects.create(owner=owner, name="Busy Client")
    notified = (now or timezone.now()) - timedelta(days=13, hours=1)
    for number in range(count):
        Invitation.objects.create(
            owner=owner, client=client, job_title=f"Job {number}", notified_at=notified
        )
    return set(Reminder.objects.filter(owner=owner, lead=24 * H).values_list("pk", flat=True))


def record_due_for_freelancers(count, now=None):
    """One due invitation for each of `count` freelancers: `count` e-mails to send."""
    due = set()
    for number in range(count):
        freelancer = confirmed(
            User.objects.create_user(f"freelancer{number}", f"f{number}@example.com")
        )
        due |= record_due_invitations(freelancer, 1, now=now)
    return due


def statuses():
    return Counter(Reminder.objects.values_list("status", flat=True))


def assert_each_delivered_once(log, due):
    counts = Counter(delivered(log))
    assert set(counts) == due, "a reminder was lost"
    assert max(counts.values()) == 1, [pk for pk, n in counts.items() if n > 1]
    assert set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)) == due
    assert_nothing_stuck()


def assert_nothing_stuck():
    """No row left claimed or failed, and nothing due still waiting (the 2-hour reminders
    are not due yet)."""
    assert not Reminder.objects.filter(status__in=["sending", "failed"]).exists()
    assert not Reminder.objects.due(timezone.now()).exists()


# Mail down for a while --------------------------------------------------------------------


@pytest.fixture
def outage(settings):
    settings.EMAIL_BACKEND = "tests.support.mail_backends.OutageBackend"
    OutageBackend.down_for, OutageBackend.connections, OutageBackend.attempts = 0, 0, 0
    OutageBackend.delivered = []
    yield OutageBackend
    OutageBackend.down_for = 0


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def test_mail_down_for_three_sweeps_then_every_reminder_goes_out_once(now, owner, outage):
    # Twenty reminders of one freelancer and five of five others: six e-mails a sweep.
    due = record_due_invitations(owner, 20, now=NOW) | record_due_for_freelancers(5, now=NOW)
    outage.down_for = 3
    moment = NOW
    # Three sweeps meet the outage; each waits out the back-off (1, then 5 minutes) first.
    for attempt, delay in ((1, 1), (2, 5), (3, 15)):
        report = sweep_at(moment)
        assert (report.sent, report.retried, report.failed) == (0, 25, 0)
        rows = Reminder.objects.filter(pk__in=due)
        assert {(r.status, r.attempts) for r in rows} == {("pending", attempt)}
        assert {r.next_attempt_at for r in rows} == {moment + timedelta(minutes=delay)}
        assert all("Connection refused" in r.last_error for r in rows)
        moment += timedelta(minutes=delay)
    assert outage.attempts == 18 and outage.delivered == []
    # The server is back, but the rows wait for their back-off: nothing is tried early.
    assert sweep_at(moment - timedelta(seconds=1)).sent == 0
    assert outage.attempts == 18
    report = sweep_at(moment)
    assert (report.sent, report.retried, report.failed) == (25, 0, 0)
    assert sweep_at(moment + timedelta(minutes=1)).sent == 0
    assert len(outage.delivered) == 6
    assert sorted(carried(outage.delivered)) == sorted(due)  # every one, once
    rows = Reminder.objects.filter(pk__in=due)
    assert {(r.status, r.attempts, r.last_error) for r in rows} == {("sent", 4, "")}
    assert Notification.objects.filter(reminder__in=due).count() == 25


def test_an_outage_longer_than_the_retries_fails_loudly_and_the_admin_retry_sends_once(
    now, owner, outage, client
):
    due = record_due_invitations(owner, 5, now=NOW)
    outage.down_for = 10**6
    moment = NOW
    for delay in (1, 5, 15, 60, None):
        sweep_at(moment)
        moment += timedelta(minutes=delay or 0)
    assert statuses()["failed"] == 5
    assert all("Connection refused" in r.last_error for r in Reminder.objects.filter(pk__in=due))
    outage.down_for = 0  # repaired
    admin = User.objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(admin)
    with time_machine.travel(moment, tick=False):
        client.post(
            "/admin/reminders/reminder/",
            {"action": "retry_reminders", "_selected_action": sorted(due)},
        )
    assert sweep_at(moment).sent == 5
    assert sweep_at(moment + H).sent == 0
    assert sorted(carried(outage.delivered)) == sorted(due)


# A slow mail server ---------------------------------------------------------------------------


class SlowServer(BaseEmailBackend):
    """A mail server that takes `seconds` per message, on a fake clock the sweep reads."""

    def __init__(self, clock, seconds):
        super().__init__()
        self.clock, self.seconds, self.delivered = clock, seconds, []

    def send_messages(self, messages):
        self.clock.now += self.seconds * len(messages)
        self.delivered.extend(messages)
        return len(messages)


def test_a_slow_mail_server_stops_the_sweep_at_its_budget_and_nothing_is_left_claimed(
    now, owner, settings, monkeypatch
):
    # The queue kills a task after Q_CLUSTER["timeout"]; a sweep killed there would leave
    # its batch sent but unmarked, to be sent again after the lease, and again. So a sweep
    # must stop at REMINDER_SWEEP_BUDGET even in the middle of a batch, and give back what
    # it did not send.
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(tasks, "time", SimpleNamespace(monotonic=lambda: clock.now))
    budget = settings.REMINDER_SWEEP_BUDGET.total_seconds()
    assert budget < settings.Q_CLUSTER["timeout"]
    due = record_due_for_freelancers(30, now=NOW)  # thirty e-mails
    server = SlowServer(clock, seconds=3)
    sweeps = []
    while len(carried(server.delivered)) < len(due) and len(sweeps) < 5:
        started = clock.now
        with time_machine.travel(NOW, tick=False):
            report = send_due_reminders(now=NOW, connection=server)
        sweeps.append((report.sent, clock.now - started))
        # It stopped within one message of its budget, marked what it sent, claimed nothing.
        assert clock.now - started < budget + server.seconds
        assert not Reminder.objects.filter(status="sending").exists()
    # Each sweep starts an e-mail at 0, 3, 6 ... seconds while inside its budget.
    per_sweep = ceil(budget / server.seconds)
    assert [sent for sent, _ in sweeps] == [per_sweep, per_sweep, len(due) - 2 * per_sweep]
    assert sorted(carried(server.delivered)) == sorted(due)
    assert set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)) == due


# The database locked during a sweep ---------------------------------------------------------


@contextmanager
def write_lock():
    """Another connection holds the write lock on the reminders, as a long transaction would.

    SQLite: `BEGIN IMMEDIATE` takes the database's one write lock; readers go on (WAL).
    PostgreSQL: `LOCK TABLE ... IN EXCLUSIVE MODE` is the analogue: it blocks every write to
    the table and lets reads through. (ACCESS EXCLUSIVE would block reads too; then the
    command's configuration check, not the sweep, would be what waits.)
    Yields the locking connection, which can still read while it holds the lock.
    """
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        locker = sqlite3.connect(db["NAME"], timeout=30, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        locker = psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            autocommit=True,
        )
        locker.execute("BEGIN")
        locker.execute("LOCK TABLE reminders_reminder IN EXCLUSIVE MODE")
    try:
        yield locker
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def count_by_status(locker):
    rows = locker.execute("SELECT status, COUNT(*) FROM reminders_reminder GROUP BY status")
    return dict(rows.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_sweep_that_finds_the_database_locked_fails_clearly_and_loses_nothing(owner, tmp_path):
    due = record_due_invitations(owner, 30)
    log = tmp_path / "deliveries.log"
    before = statuses()
    with write_lock():
        started = time.monotonic()
        blocked = manage(
            ["send_reminders"],
            process_env(
                log, DJANGO_SETTINGS_MODULE="tests.support.process_settings", TEST_LOCK_WAIT=1
            ),
        )
        output = blocked.communicate(timeout=60)[0]
        waited = time.monotonic() - started
    print(f"\nlocked database: the sweep gave up after {waited:.1f} s: {output.strip()[-300:]}")
    assert blocked.returncode == 1, output
    assert "CommandError: The database refused the sweep" in output
    assert "Traceback" not in output
    assert delivered(log) == []
    assert statuses() == before  # nothing claimed, so nothing waits for a lease
    assert not Reminder.objects.filter(claim_token__isnull=False).exists()

    sweep = manage(["send_reminders"], process_env(log))
    output = sweep.communicate(timeout=60)[0]
    assert sweep.returncode == 0, output
    assert "Done: sent 30," in output
    assert_each_delivered_once(log, due)


@pytest.mark.django_db(transaction=True)
def test_a_sweep_waits_for_a_lock_taken_in_its_middle_and_marks_what_it_sent(owner, tmp_path):
    due = record_due_for_freelancers(30)  # one e-mail each
    log = tmp_path / "deliveries.log"
    env = process_env(
        log,
        EMAIL_BACKEND="tests.support.mail_backends.SlowRecordingBackend",
        # Each freelancer has two rows due: the 24-hour reminder, sent, and the superseded
        # 72-hour one, skipped. A batch of 20 rows is ten freelancers' e-mails.
        REMINDER_BATCH_SIZE=20,
        REMINDER_DELIVERY_DELAY=0.05,
    )
    sweep = manage(["send_reminders"], env)
    try:
        started = wait_for(lambda: delivered(log), timeout=60, interval=0.01)
        assert started, "the sweep never started sending"
        with write_lock() as locker:
            # Each e-mail is marked sent in its own commit as soon as it is sent: the sweep
            # may finish the e-mail it has in flight, then waits for the lock to mark it.
            # Nothing more goes out unmarked however long the lock is held.
            marked = count_by_status(locker).get("sent", 0)
            more = wait_for(lambda: len(delivered(log)) > marked + 1, timeout=2, interval=0.02)
            assert not more, (len(delivered(log)), marked)
            assert len(delivered(log)) in (marked, marked + 1)
        output = sweep.communicate(timeout=60)[0]
    finally:
        if sweep.poll() is None:
            sweep.kill()
    assert sweep.returncode == 0, output
    assert "Done: sent 30," in output
    assert_each_delivered_once(log, due)


# A sweep killed in the middle -----------------------------------------------------------------


def snapshot_after_kill(log):
    """What a killed sweep left: delivered messages, marked rows, and its claimed batch."""
    leased = Reminder.objects.filter(status="sending")
    return {
        "delivered": Counter(delivered(log)),
        "marked": set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)),
        "leased": set(leased.values_list("pk", flat=True)),
        "tokens": set(leased.values_list("claim_token", flat=True)),
        "lease_ends": max(leased.values_list("claimed_until", flat=True), default=None),
    }


def assert_doubles_are_the_killed_batch(log, due, killed, batch_size, label):
    counts = Counter(delivered(log))
    doubled = {pk for pk, n in counts.items() if n > 1}
    # Only messages sent by the killed process, in its last claimed batch, and not yet
    # marked when it died, can have gone out twice.
    sent_unmarked = set(killed["delivered"]) & killed["leased"]
    print(
        f"\n{label}: {len(due)} reminders, batch {batch_size}; at the kill "
        f"{sum(killed['delivered'].values())} delivered, {len(killed['marked'])} marked sent, "
        f"{len(killed['leased'])} leased to the dead process; after recovery "
        f"{sum(counts.values())} deliveries of {len(counts)} reminders, doubled "
        f"{len(doubled)} (allowed at most {batch_size})"
    )
    assert set(counts) == due, "a reminder was lost"
    assert max(counts.values()) <= 2
    assert doubled == sent_unmarked
    assert doubled <= killed["leased"] and len(doubled) <= batch_size
    assert not doubled & killed["marked"]
    return doubled


@pytest.mark.django_db(transaction=True)
def test_a_send_reminders_killed_mid_sweep_loses_nothing_and_doubles_at_most_a_batch(
    owner, tmp_path, settings, monkeypatch
):
    batch = 20  # rows: ten freelancers' due and superseded reminders, so ten e-mails
    due = record_due_for_freelancers(60)  # one e-mail each
    log = tmp_path / "deliveries.log"
    env = process_env(
        log,
        EMAIL_BACKEND="tests.support.mail_backends.SlowRecordingBackend",
        REMINDER_BATCH_SIZE=batch,
        REMINDER_LEASE="1m",
    )
    started = time.monotonic()
    sweep = manage(["send_reminders"], env)
    # Kill it in the middle of its second batch.
    reached = wait_for(lambda: len(delivered(log)) >= 15, timeout=60, interval=0.01)
    sweep.send_signal(signal.SIGKILL)
    sweep.communicate(timeout=30)
    assert reached and sweep.returncode == -signal.SIGKILL
    killed = snapshot_after_kill(log)
    assert len(killed["tokens"]) == 1, "more than one batch was claimed at the kill"
    assert 0 < len(killed["leased"]) <= batch
    assert killed["lease_ends"] - timezone.now() <= timedelta(minutes=1)

    # The rest of the reminders go out at once, in this process; the dead process's batch
    # stays leased to it until the lease runs out.
    settings.EMAIL_BACKEND = "tests.support.mail_backends.FileRecordingBackend"
    monkeypatch.setenv("REMINDER_DELIVERY_LOG", str(log))
    report = send_due_reminders()
    assert report.reclaimed == 0
    assert report.sent == len(due) - len(killed["marked"]) - len(killed["leased"] & due)
    assert (
        set(Reminder.objects.filter(status="sending").values_list("pk", flat=True))
        == (killed["leased"])
    )
    # A minute later (the lease, REMINDER_LEASE=1m) the next sweep takes them back.
    with time_machine.travel(killed["lease_ends"] + timedelta(seconds=1), tick=True):
        report = send_due_reminders()
    assert report.reclaimed == len(killed["leased"])
    assert report.sent == len(killed["leased"] & due)
    doubled = assert_doubles_are_the_killed_batch(log, due, killed, batch, "send_reminders killed")
    assert_nothing_stuck()
    assert Notification.objects.filter(reminder__in=due).count() == len(due)
    print(f"send_reminders killed: doubled {sorted(doubled)}; {time.monotonic() - started:.1f} s")


@pytest.mark.django_db(transaction=True)
def test_a_qcluster_killed_mid_sweep_is_made_good_by_the_next_after_the_lease(owner, tmp_path):
    batch = 20  # rows: ten freelancers' due and superseded reminders, so ten e-mails
    install_schedule()
    due = record_due_for_freelancers(40)  # one e-mail each
    log = tmp_path / "deliveries.log"
    lease = {"REMINDER_LEASE": "1m", "REMINDER_BATCH_SIZE": batch, "Q_WORKERS": 1}
    first_log, second_log = tmp_path / "first-cluster.log", tmp_path / "second-cluster.log"
    started = time.monotonic()

    with open(first_log, "w") as out:
        first = manage(
            ["qcluster"],
            process_env(
                log, EMAIL_BACKEND="tests.support.mail_backends.SlowRecordingBackend", **lease
            ),
            stdout=out,
            start_new_session=True,  # its own process group: the kill takes every process
        )
    try:
        # The sweep task, as the scheduler puts it on the queue each minute; put there now
        # so the test need not wait for the scheduler's first round (about 30 s).
        async_task(SWEEP_TASK)
        reached = wait_for(lambda: len(delivered(log)) >= 15, timeout=90, interval=0.01)
    finally:
        # The whole cluster dies at once (sentinel, workers, scheduler), like a lost machine.
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert reached, first_log.read_text()[-3000:]
    killed = snapshot_after_kill(log)
    assert len(killed["tokens"]) == 1 and 0 < len(killed["leased"]) <= batch
    kill_time = time.monotonic()

    # A new cluster. Its scheduler looks at the schedules every 30 s or so; with the next run
    # at the lease's end, its first sweep (about 60 s after it starts) is one that can take
    # back the dead cluster's batch. Left alone, the schedule would also run a sweep at 30 s
    # (sending the pending rest) and the reclaim would wait for the run after, 30 s more.
    Schedule.objects.filter(name=SCHEDULE_NAME).update(next_run=killed["lease_ends"])
    with open(second_log, "w") as out:
        second = manage(["qcluster"], process_env(log, **lease), stdout=out)
    try:
        everything = due
        done = wait_for(lambda: set(delivered(log)) >= everything, timeout=150, interval=0.5)
        assert done, second_log.read_text()[-3000:]
        assert wait_for(lambda: statuses().get("sent") == len(due), timeout=30)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    recovered = time.monotonic() - kill_time
    assert_doubles_are_the_killed_batch(log, due, killed, batch, "qcluster killed")
    assert_nothing_stuck()
    print(
        f"qcluster killed: recovered {recovered:.0f} s after the kill "
        f"(lease 60 s); whole test {time.monotonic() - started:.0f} s"
    )
