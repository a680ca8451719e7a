"""The guard against double submission holds a form that posts once, and nothing else: a
search may be sent again, and a page restored by the browser's Back takes a new post."""

import pytest
from playwright.sync_api import expect

from interviews.models import Client, Invitation

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


def test_back_after_saving_and_sending_again_saves_nothing_more(new_page, log_in, owner):
    Client.objects.create(owner=owner, name="Globex")
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/invitations/new/")
    page.get_by_label("One of your clients").select_option(label="Globex")
    page.get_by_label("Job title").fill("Build a booking system")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()
    saved = Invitation.objects.get(owner=owner)
    page.go_back()
    expect(page.get_by_label("Job title")).to_have_value("Build a booking system")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()
    assert Invitation.objects.filter(owner=owner).count() == 1
    expect(page.locator("ul.messages")).to_contain_text("already sent and saved once")
    assert page.url.endswith(saved.get_absolute_url())


def test_back_after_saving_then_changing_the_form_saves_the_new_record(new_page, log_in, owner):
    Client.objects.create(owner=owner, name="Globex")
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/invitations/new/")
    page.get_by_label("One of your clients").select_option(label="Globex")
    page.get_by_label("Job title").fill("Build a booking system")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()
    page.go_back()
    page.get_by_label("Job title").fill("Build a second booking system")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()
    titles = sorted(Invitation.objects.filter(owner=owner).values_list("job_title", flat=True))
    assert titles == ["Build a booking system", "Build a second booking system"]
