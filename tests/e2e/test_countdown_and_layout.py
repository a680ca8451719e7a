"""The pages around the data: countdowns that tick in the server's words, a site that works
with JavaScript off, a phone-sized dashboard, dark mode, and a Content-Security-Policy that
the pages never break."""

import re
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Client, Invitation
from kit.clock import time_left
from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "alice-password-1"


@pytest.fixture
def pipeline(owner):
    """An owner with something in every stage: times relative to the real clock."""
    now = timezone.now()
    acme = Client.objects.create(owner=owner, name="Acme", company="Acme Inc.")
    long_name = Client.objects.create(
        owner=owner,
        name="Vandelay Industries International Import Export Holdings",
        company="Vandelay Industries International Import/Export Holdings Incorporated",
    )
    pending = Invitation.objects.create(
        owner=owner,
        client=acme,
        job_title="Build a dashboard",
        job_url="https://www.upwork.com/jobs/~01abcdefghijklmnopqrstuvwxyz0123456789",
        notified_at=now - timedelta(hours=2, minutes=17),
    )
    # Started 42½ hours ago: 5 h 30 min left of the 48-hour completion window.
    running = Invitation.objects.create(
        owner=owner,
        client=long_name,
        job_title="Migrate a monolithic e-commerce platform to Django with Celery and Postgres",
        notified_at=now - timedelta(days=3),
        started_at=now - timedelta(hours=42, minutes=30),
    )
    ProposalTemplate.objects.create(
        owner=owner,
        name="Standard",
        invitation_opening="Hi {client_name}, thank you for inviting me to {job_title}.",
        body="I can help.",
    )
    proposal = Proposal.objects.create(
        owner=owner,
        client=acme,
        invitation=pending,
        job_title=pending.job_title,
        cover_letter="Hi Acme, thank you for the invitation.\n\nI can help.",
        bid_amount=Decimal("55"),
    )
    proposal.submit()
    offer = Offer.objects.create(
        owner=owner,
        client=acme,
        proposal=proposal,
        job_title=pending.job_title,
        received_at=now - timedelta(hours=1),
        expires_at=now + timedelta(minutes=45),
        amount=Decimal("55"),
        weekly_limit=20,
    )
    return {"pending": pending, "running": running, "proposal": proposal, "offer": offer}


def test_countdowns_are_set_by_the_script_in_the_servers_words_and_keep_ticking(
    new_page, log_in, screenshot, pipeline
):
    page = new_page()
    log_in(page, "alice", PASSWORD)
    deadlines = {
        "pending": pipeline["pending"].start_deadline,
        "running": pipeline["running"].completion_deadline,
        "offer": pipeline["offer"].expires_at,
    }
    server_text = {}

    def blank_countdowns(route):
        # Keep what the server wrote, then hand the browser countdowns that say nothing and
        # claim no urgency: whatever they show after load, the script wrote.
        response = route.fetch()
        html = response.text()
        server_text.update(
            re.findall(
                r'<time class="countdown" datetime="[^"]+" data-deadline="([^"]+)">([^<]*)<', html
            )
        )
        html = re.sub(r'(<time class="countdown"[^>]*>)[^<]*<', r"\1<", html)
        html = re.sub(r"urgency-\w+", "urgency-ok", html)
        route.fulfill(response=response, body=html)

    page.route(re.compile(r"/$"), blank_countdowns)
    # Timers are faked so the minute-long wait for a tick can be skipped; the clock is not
    # frozen and starts from the real time.
    page.clock.install()
    before = timezone.now()
    page.goto("/")
    after = timezone.now()

    def expected(deadline, start, end):
        return {f"{time_left(deadline, moment)} left" for moment in (start, end)}

    shown = dict(
        page.eval_on_selector_all(
            "time.countdown[data-deadline]",
            "els => els.map(el => [el.dataset.deadline, el.textContent])",
        )
    )
    assert len(shown) == 3
    for name, deadline in deadlines.items():
        iso = deadline.astimezone(UTC).isoformat()
        text = shown[iso]
        assert text in expected(deadline, before, after), (name, text)
        # The server's own words for the same deadline are the same.
        assert server_text[iso] in expected(deadline, before, after), (name, server_text[iso])
    offer_row = page.locator("table.due tbody tr").filter(has_text="Review and accept")
    expect(offer_row.locator(".countdown-wrap")).to_have_class(re.compile("urgency-critical"))
    expect(offer_row.locator("time.countdown")).to_have_text(re.compile(r"^4[45] min left$"))
    expect(offer_row.locator(".badge")).to_have_text("Received")
    running_row = page.locator("table.due tbody tr").filter(has_text="Complete and submit")
    expect(running_row.locator("time.countdown")).to_have_text(
        re.compile(r"^5 h (29|30) min left$")
    )
    expect(running_row.locator(".countdown-wrap")).to_have_class(re.compile("urgency-critical"))
    pending_row = page.locator("table.due tbody tr").filter(has_text="Start the interview")
    expect(pending_row.locator(".countdown-wrap")).to_have_class(re.compile("urgency-ok"))
    screenshot(page, "dashboard")

    # An hour later, without reloading: the next tick moves every countdown on, and the
    # offer that is now overdue says so.
    page.clock.fast_forward("01:00:00")
    expect(running_row.locator("time.countdown")).to_have_text(
        re.compile(r"^4 h (29|30) min left$")
    )
    expect(offer_row.locator("time.countdown")).to_have_text(re.compile(r"^overdue by 1[45] min$"))
    expect(offer_row.locator(".countdown-wrap")).to_have_class(re.compile("urgency-overdue"))
    # Its badge changes with it; the interviews' windows are still open.
    expect(offer_row.locator(".badge")).to_have_text("Expired")
    expect(offer_row.locator(".badge")).to_have_class("badge expired")
    expect(running_row.locator(".badge")).to_have_text("In progress")
    expect(pending_row.locator(".badge")).to_have_text("Pending")
    screenshot(page, "dashboard-an-hour-later")


