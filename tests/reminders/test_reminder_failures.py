"""A failed delivery is retried with back-off, never lost and never doubled."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from interviews.models import Client
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW
from tests.support.mail_backends import FlakyBackend

H = timedelta(hours=1)
BACKEND = "tests.support.mail_backends.FlakyBackend"


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = BACKEND
    FlakyBackend.failing = set()
    FlakyBackend.delivered = []
    yield FlakyBackend
    FlakyBackend.failing = set()


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def test_a_failed_message_is_retried_later_and_delivered_once_it_recovers(
    now, flaky, make_invitation, stranger
):
    # Two freelancers, so two e-mails: one fails, the other goes out.
    make_invitation(notified_at=NOW - timedelta(days=13), job_title="Fine")
    broken_client = Client.objects.create(owner=stranger, name="Broken Co")
    broken = make_invitation(
        notified_at=NOW - timedelta(days=13), client=broken_client, owner=stranger
    )
    flaky.failing = {"Broken Co"}
    report = sweep(NOW)
    assert (report.sent, report.retried) == (1, 1)
    row = Reminder.objects.get(subject_id=broken.pk, kind="start_window", lead=24 * H)
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at == NOW + timedelta(minutes=1)
    assert "SMTP server unavailable" in row.last_error
    # Not before its back-off, even if swept again.
    assert sweep(NOW + timedelta(seconds=30)).sent == 0
    flaky.failing = set()
    assert sweep(NOW + timedelta(minutes=1)).sent == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    subjects = [m.subject for m in flaky.delivered]
    assert len(subjects) == len(set(subjects)) == 2


def test_the_backoff_grows_then_the_row_is_marked_failed(now, flaky, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13, hours=12))
    flaky.failing = {"Acme"}
    moment = NOW
    for expected_delay in (1, 5, 15, 60):
        sweep(moment)
        row = Reminder.objects.get(subject_id=invitation.pk, lead=24 * H)
        assert row.next_attempt_at == moment + timedelta(minutes=expected_delay)
        moment = row.next_attempt_at
    sweep(moment)
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 5
    assert "SMTP server unavailable" in row.last_error


def test_the_admin_retry_action_sends_a_failed_reminder(now, flaky, make_invitation, client, db):
    from accounts.models import User

    invitation = make_invitation(notified_at=NOW - timedelta(days=13, hours=12))
    Reminder.objects.filter(subject_id=invitation.pk, lead=24 * H).update(
        status="failed", attempts=5, last_error="boom"
    )
    admin = User.objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(admin)
    row = Reminder.objects.get(status="failed")
    client.post(
        "/admin/reminders/reminder/",
        {"action": "retry_reminders", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 0
    assert sweep(NOW).sent == 1


def test_a_claim_whose_sweep_died_is_taken_back_after_the_lease(now, make_invitation, settings):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13))
    row = Reminder.objects.get(subject_id=invitation.pk, lead=24 * H)
    Reminder.objects.filter(pk=row.pk).update(
        status="sending", claimed_until=NOW + settings.REMINDER_LEASE
    )
    assert sweep(NOW + timedelta(minutes=1)).sent == 0  # still leased to the dead sweep
    report = sweep(NOW + settings.REMINDER_LEASE + timedelta(seconds=1))
    assert report.reclaimed == 1 and report.sent == 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_the_command_prints_what_it_sent_retried_and_skipped(now, flaky, make_invitation, capsys):
    make_invitation(notified_at=NOW - timedelta(days=13))
    flaky.failing = {"Acme"}
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "retry" in out and "SMTP server unavailable" in out
    assert "skip" in out
    assert "retried 1" in out


def test_one_sweep_uses_one_mail_connection_and_reconnects_after_a_failure(
    now, settings, make_invitation, stranger
):
    from tests.support.mail_backends import CountingBackend

    settings.EMAIL_BACKEND = "tests.support.mail_backends.CountingBackend"
    CountingBackend.opens, CountingBackend.delivered = 0, []
    CountingBackend.fail_subjects = set()
    for number in range(5):
        make_invitation(notified_at=NOW - timedelta(days=13), job_title=f"Job {number}")
    assert sweep(NOW).sent == 5
    assert CountingBackend.opens == 1

    CountingBackend.opens = 0
    # Another freelancer's e-mail fails first; the owner's own goes out after it.
    broken = Client.objects.create(owner=stranger, name="Flaky Ltd")
    make_invitation(
        notified_at=NOW - timedelta(days=13), client=broken, job_title="A", owner=stranger
    )
    make_invitation(notified_at=NOW - timedelta(days=13), job_title="After the failure")
    CountingBackend.fail_subjects = {"Flaky Ltd"}
    report = sweep(NOW + timedelta(minutes=1))
    CountingBackend.fail_subjects = set()
    assert (report.sent, report.retried) == (1, 1)
    assert CountingBackend.opens == 2  # the broken connection was replaced


def test_reminders_sent_together_fail_together_and_go_out_together_once(
    now, flaky, make_invitation, client_record
):
    # One freelancer's three due reminders travel in one e-mail; when it fails, all three
    # wait for the back-off and none is lost or sent alone.
    for title in ("First", "Second", "Third"):
        make_invitation(notified_at=NOW - timedelta(days=13), job_title=title)
    due = set(Reminder.objects.filter(lead=24 * H).values_list("pk", flat=True))
    flaky.failing = {"Acme"}
    report = sweep(NOW)
    assert (report.sent, report.retried) == (0, 3)
    rows = Reminder.objects.filter(pk__in=due)
    assert {(r.status, r.attempts, r.next_attempt_at) for r in rows} == {
        ("pending", 1, NOW + timedelta(minutes=1))
    }
    flaky.failing = set()
    assert sweep(NOW + timedelta(minutes=1)).sent == 3
    assert sweep(NOW + timedelta(minutes=2)).sent == 0
    (email,) = flaky.delivered
    assert set(email.reminder_pks) == due
    assert set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)) == due


def test_a_failing_mail_server_does_not_hold_back_the_notification_in_the_app(
    now, flaky, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13))
    flaky.failing = {"Acme"}
    report = sweep(NOW)
    assert (report.sent, report.retried) == (0, 1)
    row = Reminder.objects.get(subject_id=invitation.pk, kind="start_window", lead=24 * H)
    assert row.status == "pending"
    notification = Notification.objects.get(reminder=row)
    assert notification.owner == invitation.owner and notification.read_at is None
    # The e-mail goes out on its retry; the app keeps the one notification it has.
    flaky.failing = set()
    assert sweep(NOW + timedelta(minutes=1)).sent == 1
    assert Notification.objects.filter(reminder=row).count() == 1
    assert len(flaky.delivered) == 1


def test_a_reminder_whose_mail_never_goes_out_is_still_shown_in_the_app(
    now, flaky, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13, hours=12))
    flaky.failing = {"Acme"}
    moment = NOW
    for _ in range(5):
        sweep(moment)
        row = Reminder.objects.get(subject_id=invitation.pk, lead=24 * H)
        moment = row.next_attempt_at
    assert row.status == "failed"
    assert Notification.objects.filter(reminder=row).count() == 1


def test_a_failing_mail_server_adds_no_notification_for_a_user_without_them(
    now, flaky, make_invitation, owner
):
    owner.inapp_reminders = False
    owner.save()
    make_invitation(notified_at=NOW - timedelta(days=13))
    flaky.failing = {"Acme"}
    assert sweep(NOW).retried == 1
    assert not Notification.objects.exists()
