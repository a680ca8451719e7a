"""In the browser: sign up, confirm the address from the mail, turn on an authenticator app,
log out, log in with its code, then with a recovery code; the admin refuses staff without a
second factor."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django_q.conf import Conf

from accounts.models import User
from tests.accounts.totp import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-42"


@pytest.fixture(autouse=True)
def _queue_inline(monkeypatch):
    # The live server runs in this process: its mail, sent through the queue, lands in
    # mail.outbox when the queue runs its tasks at once.
    monkeypatch.setattr(Conf, "SYNC", True)


def log_in_with_password(page, username, password=PASSWORD):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in", exact=True).click()


def give_password_again_if_asked(page):
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()


def test_sign_up_confirm_turn_on_totp_and_log_in_with_a_code_then_a_recovery_code(page, screenshot):
    page.goto("/signup/")
    page.fill("#id_username", "newbie")
    page.fill("#id_email", "newbie@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    user = User.objects.get(username="newbie")
    assert user.reminder_email() is None

    (confirmation,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/confirm-email/\S+/)", confirmation.body).group(1)
    page.goto(link)
    screenshot(page, "confirm-email")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert user.reminder_email() == "newbie@example.com"

    page.goto("/settings/")
    with page.expect_navigation():
        page.get_by_role("link", name="Two-factor authentication").click()
    page.goto("/2fa/totp/activate/")
    give_password_again_if_asked(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    screenshot(page, "totp-activate")
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    log_out(page)

    # The code just used is spent; the app shows the next one half a minute later.
    with time_machine.travel(timedelta(seconds=31)):
        log_in_with_password(page, "newbie")
        assert "/2fa/authenticate/" in page.url
        screenshot(page, "totp-code")
        page.get_by_label("Code").fill(totp_code(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        page.get_by_role("heading", name=re.compile(r"^Hello, ")).wait_for()
        log_out(page)

        recovery = Authenticator.objects.get(user=user, type="recovery_codes")
        code = RecoveryCodes(recovery).get_unused_codes()[0]
        log_in_with_password(page, "newbie")
        page.get_by_label("Code").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        page.get_by_role("heading", name=re.compile(r"^Hello, ")).wait_for()
    assert code not in RecoveryCodes(Authenticator.objects.get(pk=recovery.pk)).get_unused_codes()


def test_the_admin_refuses_staff_without_a_second_factor(page, settings, screenshot):
    settings.TRACKER_ADMIN_REQUIRES_MFA = True
    User.objects.create_user("ada", "ada@example.com", PASSWORD, is_staff=True, is_superuser=True)
    page.goto("/admin/")
    assert "/login/" in page.url
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/2fa/")
    assert page.get_by_text("The admin needs a second factor").is_visible()
    screenshot(page, "admin-needs-second-factor")
