"""Sign-up and settings offer each zone by its name today, grouped by region."""

import re

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def options(html):
    return re.findall(r'<option value="([^"]*)"', html)


def test_sign_up_offers_zones_by_their_names_today_grouped_by_region(client):
    html = client.get("/signup/").content.decode()
    zones = options(html)
    assert "Asia/Kolkata" in zones
    assert "Europe/Oslo" in zones
    for old in ("Asia/Calcutta", "US/Eastern", "Europe/Kiev", "GB"):
        assert old not in zones
    assert len(zones) < 450
    assert '<optgroup label="Asia">' in html


def test_an_old_zone_name_signs_up_as_the_zone_it_stands_for(client):
    response = client.post(
        "/signup/",
        {
            "username": "priya",
            "email": "priya@example.com",
            "password1": "a-long-password-9",
            "password2": "a-long-password-9",
            "timezone": "Asia/Calcutta",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="priya").timezone == "Asia/Kolkata"


def test_the_settings_list_and_typed_old_names_use_the_names_today(client, owner):
    client.force_login(owner)
    html = client.get("/settings/").content.decode()
    assert "Asia/Calcutta" not in options(html)
    assert "Asia/Kolkata" in options(html)
