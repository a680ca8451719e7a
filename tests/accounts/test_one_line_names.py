"""A user's first and last names are one line: the settings form refuses a line break."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.models import User
from tests.support.settings_forms import form_data as settings_data

REFUSED = "Keep this on one line: line breaks are not allowed here."


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_the_settings_form_refuses_a_name_with_a_line_break(signed_in, owner, field):
    before = model_to_dict(User.objects.get(pk=owner.pk))
    response = signed_in.post(reverse("settings"), settings_data(**{field: "Al\nice"}))
    assert response.status_code == 200
    assert REFUSED in response.text
    assert model_to_dict(User.objects.get(pk=owner.pk)) == before
