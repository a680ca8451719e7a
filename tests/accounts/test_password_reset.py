"""Password reset by e-mail: a link to choose a new password, never revealing who has an account."""

import re

from django.core import mail
from django.urls import reverse

RESET = "/password-reset/"


def test_the_urls_have_their_names(db):
    assert reverse("password_reset") == RESET
    assert reverse("password_reset_confirm", args=["MQ", "x-y"]) == "/reset/MQ/x-y/"
    assert reverse("password_reset_done")
    assert reverse("password_reset_complete")


def test_the_form_is_ours(client, db):
    page = client.get(RESET)
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    assert "Django administration" not in page.content.decode()


def test_a_known_address_gets_a_link_built_from_site_url(client, owner, settings):
    settings.SITE_URL = "https://tracker.example"
    response = client.post(RESET, {"email": "alice@example.com"}, HTTP_HOST="testserver")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your Invitation Tracker password"
    assert re.search(r"https://tracker\.example/reset/[^/\s]+/[^/\s]+/", message.body)
    assert "<" not in message.body  # plain text, nothing escaped into entities


def test_an_unknown_address_gets_exactly_the_same_answer_and_no_mail(client, owner):
    known = client.post(RESET, {"email": "alice@example.com"})
    unknown = client.post(RESET, {"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    done = client.get(unknown.url).content.decode()
    assert "If an account uses the address you entered" in done


def test_an_address_that_is_not_one_is_refused(client, owner):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []


def follow_link(client):
    path = re.search(r"https?://[^/\s]+(/reset/\S+/)", mail.outbox[0].body).group(1)
    # The first visit stores the token in the session and redirects to a token-free URL.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], response


def test_the_link_sets_a_new_password_once(client, owner):
    client.post(RESET, {"email": "alice@example.com"})
    form_url, page = follow_link(client)
    assert "Choose a new password" in page.content.decode()
    response = client.post(
        form_url, {"new_password1": "fresh-passphrase-77", "new_password2": "fresh-passphrase-77"}
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password("fresh-passphrase-77")
    assert "Log in" in client.get(response.url).content.decode()
    # Used once, the link no longer works.
    path = re.search(r"https?://[^/\s]+(/reset/\S+/)", mail.outbox[0].body).group(1)
    again = client.get(path, follow=True)
    assert "This link does not work" in again.content.decode()


def test_mismatched_new_passwords_are_refused_and_nothing_changes(client, owner):
    client.post(RESET, {"email": "alice@example.com"})
    form_url, _ = follow_link(client)
    response = client.post(
        form_url, {"new_password1": "fresh-passphrase-77", "new_password2": "other-passphrase-77"}
    )
    assert response.status_code == 200
    assert "The two password fields" in response.content.decode().replace("&#x27;", "'")
    owner.refresh_from_db()
    assert owner.check_password("alice-password-1")


def test_a_forged_link_does_not_work(client, owner):
    page = client.get("/reset/MQ/forged-token/", follow=True)
    assert page.status_code == 200
    assert "This link does not work" in page.content.decode()
    assert reverse("password_reset") in page.content.decode()
