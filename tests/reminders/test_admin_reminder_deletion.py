"""Reminder rows are not deleted by hand in the admin: the next save of their subject would
plan them again, and one that went out would go out a second time. They go with their owner."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from reminders.admin import ReminderAdmin
from reminders.models import Reminder
from reminders.tasks import send_due_reminders
from tests.support.followups_admin import change_in_admin, change_url, form_data, sign_in_admin
from tests.support.instants import NOW


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


@pytest.fixture
def one_sent(owner, make_invitation):
    """An invitation whose 72-hour start reminder went out at NOW."""
    with time_machine.travel(NOW, tick=False):
        invitation = make_invitation(notified_at=NOW - timedelta(days=11, hours=1))
        send_due_reminders()
    assert len(mail.outbox) == 1
    return invitation, Reminder.objects.get(status=Reminder.Status.SENT)


def test_a_sent_reminder_cannot_be_deleted_and_so_is_not_sent_again(admin_client, one_sent):
    invitation, sent = one_sent
    with time_machine.travel(NOW, tick=False):
        page = admin_client.post(
            reverse("admin:reminders_reminder_delete", args=[sent.pk]), {"post": "yes"}
        )
        assert page.status_code == 403
        listing = admin_client.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "delete_selected", "_selected_action": [str(sent.pk)], "post": "yes"},
        )
        assert listing.status_code == 302  # back to the list: no such action
    assert Reminder.objects.filter(pk=sent.pk, status=Reminder.Status.SENT).exists()

    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        change_in_admin(admin_client, invitation, job_title="Build a better dashboard")
        send_due_reminders()
    assert len(mail.outbox) == 1


def test_the_reminder_change_page_offers_no_delete(admin_client, one_sent):
    _, sent = one_sent
    page = admin_client.get(reverse("admin:reminders_reminder_change", args=[sent.pk]))
    assert page.status_code == 200
    assert reverse("admin:reminders_reminder_delete", args=[sent.pk]) not in page.text


def test_deleting_their_owner_in_the_admin_still_takes_the_reminders_along(
    admin_client, owner, one_sent
):
    url = reverse("admin:accounts_user_delete", args=[owner.pk])
    confirm = admin_client.get(url)
    assert not confirm.context["perms_lacking"]

    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Reminder.objects.exists()


def test_saving_a_reminder_writes_only_its_next_attempt_not_a_sweeps_mark(
    admin_client, owner, make_invitation, monkeypatch
):
    """A sweep may send the row between the admin reading it and saving it: the save must
    not put the row back in the queue to be sent again."""
    with time_machine.travel(NOW, tick=False):
        make_invitation(notified_at=NOW - timedelta(days=10))
        row = Reminder.objects.filter(status=Reminder.Status.PENDING).earliest("due_at")
        data = form_data(admin_client.get(change_url(row)))
        data["next_attempt_at_1"] = "23:45:00"
        read_row = ReminderAdmin.get_object

        def read_then_sweep(self, request, object_id, from_field=None):
            obj = read_row(self, request, object_id, from_field)
            if request.method == "POST":  # the sweep marks the row sent after the read
                Reminder.objects.filter(pk=obj.pk).update(
                    status=Reminder.Status.SENT, sent_at=NOW, attempts=1
                )
            return obj

        monkeypatch.setattr(ReminderAdmin, "get_object", read_then_sweep)
        response = admin_client.post(change_url(row), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == (Reminder.Status.SENT, NOW, 1)
    assert row.next_attempt_at.time().strftime("%H:%M") == "23:45"
