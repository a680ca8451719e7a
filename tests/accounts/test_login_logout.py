"""Log in and log out (django-allauth's views, in our templates)."""

from django.urls import reverse


def test_the_urls_have_their_names(db):
    assert reverse("account_login") == "/login/"
    assert reverse("account_logout") == "/logout/"


def test_the_log_in_page_has_labelled_fields_and_a_reset_link(client, db):
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<label for="id_login">Username' in body
    assert '<label for="id_password">' in body
    assert reverse("account_reset_password") in body


def test_it_signs_in_and_opens_the_dashboard(client, owner):
    response = client.post(
        reverse("account_login"), {"login": "alice", "password": "alice-password-1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_it_goes_on_to_the_page_that_asked_for_it(client, owner):
    response = client.post(
        reverse("account_login") + "?next=/settings/",
        {"login": "alice", "password": "alice-password-1", "next": "/settings/"},
    )
    assert response.url == "/settings/"


def test_it_never_sends_you_to_another_site(client, owner):
    response = client.post(
        reverse("account_login"),
        {"login": "alice", "password": "alice-password-1", "next": "https://evil.example/"},
    )
    assert response.url == reverse("dashboard")


def test_a_wrong_password_is_refused_with_a_message(client, owner):
    response = client.post(reverse("account_login"), {"login": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "username and/or password you specified are not correct" in (response.content.decode())
    assert "_auth_user_id" not in client.session


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/"


def test_a_signed_in_user_opening_log_in_goes_to_the_dashboard(client, owner):
    client.force_login(owner)
    response = client.get(reverse("account_login"))
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_log_out_by_a_link_only_asks_and_signs_nobody_out(client, owner):
    client.force_login(owner)
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_log_out_signs_out_and_says_so(client, owner):
    client.force_login(owner)
    response = client.post(reverse("account_logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_every_page_offers_log_out_as_a_form(client, owner):
    client.force_login(owner)
    body = client.get(reverse("settings")).content.decode()
    assert f'method="post" action="{reverse("account_logout")}"' in body
