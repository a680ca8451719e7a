"""A lease that fits the work: short, renewed while the sweep that holds it is alive, so a
dead sweep's rows come back in about a minute, and a live one's are never taken from it."""

from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from reminders.models import Reminder
from reminders.tasks import claim, reclaim_expired_claims, send_due_reminders

from ..conftest import NOW
from .test_delivery_deadline import due_reminders

pytestmark = pytest.mark.django_db


def test_a_dead_sweeps_rows_come_back_after_about_a_minute(now):
    due = due_reminders(freelancers=1, each=3)
    # A sweep claims them and dies before it sends anything.
    assert len(claim("3f2a0c3e-0000-4000-8000-000000000001", NOW, sorted(due))) == 3
    assert reclaim_expired_claims(NOW + timedelta(seconds=59)) == 0
    assert reclaim_expired_claims(NOW + timedelta(seconds=61)) == 3


class SlowClockServer(BaseEmailBackend):
    """Takes 20 s of the test's clock for each e-mail; meanwhile another sweep looks for
    expired leases, and must find none of this live sweep's rows."""

    traveller = None
    taken_back = []
    delivered = []

    def send_messages(self, messages):
        type(self).traveller.shift(timedelta(seconds=20))
        type(self).taken_back.append(reclaim_expired_claims(timezone.now()))
        type(self).delivered.extend(messages)
        return len(messages)


def test_a_live_sweep_renews_its_lease_so_no_other_sweep_takes_its_rows(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.reminders.test_lease.SlowClockServer"
    settings.EMAIL_SEND_DEADLINE = 20
    settings.REMINDER_LEASE = timedelta(seconds=30)
    settings.REMINDER_SWEEP_BUDGET = timedelta(hours=1)
    monkeypatch.setattr(SlowClockServer, "taken_back", [])
    monkeypatch.setattr(SlowClockServer, "delivered", [])
    with time_machine.travel(NOW, tick=False) as traveller:
        monkeypatch.setattr(SlowClockServer, "traveller", traveller)
        due = due_reminders(freelancers=6, each=1)
        # Six e-mails, 20 s each: two minutes, four leases of 30 s, all in one batch.
        report = send_due_reminders()
    assert report.sent == 6 and report.emails == 6
    assert SlowClockServer.taken_back == [0] * 6
    assert len(SlowClockServer.delivered) == 6
    assert set(Reminder.objects.filter(status="sent").values_list("pk", flat=True)) == due
