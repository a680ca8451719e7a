"""`?client=` on the new-invitation page picks the client, or none when it is malformed."""

import pytest
from django.test import Client as Browser
from django.urls import reverse

from tests.support.malformed_ids import MALFORMED, spoil


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


# New invitation: ?client= picks the client, or nothing --------------------------------------


@pytest.mark.parametrize("template", MALFORMED + ["", "  "])
def test_a_malformed_client_picks_no_client_for_a_new_invitation(
    signed_in, client_record, template
):
    response = signed_in.get(
        reverse("invitation_new"), {"client": spoil(template, client_record.pk)}
    )
    assert response.status_code == 200
    assert response.context["form"]["client"].value() is None


def test_a_client_with_spaces_around_its_id_is_picked_for_a_new_invitation(
    signed_in, client_record
):
    response = signed_in.get(reverse("invitation_new"), {"client": f" {client_record.pk} "})
    assert response.context["form"]["client"].value() == client_record.pk
