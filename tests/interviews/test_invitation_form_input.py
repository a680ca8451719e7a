"""Bad input on the new-invitation and edit forms: dates, lengths, links, clients.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.support.bad_input import (
    INVITATION_NEW,
    LATER_TODAY,
    Case,
    invitation_form,
    local,
    long,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # The new-invitation form: dates, lengths, links, clients.
    Case(
        "notice-in-the-future",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": LATER_TODAY},
        "The notification time cannot be in the future.",
    ),
    Case(
        "notice-impossible-date",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "2026-13-45T10:00"},
        "Enter a valid date/time.",
    ),
    Case(
        "notice-in-words",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "yesterday at noon"},
        "Enter a valid date/time.",
    ),
    Case(
        "notice-in-the-year-1",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "0001-01-01T00:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case(
        "notice-in-a-daylight-saving-gap",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "2026-03-08T02:30"},
        "There is no 02:30 on Sun 08 Mar 2026 in America/New_York: the clocks skip it when "
        "they go forward from EST to EDT. Did you mean 03:30 EDT?",
    ),
    Case(
        "notice-missing",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": ""},
        "This field is required.",
    ),
    Case(
        "job-title-301-characters",
        INVITATION_NEW,
        invitation_form,
        {"job_title": long(301)},
        "Ensure this value has at most 300 characters (it has 301).",
    ),
    Case(
        "job-title-with-a-null-character",
        INVITATION_NEW,
        invitation_form,
        {"job_title": "Build\x00it"},
        "Null characters are not allowed.",
    ),
    Case(
        "job-url-javascript",
        INVITATION_NEW,
        invitation_form,
        {"job_url": "javascript:alert(1)"},
        "Enter a valid URL.",
    ),
    Case(
        "job-url-not-a-url",
        INVITATION_NEW,
        invitation_form,
        {"job_url": "upwork dot com"},
        "Enter a valid URL.",
    ),
    Case(
        "client-of-another-user",
        INVITATION_NEW,
        invitation_form,
        {"client": lambda w: w.strangers_client.pk},
        "Select a valid choice. That choice is not one of the available choices.",
    ),
    Case(
        "client-picked-and-typed",
        INVITATION_NEW,
        invitation_form,
        {"new_client_name": "Globex"},
        "Pick one of your clients or type a new client's name, not both.",
    ),
    Case(
        "new-client-name-201-characters",
        INVITATION_NEW,
        invitation_form,
        {"client": "", "new_client_name": long(201)},
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    # Correcting an invitation: the notice moved after the interview started.
    Case(
        "notice-corrected-to-after-the-start",
        lambda w: reverse("invitation_edit", args=[w.started.pk]),
        lambda w: {**invitation_form(w), "job_title": "Started interview"},
        {"notified_at": "2026-11-25T06:45"},
        lambda w: (
            f"The interview started on {local(w, w.started.started_at)}"
            "; the invitation cannot have arrived after that."
        ),
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