def test_the_site_works_with_javascript_off(new_page, log_in, screenshot, owner):
    page = new_page(java_script_enabled=False)
    log_in(page, "alice", PASSWORD)
    page.goto("/invitations/new/")
    # The notice time defaults to now, typed by the server in the user's zone.
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d", page.get_by_label("Notified at").input_value()
    )
    page.get_by_label("Client's name").fill("Initech")
    page.get_by_label("Job title").fill("Fix the TPS report generator")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()
    invitation = Invitation.objects.get(owner=owner)
    assert invitation.status == "pending"
    expect(page.locator(".head-deadline time.countdown")).to_have_text(
        re.compile(r"^1[34] days( \d+ h)? left$")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Start the interview").click()
    invitation.refresh_from_db()
    assert invitation.status == "in_progress"
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".head-deadline")).to_contain_text("Complete and submit by")
    screenshot(page, "invitation-started")


MAIN_PAGES = [
    "/",
    "/invitations/",
    "/invitations/new/",
    "/clients/",
    "/proposals/",
    "/proposals/new/",
    "/proposals/templates/",
    "/proposals/templates/new/",
    "/offers/",
    "/offers/new/",
    "/notifications/",
    "/settings/",
]


def object_pages(pipeline):
    invitation, proposal, offer = pipeline["pending"], pipeline["proposal"], pipeline["offer"]
    return [
        invitation.get_absolute_url(),
        pipeline["running"].get_absolute_url(),
        invitation.client.get_absolute_url(),
        f"/proposals/new/?invitation={invitation.pk}",
        proposal.get_absolute_url(),
        f"/proposals/{proposal.pk}/edit/",
        offer.get_absolute_url(),
        f"/offers/{offer.pk}/accept/",
    ]


def test_the_pages_fit_a_375_px_phone_without_scrolling_sideways(
    new_page, log_in, screenshot, pipeline
):
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    log_in(page, "alice", PASSWORD)
    screenshot(page, "dashboard")
    too_wide = {}
    for url in MAIN_PAGES + object_pages(pipeline):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[url] = width
    assert too_wide == {}
    page.goto(pipeline["running"].get_absolute_url())
    screenshot(page, "invitation-detail")
    page.goto(f"/proposals/{pipeline['proposal'].pk}/edit/")
    screenshot(page, "proposal-edit")
    page.goto(f"/offers/{pipeline['offer'].pk}/accept/")
    screenshot(page, "offer-accept")


