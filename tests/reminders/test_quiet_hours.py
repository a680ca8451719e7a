"""Quiet hours: reminders wait until they end, unless the deadline would pass first."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from reminders.models import Notification, Reminder
from reminders.quiet import send_at
from reminders.tasks import send_due_reminders

H = timedelta(hours=1)
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def night_owl(owner):
    owner.timezone = "Europe/Berlin"
    owner.quiet_start, owner.quiet_end = time(23, 0), time(7, 0)
    owner.save()
    return owner


def local(*args):
    return datetime(*args, tzinfo=BERLIN)


def far_deadline(moment):
    return moment + timedelta(days=5)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (local(2026, 6, 10, 22, 59), local(2026, 6, 10, 22, 59)),  # a minute before
        (local(2026, 6, 10, 23, 0), local(2026, 6, 11, 7, 0)),  # the first quiet minute
        (local(2026, 6, 11, 3, 0), local(2026, 6, 11, 7, 0)),  # after midnight
        (local(2026, 6, 11, 6, 59), local(2026, 6, 11, 7, 0)),  # the last quiet minute
        (local(2026, 6, 11, 7, 0), local(2026, 6, 11, 7, 0)),  # quiet hours are over
    ],
)
def test_a_reminder_inside_quiet_hours_waits_for_their_end(night_owl, moment, expected):
    assert send_at(moment, far_deadline(moment), night_owl, H) == expected


def test_a_reminder_goes_at_once_when_the_deadline_would_pass_first(night_owl):
    moment = local(2026, 6, 11, 1, 0)
    # The deadline is before 07:00, or within the shortest lead (1 h) after it.
    assert send_at(moment, local(2026, 6, 11, 6, 0), night_owl, H) == moment
    assert send_at(moment, local(2026, 6, 11, 8, 0), night_owl, H) == moment
    assert send_at(moment, local(2026, 6, 11, 8, 1), night_owl, H) == local(2026, 6, 11, 7, 0)


def test_quiet_hours_within_one_day(night_owl):
    night_owl.quiet_start, night_owl.quiet_end = time(13, 0), time(15, 0)
    moment = local(2026, 6, 11, 14, 0)
    assert send_at(moment, far_deadline(moment), night_owl, H) == local(2026, 6, 11, 15, 0)
    evening = local(2026, 6, 11, 23, 30)
    assert send_at(evening, far_deadline(evening), night_owl, H) == evening


def test_no_quiet_hours_without_both_ends(night_owl):
    night_owl.quiet_end = None
    moment = local(2026, 6, 11, 3, 0)
    assert send_at(moment, far_deadline(moment), night_owl, H) == moment


def test_quiet_hours_keep_the_local_clock_across_daylight_saving(night_owl):
    # Clocks in Berlin go back at 03:00 CEST on 25 Oct 2026 (to 02:00 CET): the quiet hours
    # end at 07:00 CET, nine hours of elapsed time after 23:00 CEST, not eight.
    moment = local(2026, 10, 24, 23, 0)
    ends = send_at(moment, far_deadline(moment), night_owl, H)
    assert ends == datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    assert ends - moment == 9 * H
    # And forward on 29 March 2026: 23:00 CET to 07:00 CEST is seven hours.
    spring = local(2026, 3, 28, 23, 0)
    assert send_at(spring, far_deadline(spring), night_owl, H) - spring == 7 * H


def test_the_sweep_holds_email_and_channels_but_shows_the_reminder_in_the_app(
    night_owl, make_invitation
):
    notified = local(2026, 6, 1, 2, 30)
    with time_machine.travel(notified, tick=False):
        invitation = make_invitation(notified_at=notified)
    due = invitation.start_deadline - 24 * H  # 02:30 Berlin time: quiet
    with time_machine.travel(due, tick=False):
        send_due_reminders(now=due)
    assert mail.outbox == []
    assert Notification.objects.count() == 1
    row = Reminder.objects.get(due_at=due)
    assert row.status == "pending"
    assert row.next_attempt_at == local(2026, 6, 14, 7, 0)
    morning = local(2026, 6, 14, 7, 0)
    with time_machine.travel(morning, tick=False):
        send_due_reminders(now=morning)
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_settings_say_the_quiet_hours_in_words_in_the_users_zone(client, owner, now):
    owner.timezone = "Asia/Kolkata"
    owner.save()
    client.force_login(owner)
    form = {
        "email": owner.email,
        "timezone": "Asia/Kolkata",
        "email_reminders": "on",
        "inapp_reminders": "on",
        "quiet_start": "23:00",
        "quiet_end": "07:00",
        "start_reminder_hours": "72, 24, 2",
        "completion_reminder_hours": "24, 6, 1",
        "offer_reminder_hours": "48, 6",
        "proposal_followup_days": 7,
        "offer_request_followup_days": 3,
    }
    assert client.post(reverse("settings"), form).status_code == 302
    page = client.get(reverse("settings")).content.decode()
    assert (
        "Between 23:00 and 07:00 IST only the last reminder before a deadline reaches you." in page
    )
    assert reverse("channel_list") in page


def test_settings_refuse_half_of_the_quiet_hours(client, owner, now):
    client.force_login(owner)
    response = client.post(
        reverse("settings"),
        {
            "email": owner.email,
            "timezone": "UTC",
            "quiet_start": "23:00",
            "start_reminder_hours": "72",
            "completion_reminder_hours": "24",
            "offer_reminder_hours": "48",
            "proposal_followup_days": 7,
            "offer_request_followup_days": 3,
        },
    )
    assert response.status_code == 200
    assert "Give both ends of your quiet hours" in response.content.decode()
    owner.refresh_from_db()
    assert owner.quiet_start is None
