"""The settings page: name, e-mail, time zone and reminder preferences."""

import re

import pytest
from django.db.models.signals import post_save
from django.urls import reverse

from accounts.forms import offered_timezones
from accounts.models import User
from tests.support.settings_forms import form_data

SETTINGS = "/settings/"


def snapshot(user):
    user.refresh_from_db()
    return {f.name: getattr(user, f.name) for f in User._meta.concrete_fields}


def test_the_url_has_its_name(db):
    assert reverse("settings") == SETTINGS


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/settings/"


def test_it_shows_the_users_own_values(client, owner):
    client.force_login(owner)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="72, 24, 2"' in body
    assert 'value="America/New_York"' in body
    assert "alice@example.com · confirmed" in body


def test_the_zone_field_searches_every_zone(client, owner):
    client.force_login(owner)
    body = client.get(SETTINGS).content.decode()
    assert re.search(r'<input[^>]*name="timezone"[^>]*list="timezone-choices"', body) or re.search(
        r'<input[^>]*list="timezone-choices"[^>]*name="timezone"', body
    )
    datalist = re.search(r'<datalist id="timezone-choices">(.*?)</datalist>', body, re.S).group(1)
    zones = re.findall(r'<option value="([^"]+)">', datalist)
    assert zones == sorted(offered_timezones())


def test_it_saves_every_preference(client, owner):
    client.force_login(owner)
    response = client.post(
        SETTINGS,
        form_data(
            first_name="Alicia",
            email="alicia@example.com",
            timezone="Europe/Berlin",
            email_reminders=None,  # unticked
            start_reminder_hours="2, 72,24",
            completion_reminder_hours="",
            offer_reminder_hours="12",
            proposal_followup_days="10",
            offer_request_followup_days="5",
        ),
        follow=True,
    )
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your settings are saved." in response.content.decode()
    owner.refresh_from_db()
    assert owner.first_name == "Alicia"
    # The address is changed on its own page, and only once the new one is confirmed.
    assert owner.email == "alice@example.com"
    assert owner.timezone == "Europe/Berlin"
    assert owner.email_reminders is False
    assert owner.inapp_reminders is True
    assert owner.start_reminder_hours == [72, 24, 2]
    assert owner.completion_reminder_hours == []
    assert owner.offer_reminder_hours == [12]
    assert owner.proposal_followup_days == 10
    assert owner.offer_request_followup_days == 5


def test_the_new_zone_is_used_at_once(client, owner):
    client.force_login(owner)
    response = client.post(SETTINGS, form_data(timezone="Asia/Tokyo"), follow=True)
    assert "Times in Asia/Tokyo." in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("  europe/berlin ", "Europe/Berlin"),
        ("New York", "America/New_York"),
    ],
)
def test_a_zone_typed_loosely_is_understood(client, owner, typed, stored):
    client.force_login(owner)
    client.post(SETTINGS, form_data(timezone=typed))
    owner.refresh_from_db()
    assert owner.timezone == stored


def test_saving_saves_the_user_so_others_can_react(client, owner):
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(receiver, sender=User)
    try:
        client.force_login(owner)
        client.post(SETTINGS, form_data(offer_reminder_hours="24"))
    finally:
        post_save.disconnect(receiver, sender=User)
    assert owner.pk in saved


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a time zone we know"),
        ("timezone", "", "This field is required."),
        ("start_reminder_hours", "abc", "“abc” is not a whole number of hours"),
        ("start_reminder_hours", "72, 2.5", "“2.5” is not a whole number of hours"),
        ("start_reminder_hours", "0", "Each lead time must be between 1 and 720 hours."),
        ("completion_reminder_hours", "-1", "Each lead time must be between 1 and 720 hours."),
        ("offer_reminder_hours", "721", "Each lead time must be between 1 and 720 hours."),
        ("offer_reminder_hours", "24, 6, 24", "A lead time is listed twice."),
        ("proposal_followup_days", "0", "greater than or equal to 1"),
        ("offer_request_followup_days", "91", "less than or equal to 90"),
        ("proposal_followup_days", "", "This field is required."),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_changes(
    client, owner, field, value, message
):
    client.force_login(owner)
    before = snapshot(owner)
    response = client.post(SETTINGS, form_data(first_name="Changed", **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    body = response.content.decode()
    assert message.replace("“", "&#x201c;") in body or message in body
    # The message sits in the field's own block, right after its input.
    block = re.search(
        rf'<div class="field has-error[^"]*">\s*<label for="id_{field}">.*?</div>', body, re.S
    )
    assert block and message.split("“")[-1][:20] in block.group(0)
    assert snapshot(owner) == before
    # The layout goes on naming the saved zone, not the refused one.
    assert '<span class="zone" title="Times are shown in this zone">America/New_York</span>' in body


def test_it_changes_only_the_signed_in_users_settings(client, owner, stranger):
    client.force_login(stranger)
    client.post(SETTINGS, form_data(first_name="Mallory", email="m@example.com", timezone="UTC"))
    owner.refresh_from_db()
    stranger.refresh_from_db()
    assert owner.first_name == "Alice"
    assert owner.timezone == "America/New_York"
    assert stranger.first_name == "Mallory"
    assert stranger.timezone == "UTC"


def test_an_address_posted_to_the_settings_page_is_not_saved(client, owner):
    client.force_login(owner)
    client.post(SETTINGS, form_data(email="stranger@example.net", email_reminders=None))
    owner.refresh_from_db()
    assert owner.email == "alice@example.com"
    assert owner.reminder_email() == "alice@example.com"
