"""Each e-mail has a wall-clock deadline, and a sweep ends inside its budget and one deadline,
against a real (test) SMTP server on loopback that is slow, or never answers at all.

Before these deadlines, EMAIL_TIMEOUT bounded each socket operation only: a server that
answered each command just inside it made one e-mail take minutes, the queue killed the
sweep at its task timeout with the e-mail sent and unmarked, and it went out again after
every lease. The delays here are scaled down (tenths of a second, not seconds).
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine

from accounts.models import User
from interviews.models import Client, Invitation
from reminders.models import Reminder
from reminders.tasks import send_due_reminders

from ..conftest import NOW, confirmed
from ..support.smtp import SMTPServer

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


@pytest.fixture
def smtp(settings):
    """Mail through the product's SMTP backend to a test server; the test sets its manners."""

    def serve(**manners):
        server = SMTPServer(**manners).start()
        settings.EMAIL_BACKEND = "reminders.delivery.SMTPBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = False
        servers.append(server)
        return server

    servers = []
    yield serve
    for server in servers:
        server.stop()


def due_reminders(freelancers, each):
    """`each` due 24-hour start reminders for each of `freelancers` new freelancers: one
    e-mail per freelancer (up to 20 reminders)."""
    notified = NOW - timedelta(days=13, hours=1)
    for number in range(freelancers):
        user = confirmed(User.objects.create_user(f"f{number}", f"f{number}@example.com"))
        client = Client.objects.create(owner=user, name="Busy Client")
        for job in range(each):
            Invitation.objects.create(
                owner=user, client=client, job_title=f"Job {job}", notified_at=notified
            )
    return set(Reminder.objects.filter(lead=24 * H).values_list("pk", flat=True))


def timed_sweep(moment):
    started = time.monotonic()
    with time_machine.travel(moment, tick=False):
        report = send_due_reminders(now=moment)
    return report, time.monotonic() - started


def reminders_in(server):
    """How many times each reminder reached the server (an e-mail lists each one's link)."""
    subjects = Counter()
    for message in server.messages:
        text = message.get_payload()[0].get_payload(decode=True).decode()
        subjects.update(
            int(line.rsplit("/invitations/", 1)[1].split("/")[0])
            for line in text.splitlines()
            if "/invitations/" in line
        )
    pks = dict(Reminder.objects.filter(lead=24 * H).values_list("subject_id", "pk"))
    return Counter({pks[subject]: n for subject, n in subjects.items()})


def test_a_slow_server_gets_every_email_once_each_sweep_ending_inside_its_budget(
    now, settings, smtp
):
    # 0.05 s before each answer: an e-mail on an open connection takes about 0.2 s.
    server = smtp(delay=0.05)
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=0.5)
    settings.EMAIL_SEND_DEADLINE = 1
    limit = 0.5 + 1
    due = due_reminders(freelancers=6, each=10)
    sweeps = []
    moment = NOW
    while Reminder.objects.filter(pk__in=due, status="pending").exists() and len(sweeps) < 10:
        report, seconds = timed_sweep(moment)
        sweeps.append((report.sent, report.emails, seconds))
        assert seconds < limit, sweeps
        assert not Reminder.objects.filter(status="sending").exists()
        moment += timedelta(minutes=1)
    assert len(sweeps) > 1, "the budget never stopped a sweep; the server is not slow enough"
    assert sum(emails for _, emails, _ in sweeps) == len(server.messages) == 6
    assert len(set(server.message_ids())) == 6
    assert reminders_in(server) == Counter(dict.fromkeys(due, 1))
    assert set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)) == due


def test_an_email_slower_than_its_deadline_is_cut_off_retried_and_then_failed_with_its_error(
    now, settings, smtp
):
    # Each answer comes in time for EMAIL_TIMEOUT, but one e-mail takes six of them (about
    # 1.2 s), more than its deadline: it is cut off, never half-sent, never sent twice.
    server = smtp(delay=0.2)
    settings.EMAIL_TIMEOUT = 1
    settings.EMAIL_SEND_DEADLINE = 0.5
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=1)
    limit = 1 + 0.5
    due = due_reminders(freelancers=1, each=3)
    moment = NOW
    for attempt, delay in enumerate((1, 5, 15, 60, None), 1):
        report, seconds = timed_sweep(moment)
        assert seconds < limit
        rows = Reminder.objects.filter(pk__in=due)
        assert {row.attempts for row in rows} == {attempt}
        assert all("within 0.5 s (EMAIL_SEND_DEADLINE)" in row.last_error for row in rows)
        if delay is None:
            assert report.failed == 3
            assert {row.status for row in rows} == {"failed"}
        else:
            assert report.retried == 3
            assert {row.status for row in rows} == {"pending"}
            moment += timedelta(minutes=delay)
    assert server.messages == []
    assert not Reminder.objects.filter(status="sending").exists()


def test_a_tarpit_holds_each_sweep_no_longer_than_its_budget_and_one_deadline(now, settings, smtp):
    # A server that takes the connection and never says a word.
    smtp(tarpit=True)
    settings.EMAIL_SEND_DEADLINE = 0.5
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=1)
    limit = 1 + 0.5
    due = due_reminders(freelancers=5, each=1)
    report, seconds = timed_sweep(NOW)
    assert seconds < limit
    # It opened the connection (cut off at its deadline), tried e-mails until its budget
    # ran out, and gave the rest back, untried, for the next sweep.
    tried = Reminder.objects.filter(pk__in=due, attempts=1)
    assert 1 <= tried.count() < len(due)
    assert report.retried == tried.count() and report.left == len(due) - tried.count()
    assert all("EMAIL_SEND_DEADLINE" in row.last_error for row in tried)
    assert not Reminder.objects.filter(status="sending").exists()
    untried = Reminder.objects.filter(pk__in=due, attempts=0)
    assert {row.status for row in untried} == {"pending"}
