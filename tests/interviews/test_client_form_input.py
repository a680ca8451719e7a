"""Bad input on the client form.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.utils.html import escape

from tests.support.bad_input import (
    CLIENT_NEW,
    Case,
    client_form,
    long,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # The client form.
    Case(
        "client-name-201-characters",
        CLIENT_NEW,
        client_form,
        {"name": long(201)},
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    Case("client-name-missing", CLIENT_NEW, client_form, {"name": "  "}, "This field is required."),
    Case(
        "client-name-taken-in-another-case",
        CLIENT_NEW,
        client_form,
        {"name": "ACME"},
        "You already have a client with this name.",
    ),
    Case(
        "client-website-without-a-host",
        CLIENT_NEW,
        client_form,
        {"website": "http://"},
        "Enter a valid URL.",
    ),
    Case(
        "client-website-javascript",
        CLIENT_NEW,
        client_form,
        {"website": "javascript:alert(document.cookie)"},
        "Enter a valid URL.",
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
