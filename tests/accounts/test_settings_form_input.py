"""Bad input on the settings page: zones, lead times, follow-ups.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.utils.html import escape

from tests.support.bad_input import (
    SETTINGS,
    Case,
    settings_form,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # The settings page: zones, lead times, follow-ups.
    Case(
        "zone-unknown",
        SETTINGS,
        settings_form,
        {"timezone": "Mars/Olympus_Mons"},
        "“Mars/Olympus_Mons” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-a-file-path",
        SETTINGS,
        settings_form,
        {"timezone": "../../../etc/passwd"},
        "“../../../etc/passwd” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-an-offset",
        SETTINGS,
        settings_form,
        {"timezone": "+05:30"},
        "“+05:30” is not a time zone we know. Pick one such as Europe/Berlin or America/New_York.",
    ),
    Case(
        "lead-time-in-words",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "72, a day, 2"},
        "“a” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-fractional",
        SETTINGS,
        settings_form,
        {"completion_reminder_hours": "1.5"},
        "“1.5” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "zone-the-servers-own-alias",
        SETTINGS,
        settings_form,
        {"timezone": "localtime"},
        "“localtime” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-the-placeholder",
        SETTINGS,
        settings_form,
        {"timezone": "Factory"},
        "“Factory” is not a time zone we know. Pick one such as Europe/Berlin or America/New_York.",
    ),
    Case(
        "lead-time-with-an-underscore",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "7_2"},
        "“7_2” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-in-full-width-digits",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "１２"},
        "“１２” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-zero",
        SETTINGS,
        settings_form,
        {"offer_reminder_hours": "0"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-negative",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "24, -5"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-over-a-month",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "721"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-huge",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "99999999999999999999999999"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-twice",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "24, 24"},
        "A lead time is listed twice.",
    ),
    Case(
        "follow-up-after-zero-days",
        SETTINGS,
        settings_form,
        {"proposal_followup_days": "0"},
        "Ensure this value is greater than or equal to 1.",
    ),
    Case(
        "follow-up-after-91-days",
        SETTINGS,
        settings_form,
        {"offer_request_followup_days": "91"},
        "Ensure this value is less than or equal to 90.",
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_bad_input_is_refused_with_its_message_and_changes_nothing(case, world, client, owner):
    if not case.anonymous:
        client.force_login(owner)
    url = case.url(world)
    data = case.data(world)
    message = case.message(world) if callable(case.message) else case.message
    before = snapshot()
    response = client.post(url, data, follow=case.follow)
    assert response.status_code == 200, response.status_code
    assert escape(message) in response.content.decode(), message
    assert not changes(before, snapshot())
