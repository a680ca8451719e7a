"""A browser that names its zone by an old name gets the zone's name today preselected."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_browser_in_asia_calcutta_preselects_asia_kolkata(new_page):
    page = new_page(timezone_id="Asia/Calcutta")
    page.goto("/signup/")
    reported = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert reported in ("Asia/Calcutta", "Asia/Kolkata")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Kolkata")
