"""`manage.py send_reminders`: one sweep from cron; --dry-run changes nothing."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from reminders import tasks
from reminders.models import Reminder
from tests.conftest import confirmed
from tests.support.instants import NOW


def state():
    return [model_to_dict(r) for r in Reminder.objects.order_by("pk")]


def test_it_sends_what_is_due_and_then_nothing_more(now, make_invitation, capsys):
    make_invitation(notified_at=NOW - timedelta(days=13))
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "sent" in out and "Start your interview with Acme — 1 day left" in out
    assert "Done: sent 1" in out
    call_command("send_reminders")
    assert "Nothing was due." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_dry_run_lists_what_would_go_out_and_changes_nothing(now, make_invitation, capsys):
    make_invitation(notified_at=NOW - timedelta(days=13))
    before = state()
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "would send" in out and "would skip" in out
    assert state() == before and mail.outbox == []


def test_a_bad_mail_backend_fails_with_a_clear_message(db, settings):
    settings.EMAIL_BACKEND = "no.such.Backend"
    with pytest.raises(CommandError, match="EMAIL_BACKEND"):
        call_command("send_reminders")


def test_the_sweep_is_installed_as_a_one_minute_schedule_once(db):
    from django_q.models import Schedule

    from reminders.schedule import install_schedule

    install_schedule()
    install_schedule()
    (schedule,) = Schedule.objects.filter(func="reminders.tasks.send_due_reminders")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1


def test_it_says_how_many_e_mails_carried_the_reminders(now, make_invitation, capsys):
    make_invitation(notified_at=NOW - timedelta(days=13))
    make_invitation(notified_at=NOW - timedelta(days=13, hours=1), job_title="Another")
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "Would have sent 2, skipped 2," in out and out.rstrip().endswith("; 1 e-mail.")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Done: sent 2, skipped 2," in out and out.rstrip().endswith("; 1 e-mail.")
    assert len(mail.outbox) == 1


def test_at_verbosity_0_it_sends_and_prints_nothing(now, make_invitation, capsys):
    make_invitation(notified_at=NOW - timedelta(days=13))
    call_command("send_reminders", verbosity=0)
    assert capsys.readouterr().out == ""
    assert len(mail.outbox) == 1
    call_command("send_reminders", "--dry-run", verbosity=0)
    assert capsys.readouterr().out == ""


def test_at_verbosity_0_it_still_names_a_reminder_given_up_on(
    now, make_invitation, settings, capsys
):
    from tests.support.mail_backends import FlakyBackend

    settings.EMAIL_BACKEND = "tests.support.mail_backends.FlakyBackend"
    make_invitation(notified_at=NOW - timedelta(days=13))
    sending = Reminder.objects.get(lead=timedelta(hours=24))
    Reminder.objects.filter(pk=sending.pk).update(attempts=len(settings.REMINDER_RETRY_DELAYS))
    FlakyBackend.failing = {"Acme"}
    try:
        call_command("send_reminders", verbosity=0)
    finally:
        FlakyBackend.failing = set()
    out = capsys.readouterr().out
    assert out == f"failed        reminder {sending.pk}: ConnectionError: SMTP server unavailable\n"
    assert Reminder.objects.get(pk=sending.pk).status == "failed"


class SlowBackend(BaseEmailBackend):
    """A mail server that takes 15 seconds a message, on the fake clock the sweep reads."""

    clock = SimpleNamespace(now=0.0)

    def send_messages(self, messages):
        self.clock.now += 15 * len(messages)
        return len(messages)


def test_a_sweep_stopped_at_its_time_budget_says_how_many_it_left_for_the_next(
    now, owner, make_invitation, django_user_model, settings, monkeypatch, capsys
):
    settings.EMAIL_BACKEND = "tests.reminders.test_send_reminders_command.SlowBackend"
    monkeypatch.setattr(SlowBackend, "clock", SimpleNamespace(now=0.0))
    monkeypatch.setattr(tasks, "time", SimpleNamespace(monotonic=lambda: SlowBackend.clock.now))
    users = [owner] + [
        confirmed(django_user_model.objects.create_user(name, f"{name}@example.com"))
        for name in ("bob", "carol", "dan")
    ]
    for user in users:
        make_invitation(notified_at=NOW - timedelta(days=13), owner=user)
    # A budget of 40 seconds at 15 a message: three e-mails go out, the fourth waits.
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=40)
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Done: sent 3," in out
    assert out.endswith(
        "1 due reminder was left for the next sweep: this one stopped at its time budget.\n"
    )
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Done: sent 1," in out and "left for the next sweep" not in out
