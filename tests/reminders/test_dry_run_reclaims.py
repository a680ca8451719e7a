"""`send_reminders --dry-run` shows the expired claims a real run would take back and send,
marked as such, and still changes nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from interviews.models import Client
from reminders.models import Reminder
from reminders.tasks import preview_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)


def state():
    return [model_to_dict(r) for r in Reminder.objects.order_by("pk")]


def listed(out, action):
    """The reminder ids the command's output lists under `action`, and their lines."""
    lines = re.findall(rf"^{action} +reminder (\d+): (.*)$", out, flags=re.MULTILINE)
    return {int(pk): text for pk, text in lines}


def one_day_reminder(invitation):
    return Reminder.objects.get(subject_id=invitation.pk, kind="start_window", lead=24 * H)


@pytest.fixture
def claims(now, owner, make_invitation, settings):
    """Three due reminders: one pending, one whose lease ran out, one with no lease."""
    globex = Client.objects.create(owner=owner, name="Globex")
    initech = Client.objects.create(owner=owner, name="Initech")
    pending = one_day_reminder(make_invitation(notified_at=NOW - timedelta(days=13)))
    ran_out = one_day_reminder(
        make_invitation(client=globex, notified_at=NOW - timedelta(days=13, minutes=5))
    )
    no_lease = one_day_reminder(
        make_invitation(client=initech, notified_at=NOW - timedelta(days=13, minutes=10))
    )
    Reminder.objects.filter(pk=ran_out.pk).update(
        status=Reminder.Status.SENDING, claimed_until=NOW - timedelta(seconds=1)
    )
    Reminder.objects.filter(pk=no_lease.pk).update(
        status=Reminder.Status.SENDING, claimed_until=None
    )
    return pending, ran_out, no_lease


def test_the_dry_run_lists_expired_claims_marked_and_changes_nothing(claims, capsys):
    pending, ran_out, no_lease = claims
    before = state()
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    would_send = listed(out, "would send")
    assert set(would_send) == {pending.pk, ran_out.pk, no_lease.pk}
    assert would_send[ran_out.pk].endswith("(reclaimed first)")
    assert would_send[no_lease.pk].endswith("(reclaimed first)")
    assert "reclaimed" not in would_send[pending.pk]
    assert "Would have sent 3," in out and "reclaimed 2;" in out
    assert state() == before
    assert mail.outbox == []


def test_the_dry_run_lists_what_the_real_run_then_sends(claims, capsys):
    call_command("send_reminders", "--dry-run")
    preview = capsys.readouterr().out
    call_command("send_reminders")
    real = capsys.readouterr().out
    assert set(listed(preview, "would send")) == set(listed(real, "sent"))
    assert set(listed(preview, "would skip")) == set(listed(real, "skip"))
    assert "reclaimed 2;" in real
    assert len(mail.outbox) == 1 and len(mail.outbox[0].reminder_pks) == 3


def test_a_claim_still_under_its_lease_is_not_listed(now, make_invitation, settings, capsys):
    row = one_day_reminder(make_invitation(notified_at=NOW - timedelta(days=13)))
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.SENDING, claimed_until=NOW + settings.REMINDER_LEASE
    )
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert row.pk not in listed(out, "would send")
    assert "reclaimed 0;" in out


def test_expired_claims_left_out_of_a_long_preview_are_counted(claims, settings):
    settings.REMINDER_BATCH_SIZE = 1
    # Every row whose time has come: pending, or an expired claim a sweep takes back.
    would_take = Reminder.objects.filter(next_attempt_at__lte=NOW).count()
    report = preview_due_reminders(now=NOW, limit=2)
    assert len(report.lines) == 2
    assert report.more == would_take - 2


def test_the_dry_runs_queries_do_not_grow_with_the_expired_claims(now, owner, make_invitation):
    counts = []
    for count, start in ((2, 0), (20, 2)):
        for n in range(start, start + count):
            client = Client.objects.create(owner=owner, name=f"Client {n}")
            row = one_day_reminder(
                make_invitation(client=client, notified_at=NOW - timedelta(days=13, minutes=n))
            )
            Reminder.objects.filter(pk=row.pk).update(
                status=Reminder.Status.SENDING, claimed_until=None
            )
        with CaptureQueriesContext(connection) as queries:
            report = preview_due_reminders(now=NOW)
        assert (report.reclaimed, report.sent) == (start + count, start + count)
        counts.append(len(queries))
    assert counts[0] == counts[1]
