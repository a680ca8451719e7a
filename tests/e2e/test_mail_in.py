"""Forward an invitation to the forwarding address: the next mail fetch records it, the
dashboard counts it down, and the Inbox says what was done."""

import re
from datetime import timedelta
from email.utils import format_datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from tests.capture.conftest import dovecot, imap  # noqa: F401 -- the IMAP server fixtures
from tests.capture.mail_in import address_of, invitation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_forwarded_invitation_shows_on_the_dashboard_and_in_the_inbox(
    page,
    log_in,
    imap,  # noqa: F811
    screenshot,
):
    user = User.objects.create_user(
        "freelancer", "f@example.com", "freelancer-pass-1", timezone="Asia/Kolkata"
    )
    sent = format_datetime(timezone.now() - timedelta(hours=1))
    imap.append(invitation(address_of(user), date=sent))
    call_command("fetch_mail", stdout=StringIO())

    log_in(page, "freelancer", "freelancer-pass-1")
    row = page.locator("tr", has_text="Mobile app onboarding redesign").first
    row.wait_for()
    countdown = row.locator("time.countdown")
    assert "13 days" in countdown.inner_text() or "13d" in countdown.inner_text()
    screenshot(page, "dashboard-with-captured-invitation")

    page.get_by_role("link", name="Inbox", exact=True).click()
    page.wait_for_url("**/inbox/")
    table = page.locator("table.inbox-table")
    assert "Invitation to interview: Mobile app onboarding redesign" in table.inner_text()
    assert "Created" in table.inner_text()
    screenshot(page, "inbox")

    page.get_by_role("link", name="Invitation to interview: Mobile app onboarding redesign").click()
    assert page.get_by_role("heading", name="The message, as text").is_visible()
    page.get_by_role("link", name=re.compile(r"^Open ")).first.click()
    page.get_by_text("Captured — check it").wait_for()
