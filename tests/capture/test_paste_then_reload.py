"""A pre-filled form keeps its values across a reload, until saved or discarded, and puts the
keyboard on the first value to check."""

import re

import pytest

from interviews.models import Invitation
from tests.support.notification_samples import SAMPLES

pytestmark = pytest.mark.django_db

NEW = "/invitations/new/"


@pytest.fixture
def pasted(client, owner, now):
    client.force_login(owner)
    text = (SAMPLES / "invitation_email_plain.txt").read_text()
    response = client.post("/invitations/paste/", {"text": text})
    assert response["Location"] == NEW + "?pasted=1"
    return client


def test_reloading_the_pre_filled_form_shows_the_values_again(pasted):
    first = pasted.get(NEW + "?pasted=1")
    again = pasted.get(NEW + "?pasted=1")
    for response in (first, again):
        assert 'value="Northwind Logistics"' in response.text


def test_the_first_filled_field_has_the_focus(pasted):
    response = pasted.get(NEW + "?pasted=1")
    focused = re.findall(r"<(?:input|select|textarea)[^>]*\bautofocus\b[^>]*>", response.text)
    assert len(focused) == 1
    assert 'name="new_client_name"' in focused[0] or 'name="client"' in focused[0]


def test_saving_forgets_the_pasted_values(pasted):
    response = pasted.get(NEW + "?pasted=1")
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["notified_at"] = form["notified_at"].value()
    saved = pasted.post(NEW, data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert Invitation.objects.count() == 1
    assert "pasted_invitation" not in pasted.session
    assert 'value="Northwind Logistics"' not in pasted.get(NEW + "?pasted=1").text


def test_opening_the_blank_form_discards_the_paste(pasted):
    pasted.get(NEW)
    assert "pasted_invitation" not in pasted.session
