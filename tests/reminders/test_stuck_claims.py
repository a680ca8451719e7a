"""A row left "being sent" with no lease is taken back and sent once; the admin cannot put a
row into that state by hand."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


@pytest.fixture
def stuck(now, make_invitation):
    """The invitation's 1-day reminder, due, left "being sent" with no lease."""
    invitation = make_invitation(notified_at=NOW - timedelta(days=13))
    row = Reminder.objects.get(subject_id=invitation.pk, lead=24 * H)
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.SENDING, claim_token=None, claimed_until=None
    )
    return row


def test_a_row_being_sent_without_a_lease_counts_as_an_expired_claim(stuck, settings):
    leased = Reminder.objects.exclude(pk=stuck.pk).first()
    Reminder.objects.filter(pk=leased.pk).update(
        status=Reminder.Status.SENDING, claimed_until=NOW + settings.REMINDER_LEASE
    )
    expired = Reminder.objects.expired_claims(NOW)
    assert list(expired) == [stuck]
    later = NOW + settings.REMINDER_LEASE + timedelta(seconds=1)
    assert set(Reminder.objects.expired_claims(later)) == {stuck, leased}


def test_a_pending_row_without_a_lease_is_not_a_claim(now, make_invitation):
    make_invitation(notified_at=NOW - timedelta(days=13))
    assert Reminder.objects.filter(claimed_until__isnull=True).exists()
    assert not Reminder.objects.expired_claims(NOW).exists()


def test_the_sweep_takes_a_stuck_row_back_and_sends_it_exactly_once(stuck):
    report = sweep(NOW)
    assert (report.reclaimed, report.sent) == (1, 1)
    stuck.refresh_from_db()
    assert stuck.status == Reminder.Status.SENT
    assert (stuck.claim_token, stuck.claimed_until) == (None, None)
    assert len(mail.outbox) == 1
    assert "1 day left" in mail.outbox[0].subject
    again = sweep(NOW + timedelta(minutes=1))
    assert (again.reclaimed, again.sent) == (0, 0)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(reminder=stuck).count() == 1


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    return client


def test_the_admin_shows_the_status_but_cannot_change_it(admin_client, now, make_invitation):
    make_invitation()
    row = Reminder.objects.filter(status=Reminder.Status.PENDING).first()
    url = reverse("admin:reminders_reminder_change", args=[row.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
    assert "Pending" in page.text
    data = {
        "owner": row.owner_id,
        "status": Reminder.Status.SENDING,
        "next_attempt_at_0": "2026-11-26",
        "next_attempt_at_1": "12:00:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Reminder.Status.PENDING
    assert not Reminder.objects.filter(status=Reminder.Status.SENDING).exists()
