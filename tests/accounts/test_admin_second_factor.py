"""Staff use the admin only with a second factor, and log in to it through the site's log-in."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .totp import totp_code


@pytest.fixture(autouse=True)
def _rule_on(settings):
    settings.TRACKER_ADMIN_REQUIRES_MFA = True


@pytest.fixture
def staff(db):
    return User.objects.create_user("ada", "ada@example.com", "ada-password-1", is_staff=True)


def test_the_admin_log_in_is_the_sites(client, db):
    # The site's own page, at the admin's address: it posts to the site's log-in (limits and
    # second factor included) and comes back to where the admin was asked for.
    response = client.get(reverse("admin:login") + "?next=/admin/interviews/invitation/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'action="{reverse("account_login")}"' in body
    assert 'value="/admin/interviews/invitation/"' in body
    assert f'value="{reverse("admin:index")}"' in client.get(reverse("admin:login")).text


def test_a_signed_in_account_without_admin_access_is_refused_the_admin_log_in(client, owner):
    client.force_login(owner)
    assert client.get(reverse("admin:login")).status_code == 403


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain == [(reverse("mfa_index"), 302)]
    assert "The admin needs a second factor" in response.content.decode()
    assert client.get(reverse("admin:interviews_invitation_changelist")).status_code == 302


def test_a_recovery_code_set_alone_is_not_a_second_factor_for_the_admin(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(staff)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).url == reverse("mfa_index")


def test_staff_log_in_with_password_and_code_and_reach_the_admin(staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    browser = Client()
    response = browser.post(
        "/login/?next=/admin/", {"login": "ada", "password": "ada-password-1", "next": "/admin/"}
    )
    assert response.url == reverse("mfa_authenticate")
    assert browser.get(reverse("admin:index")).status_code == 302  # not signed in yet
    response = browser.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code" in response.content.decode()
    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_a_signed_in_user_who_is_not_staff_is_refused_not_sent_round(client, owner):
    client.force_login(owner)
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:login")).status_code == 403


def test_the_rule_can_be_turned_off(client, staff, settings):
    settings.TRACKER_ADMIN_REQUIRES_MFA = False
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
