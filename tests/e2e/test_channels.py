"""A freelancer adds a phone channel in the browser, sends a test, and it arrives."""

import pytest

from reminders.models import Channel
from tests.support.channels import Endpoint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_channel_is_added_and_its_test_message_arrives(page, owner, log_in, screenshot, settings):
    settings.TRACKER_CHANNELS_ALLOW_PRIVATE = True
    settings.CHANNEL_TIMEOUT = 2
    with Endpoint() as endpoint:
        log_in(page, "alice", "alice-password-1")
        page.goto("/settings/")
        page.get_by_role("link", name="your channels").click()
        page.get_by_label("Name").fill("My phone")
        page.get_by_label("Apprise URL").fill(endpoint.url("json", "/phone-token-7f3a"))
        page.get_by_role("button", name="Add channel").click()
        page.get_by_text("Channel “My phone” added.").wait_for()
        assert page.get_by_text("json://127.0.0.1/…7f3a").is_visible()
        page.get_by_role("button", name="Send a test").click()
        page.get_by_text("A test message went to “My phone”.").wait_for()
        screenshot(page, "channel-tested")
        (post,) = endpoint.posts("/phone-token-7f3a")
        assert post.json()["title"] == "Test from Invitation Tracker"
    assert "phone-token" not in Channel.objects.get().sealed_url