def test_every_pages_styles_apply_on_a_desktop_too(new_page, log_in, pipeline):
    # Each page's rules follow the phone rules of the page before them in app.css; an
    # unclosed @media block once kept them all for phones only.
    page = new_page()
    log_in(page, "alice", PASSWORD)
    page.goto(pipeline["pending"].get_absolute_url())
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.detail-grid')).gridTemplateColumns"
    )
    assert len(columns.split()) == 2, columns
    page.goto(f"/proposals/{pipeline['proposal'].pk}/edit/")
    # The hidden default button (Enter saves) is out of sight.
    expect(page.locator("button.default-submit")).not_to_be_in_viewport()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()


def test_the_preparation_card_keeps_the_padding_of_every_card(new_page, log_in, pipeline):
    # The proposal checker's list is also called "checklist"; its reset once took the
    # preparation card's padding and margin away, so its heading touched the border.
    page = new_page()
    log_in(page, "alice", PASSWORD)
    page.goto(pipeline["pending"].get_absolute_url())
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('#preparation'));"
        " return [s.paddingLeft, s.marginBottom]; })()"
    )
    card = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.card:not(#preparation)'));"
        " return [s.paddingLeft, s.marginBottom]; })()"
    )
    assert style == card
    assert style[0] != "0px"


def test_dark_mode_follows_the_system_setting(new_page, log_in, screenshot, pipeline):
    page = new_page(color_scheme="dark")
    log_in(page, "alice", PASSWORD)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(13, 17, 23)"
    screenshot(page, "dashboard")
    page.goto(pipeline["running"].get_absolute_url())
    screenshot(page, "invitation-detail")
    light = new_page(color_scheme="light")
    light.goto("/login/")
    assert light.evaluate("getComputedStyle(document.body).backgroundColor") != background


def test_no_page_breaks_the_content_security_policy(new_page, log_in, pipeline):
    page = new_page()
    violations, errors = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for url in ["/login/", "/signup/", "/password/reset/"]:
        response = page.goto(url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
    log_in(page, "alice", PASSWORD)
    for url in MAIN_PAGES + object_pages(pipeline):
        response = page.goto(url)
        assert response.status == 200, url
        assert "content-security-policy" in response.headers, url
    # Use the pages' scripts too: a live template preview, a counter, a quick reply.
    page.goto("/proposals/templates/new/")
    page.get_by_label("Body").fill("Hello {client_name}")
    expect(page.locator("[data-preview-out=job_post]")).to_contain_text("Hello Acme")
    page.goto(f"/offers/{pipeline['offer'].pk}/accept/")
    page.get_by_role("button", name="Received").click()
    expect(page.get_by_label("Acknowledgment message")).to_have_value("Received")
    assert violations == []
    assert errors == []

    # The listener does hear a violation: an inline script is refused and reported.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = 1'; document.body.append(s); }"
        )
    assert violations and "inline script" in violations[0]
    assert page.evaluate("window.injected") is None


def test_a_countdown_and_its_badge_change_at_the_moment_the_server_would(new_page, log_in, owner):
    """Not at the next of the script's half-minute ticks: a page reloaded at that moment says
    the same as the one left open."""
    deadline = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    Offer.objects.create(
        owner=owner,
        job_title="Closing offer",
        received_at=deadline - timedelta(days=1),
        expires_at=deadline,
        amount=Decimal("55"),
    )
    page = new_page()
    log_in(page, "alice", PASSWORD)
    page.clock.install(time=deadline - timedelta(seconds=155))
    page.goto("/")
    row = page.locator("table.due tbody tr").filter(has_text="Closing offer")
    countdown, badge = row.locator("time.countdown"), row.locator(".badge")
    expect(countdown).to_have_text("2 min left")
    # From here the page's clock moves only when told to.
    page.clock.pause_at(deadline - timedelta(seconds=150))
    # 119.999 seconds before the deadline the server says 1 min.
    page.clock.run_for(30_001)
    expect(countdown).to_have_text("1 min left")
    page.clock.run_for(60_000)
    expect(countdown).to_have_text("less than a minute left")
    expect(badge).to_have_text("Received")
    # At the deadline the offer is expired, on the server and on the page.
    page.clock.run_for(60_000 - 1)
    expect(countdown).to_have_text("overdue by less than a minute")
    expect(badge).to_have_text("Expired")
    expect(row.locator(".countdown-wrap")).to_have_class(re.compile("urgency-overdue"))
    page.clock.run_for(60_000)
    expect(countdown).to_have_text("overdue by 1 min")
