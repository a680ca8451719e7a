"""The guard against double submission holds a form that posts once, and nothing else: a
search may be sent again, and a page restored by the browser's Back takes a new post."""

import pytest
from playwright.sync_api import expect

from interviews.models import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the browser's back/forward cache does on Back: the page as it was left, then this.
RESTORED = "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"


def test_a_search_goes_again_even_from_a_form_already_sent(new_page, log_in, owner):
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/invitations/")
    search = page.locator("form.search")
    search.evaluate("form => { form.dataset.submitted = '1'; }")  # sent once already
    page.get_by_label("Search invitations").fill("dashboard")
    with page.expect_navigation():
        page.get_by_label("Search invitations").press("Enter")
    assert "q=dashboard" in page.url


def test_a_page_restored_by_back_takes_a_new_post(new_page, log_in, owner):
    Client.objects.create(owner=owner, name="Globex")
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/clients/new/")
    form = page.locator("form.card, form[method=post]").filter(
        has=page.get_by_role("button", name="Add client")
    )
    form.evaluate("form => { form.dataset.submitted = '1'; }")  # sent, then Back
    page.evaluate(RESTORED)
    expect(form).not_to_have_attribute("data-submitted", "1")
    page.get_by_label("Name").fill("Initech")
    with page.expect_navigation():
        page.get_by_role("button", name="Add client").click()
    assert Client.objects.filter(owner=owner, name="Initech").exists()
