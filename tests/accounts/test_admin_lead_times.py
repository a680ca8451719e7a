"""The user admin takes reminder lead times as the settings page does: hours by commas."""

import pytest

from reminders.models import Reminder
from tests.support.followups_admin import change_in_admin, sign_in_admin


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


def test_emptying_a_users_lead_times_in_the_admin_turns_those_reminders_off(
    admin_client, now, owner, make_invitation
):
    make_invitation()
    assert Reminder.objects.filter(kind="start_window", status="pending").exists()

    page = change_in_admin(admin_client, owner, start_reminder_hours="")

    assert page.status_code == 302
    owner.refresh_from_db()
    assert owner.start_reminder_hours == []
    assert not Reminder.objects.filter(kind="start_window", status="pending").exists()


def test_the_user_admin_reads_lead_times_written_as_on_the_settings_page(admin_client, now, owner):
    page = change_in_admin(admin_client, owner, completion_reminder_hours="2, 12 ,36")

    assert page.status_code == 302
    owner.refresh_from_db()
    assert owner.completion_reminder_hours == [36, 12, 2]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("null", "“null” is not a whole number of hours."),
        ("[72, 24]", "“[72” is not a whole number of hours."),
        ("0", "Each lead time must be between 1 and 720 hours."),
        ("6, 6", "A lead time is listed twice."),
    ],
)
def test_the_user_admin_refuses_bad_lead_times_and_saves_nothing(
    admin_client, now, owner, typed, message
):
    page = change_in_admin(admin_client, owner, offer_reminder_hours=typed)

    assert page.status_code == 200
    [error] = page.context["adminform"].form.errors["offer_reminder_hours"]
    assert error.startswith(message)
    owner.refresh_from_db()
    assert owner.offer_reminder_hours == [48, 6]
