"""Bad input on the sign-up form.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.utils.html import escape

from tests.support.bad_input import (
    SIGNUP,
    Case,
    signup_form,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # Signing up.
    Case(
        "signup-zone-forged",
        SIGNUP,
        signup_form,
        {"timezone": "Nowhere/Land"},
        "“Nowhere/Land” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
        anonymous=True,
    ),
    Case(
        "signup-username-with-emoji",
        SIGNUP,
        signup_form,
        {"username": "new 🚀"},
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters.",
        anonymous=True,
    ),
    Case(
        "signup-passwords-differ",
        SIGNUP,
        signup_form,
        {"password2": "a-Long-pass-phrase-8"},
        "You must type the same password each time.",
        anonymous=True,
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
