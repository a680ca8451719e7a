"""Sign-up: a new freelancer picks a name, an e-mail, a password and their time zone."""

import re

import pytest
from django.urls import reverse

from accounts.forms import offered_timezones
from accounts.models import User

SIGNUP = "/signup/"


def valid_data(**changes):
    data = {
        "username": "bob",
        "email": "bob@example.com",
        "password1": "a-long-passphrase-42",
        "password2": "a-long-passphrase-42",
        "timezone": "Asia/Tokyo",
    }
    data.update(changes)
    return data


def test_it_is_reached_by_name(db):
    assert reverse("account_signup") == SIGNUP


def test_it_offers_every_zone_once_sorted_with_utc_chosen_and_the_browser_zone_detected(client, db):
    page = client.get(SIGNUP)
    assert page.status_code == 200
    body = page.content.decode()
    select = re.search(r'<select name="timezone"[^>]*>(.*?)</select>', body, re.S)
    assert select is not None
    assert "data-detect-timezone" in re.search(r'<select name="timezone"[^>]*>', body).group(0)
    values = re.findall(r'<option value="([^"]+)"', select.group(1))
    # Each zone by its name today (Asia/Kolkata, not the old Asia/Calcutta).
    assert sorted(values) == sorted(offered_timezones())
    assert values[0] == "UTC"
    assert len(values) == len(set(values))
    assert re.search(r'<option value="UTC"[^>]*selected', body)
    assert '<optgroup label="Europe">' in body


def test_each_region_lists_its_zones_in_order(client, db):
    body = client.get(SIGNUP).content.decode()
    europe = re.search(r'<optgroup label="Europe">(.*?)</optgroup>', body, re.S).group(1)
    zones = re.findall(r'<option value="([^"]+)"', europe)
    assert zones == sorted(z for z in offered_timezones() if z.startswith("Europe/"))


def test_it_creates_the_account_signs_in_and_opens_the_dashboard(client, db):
    response = client.post(SIGNUP, valid_data())
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(username="bob")
    assert user.email == "bob@example.com"
    assert user.timezone == "Asia/Tokyo"
    assert user.check_password("a-long-passphrase-42")
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert page.context["user"] == user
    assert "Welcome, bob" in page.content.decode()


def test_without_a_choice_the_zone_is_utc(client, db):
    client.post(SIGNUP, valid_data(timezone="UTC"))
    assert User.objects.get(username="bob").timezone == "UTC"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password2": "something-else-42"}, "password2", "the same password each time"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "is not a time zone we know"),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"username": ""}, "username", "This field is required."),
        ({"username": "ALICE"}, "username", "A user with that username already exists."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_no_account(
    client, owner, changes, field, message
):
    before = User.objects.count()
    response = client.post(SIGNUP, valid_data(**changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


def test_a_re_shown_form_keeps_the_zone_picked_instead_of_detecting_it_again(client, db):
    body = client.post(SIGNUP, valid_data(password2="different-99")).content.decode()
    tag = re.search(r'<select name="timezone"[^>]*>', body).group(0)
    assert "data-detect-timezone" not in tag
    assert re.search(r'<option value="Asia/Tokyo"[^>]*selected', body)


def test_a_signed_in_user_is_sent_to_the_dashboard(client, owner):
    client.force_login(owner)
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_the_log_in_page_links_to_sign_up(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert f'href="{SIGNUP}"' in body


class TestWhenSignupIsOff:
    @pytest.fixture(autouse=True)
    def _off(self, settings):
        settings.TRACKER_ALLOW_SIGNUP = False

    def test_the_page_says_sign_up_is_closed(self, client, db):
        page = client.get(SIGNUP)
        assert "Sign-up is closed" in page.content.decode()
        assert "password1" not in page.content.decode()

    def test_posting_creates_nobody(self, client, db):
        assert "Sign-up is closed" in client.post(SIGNUP, valid_data()).content.decode()
        assert not User.objects.filter(username="bob").exists()

    def test_no_page_links_to_it(self, client, db):
        body = client.get(reverse("account_login")).content.decode()
        assert SIGNUP not in body
        assert "Sign up" not in body
