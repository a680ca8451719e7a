"""With the demo data: download an invitation's .ics, read the feed, open the analytics page."""

from io import StringIO
from pathlib import Path

import icalendar
import pytest
from django.core.management import call_command

from accounts.models import User
from interviews.models import Invitation, Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    return User.objects.get(username="demo")


def test_the_ics_download_and_the_feed_hold_the_open_deadlines(
    page, log_in, demo, screenshot, live_server
):
    log_in(page, "demo", "demo-freelancer")
    invitation = Invitation.objects.status(Status.PENDING).order_by("start_deadline").first()
    page.goto(invitation.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add the deadline to a calendar (.ics)").click()
    path = download_info.value.path()
    calendar = icalendar.Calendar.from_ical(Path(path).read_bytes())
    (event,) = calendar.walk("VEVENT")
    # iCalendar times have whole seconds.
    assert event.decoded("DTSTART") == invitation.start_deadline.replace(microsecond=0)
    assert len(event.walk("VALARM")) == 3  # 72, 24 and 2 hours before
    screenshot(page, "invitation-with-download")

    # The subscribable feed, as a calendar application fetches it: no log-in, the token only.
    feed = page.request.get(f"{live_server.url}/calendar/{demo.calendar_token}.ics")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    open_windows = Invitation.objects.open().count()
    assert len(events) == open_windows + 1  # and the offer awaiting acceptance
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_analytics_page_shows_the_demo_funnel(page, log_in, demo, screenshot):
    log_in(page, "demo", "demo-freelancer")
    page.get_by_role("link", name="Analytics", exact=True).click()
    page.wait_for_url("**/analytics/")
    assert page.get_by_role("heading", name="Analytics").first.is_visible()
    total = Invitation.objects.filter(owner=demo).count()
    assert page.locator("svg").count() >= 1
    assert str(total) in page.locator("main").inner_text()
    screenshot(page, "analytics")
