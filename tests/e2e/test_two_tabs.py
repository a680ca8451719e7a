"""An action sent from a page another tab has made stale shows the invitation as it is now."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Client, Invitation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_starting_in_a_second_tab_shows_it_already_started_and_no_start_button(
    new_page, log_in, owner
):
    client = Client.objects.create(owner=owner, name="Acme")
    invitation = Invitation.objects.create(
        owner=owner,
        client=client,
        job_title="Build a dashboard",
        notified_at=timezone.now() - timedelta(hours=3),
    )
    first = new_page()
    log_in(first, "alice", "alice-password-1")
    second = first.context.new_page()
    for page in (first, second):
        page.on("dialog", lambda dialog: dialog.accept())  # "this cannot be undone"
        page.goto(invitation.get_absolute_url())
    start = first.get_by_role("button", name="Start the interview")
    with first.expect_navigation():
        start.click()
    expect(first.get_by_text("Interview started.")).to_be_visible()

    with second.expect_navigation():
        second.get_by_role("button", name="Start the interview").click()
    messages = second.locator("ul.messages")
    expect(messages).to_contain_text("This interview was already started on")
    expect(second.get_by_role("button", name="Start the interview")).to_have_count(0)
    expect(second.get_by_role("button", name="Mark completed and submitted")).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.started_at is not None
