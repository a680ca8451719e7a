"""Bad input on the proposal template form.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.utils.html import escape

from tests.support.bad_input import (
    TEMPLATE_NEW,
    Case,
    long,
    template_form,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # Proposal templates.
    Case(
        "template-name-121-characters",
        TEMPLATE_NEW,
        template_form,
        {"name": long(121)},
        "Ensure this value has at most 120 characters (it has 121).",
    ),
    Case(
        "template-name-taken",
        TEMPLATE_NEW,
        template_form,
        {"name": "Standard"},
        "You already have a template with this name.",
    ),
    Case(
        "template-body-missing",
        TEMPLATE_NEW,
        template_form,
        {"body": ""},
        "This field is required.",
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
