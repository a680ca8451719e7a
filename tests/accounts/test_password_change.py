"""Changing the password from the settings, with the old one as proof."""

from django.urls import reverse

CHANGE = "/password/change/"


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_changes_the_password_and_keeps_you_signed_in(client, owner):
    client.force_login(owner)
    assert client.get(CHANGE).status_code == 200
    response = client.post(
        CHANGE,
        {
            "oldpassword": "alice-password-1",
            "password1": "fresh-passphrase-77",
            "password2": "fresh-passphrase-77",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("fresh-passphrase-77")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_old_password_is_refused_and_nothing_changes(client, owner):
    client.force_login(owner)
    response = client.post(
        CHANGE,
        {
            "oldpassword": "wrong",
            "password1": "fresh-passphrase-77",
            "password2": "fresh-passphrase-77",
        },
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("alice-password-1")


def test_the_settings_page_links_to_it(client, owner):
    client.force_login(owner)
    assert CHANGE in client.get(reverse("settings")).content.decode()
