"""A new user signs up in the browser and lands on a dashboard that says what to do first."""

import pytest

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_user_signs_up_with_the_browsers_time_zone(page, screenshot):
    page.goto("/signup/")
    page.fill("#id_username", "newbie")
    page.fill("#id_email", "newbie@example.com")
    page.fill("#id_password1", "a-long-password-42")
    page.fill("#id_password2", "a-long-password-42")
    assert page.locator("select[data-detect-timezone]").input_value() == "America/New_York"
    screenshot(page, "signup")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")
    assert page.get_by_text("Record your first invitation").is_visible()
    screenshot(page, "dashboard-empty")
    assert User.objects.get(username="newbie").timezone == "America/New_York"
