"""At phone width no table scrolls sideways, and at 1280 px the header keeps to one line."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal
from reminders.models import Notification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every element wider than the box it scrolls in, and the page's own sideways scroll.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  boxes: [...document.querySelectorAll("main *")]
    .filter(el => el.scrollWidth > el.clientWidth + 1 &&
                  ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
    .map(el => el.className || el.tagName),
})"""


@pytest.fixture
def records(owner):
    now = timezone.now()
    client = Client.objects.create(
        owner=owner, name="Vandelay Industries International", company="Vandelay Holdings"
    )
    for n in range(3):
        invitation = Invitation.objects.create(
            owner=owner,
            client=client,
            job_title=f"Migrate a monolithic e-commerce platform to Django, part {n}",
            notified_at=now - timedelta(days=n + 2),
            started_at=now - timedelta(days=n + 1),
        )
        proposal = Proposal.objects.create(
            owner=owner,
            invitation=invitation,
            cover_letter="Hi, thank you.",
            bid_amount=Decimal("1250.50"),
            status=Proposal.Status.SUBMITTED,
            submitted_at=now - timedelta(days=n + 1),
        )
        Offer.objects.create(
            owner=owner,
            proposal=proposal,
            client=client,
            job_title=invitation.job_title,
            received_at=now - timedelta(hours=n + 3),
            contract_type="hourly",
            amount=Decimal("125.00"),
            weekly_limit=40,
        )


def test_offers_and_analytics_tables_do_not_scroll_sideways_at_375_px(
    new_page, log_in, owner, records, screenshot
):
    page = new_page(viewport={"width": 375, "height": 800})
    log_in(page, "alice", "alice-password-1")
    for path in ("/offers/", "/analytics/", "/proposals/", "/invitations/"):
        page.goto(path)
        measured = page.evaluate(OVERFLOW)
        screenshot(page, path.strip("/"))
        assert measured == {"page": 0, "boxes": []}, path


def test_the_header_keeps_to_one_line_at_1280_px_with_the_notification_badge(
    new_page, log_in, owner, records
):
    for n in range(12):
        Notification.objects.create(owner=owner, title=f"Reminder {n}", created_at=timezone.now())
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in(page, "alice", "alice-password-1")
    page.goto("/")
    header = page.locator("header").first
    box = header.bounding_box()
    links = page.locator("header a, header button").all()
    tops = {round(link.bounding_box()["y"]) for link in links if link.is_visible()}
    assert box["height"] < 90, box
    assert max(tops) - min(tops) < 20, tops
