"""The whole pipeline in the browser, as a freelancer works it: sign up, record an invitation,
prepare, interview, write the proposal from a template, and accept the offer it brings."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from interviews.models import Invitation
from kit.clock import format_deadline, time_left
from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Half an hour off the hour, with daylight saving, and not the fixture's default zone: what
# the browser reports must be what the account keeps, and every time typed or shown must be
# on its clock. (Chromium reports some zones by their old names, Asia/Kolkata as
# Asia/Calcutta; this one it reports as it is.)
ZONE = "Australia/Adelaide"


def click_and_wait(page, locator):
    """Click a button or link that loads a new page, and wait for that page."""
    with page.expect_navigation():
        locator.click()


def phrases_between(deadline, before, after):
    """The countdown phrases a page rendered between `before` and `after` may show."""
    return {f"{time_left(deadline, moment)} left" for moment in (before, after)}


def test_a_freelancer_runs_the_whole_pipeline_from_the_browser(new_page, screenshot):
    page = new_page(timezone_id=ZONE)
    # The irreversible actions ask first (data-confirm); the freelancer says yes.
    page.on("dialog", lambda dialog: dialog.accept())

    # Sign up: the browser's zone is detected and kept.
    page.goto("/signup/")
    page.get_by_label("Username").fill("freelancer")
    page.get_by_label("E-mail").fill("freelancer@example.com")
    page.locator("#id_password1").fill("a-long-password-42")
    page.locator("#id_password2").fill("a-long-password-42")
    expect(page.locator("select[data-detect-timezone]")).to_have_value(ZONE)
    click_and_wait(page, page.get_by_role("button", name="Sign up"))
    user = User.objects.get(username="freelancer")
    assert user.timezone == ZONE
    expect(page.get_by_role("heading", name="Get started")).to_be_visible()
    screenshot(page, "01-dashboard-new-user")

    # Record an invitation: a new client typed inline, notified three hours ago, typed on
    # the user's own clock.
    click_and_wait(page, page.get_by_role("link", name="Record your first invitation"))
    expect(page.get_by_role("heading", name="New invitation")).to_be_visible()
    notified_local = (datetime.now(ZoneInfo(ZONE)) - timedelta(hours=3)).replace(
        second=0, microsecond=0
    )
    page.get_by_label("Client's name").fill("Northwind Traders")
    page.get_by_label("Job title").fill("Django developer for a booking system")
    page.get_by_label("Job URL").fill("https://www.upwork.com/jobs/~01northwind")
    page.get_by_label("Message").fill("Hi! We liked your profile. Could you interview with us?")
    page.get_by_label("Notified at").fill(notified_local.strftime("%Y-%m-%dT%H:%M"))
    screenshot(page, "02-invitation-form")
    click_and_wait(page, page.get_by_role("button", name="Record invitation"))

    invitation = Invitation.objects.select_related("client").get(owner=user)
    assert invitation.client.name == "Northwind Traders"
    assert invitation.client.owner == user
    assert invitation.notified_at == notified_local
    assert invitation.start_deadline == notified_local + settings.INTERVIEW_START_WINDOW
    assert invitation.status == "pending"
    expect(page.get_by_role("heading", name=invitation.job_title)).to_be_visible()

    # The dashboard shows it, its deadline in the user's zone (named) and the time left.
    before = timezone.now()
    click_and_wait(page, page.get_by_role("link", name="Dashboard"))
    after = timezone.now()
    row = page.locator("table.due tbody tr").filter(has_text=invitation.job_title)
    expect(row).to_have_count(1)
    shown_deadline = format_deadline(invitation.start_deadline, user)
    assert shown_deadline.endswith((" ACST", " ACDT"))
    expect(row.locator("time.deadline")).to_have_text(shown_deadline)
    countdown = row.locator("time.countdown").inner_text()
    assert countdown in phrases_between(invitation.start_deadline, before, after)
    assert re.fullmatch(r"13 days 2\d h left", countdown), countdown
    expect(row).to_contain_text("Start the interview")
    expect(row).to_contain_text("preparation 0/4")
    screenshot(page, "03-dashboard-with-invitation")

    # Open it and work the preparation checklist: notes and done marks on two points.
    click_and_wait(page, row.get_by_role("link", name=invitation.job_title))
    research = page.get_by_role("group", name="Research the client")
    research.get_by_label("Notes").fill("Family business, 40 hotels; booking site built in 2016.")
    research.get_by_label("Done").check()
    questions = page.get_by_role("group", name="Prepare relevant questions")
    questions.get_by_label("Notes").fill("Which payment provider? Peak season traffic?")
    questions.get_by_label("Done").check()
    page.get_by_role("group", name="Communication").get_by_label("Notes").fill("Keep it short.")
    click_and_wait(page, page.get_by_role("button", name="Save preparation"))
    expect(page.locator("#preparation-count")).to_have_text("2 of 4 done")
    expect(page.locator("progress[aria-labelledby=preparation-heading]")).to_have_attribute(
        "value", "2"
    )
    items = {item.point: item for item in invitation.preparation.all()}
    assert [p for p, item in items.items() if item.done] == ["research", "questions"]
    assert items["communication"].notes == "Keep it short."
    assert not items["communication"].done
    screenshot(page, "04-invitation-prepared")

    # Start the interview, then complete it.
    click_and_wait(page, page.get_by_role("button", name="Start the interview"))
    invitation.refresh_from_db()
    assert invitation.status == "in_progress"
    assert invitation.completion_deadline == (
        invitation.started_at + settings.INTERVIEW_COMPLETION_WINDOW
    )
    expect(page.locator(".head-deadline")).to_contain_text("Complete and submit by")
    expect(page.locator(".head-deadline time.countdown")).to_have_text("1 day 23 h left")
    screenshot(page, "05-interview-started")
    click_and_wait(page, page.get_by_role("button", name="Mark completed and submitted"))
    invitation.refresh_from_db()
    assert invitation.status == "completed"
    assert invitation.completed_at is not None
    expect(page.locator(".page-head .badge")).to_have_text("Completed")
    screenshot(page, "06-interview-completed")

    # A proposal template, with a live preview of its placeholders.
    click_and_wait(page, page.get_by_role("link", name="Proposals", exact=True))
    click_and_wait(page, page.get_by_role("link", name="Write a template first"))
    page.get_by_label("Name").fill("Django work")
    page.get_by_label("Invitation opening").fill(
        "Hi {client_name}, thank you for inviting me to interview for {job_title}."
    )
    page.get_by_label("Job post opening").fill("Hi {client_name}, I read your post.")
    page.get_by_label("Body").fill(
        "I have built booking systems in Django for eight years.\n\nBest regards,\n{my_name}"
    )
    expect(page.locator("[data-preview-out=invitation]")).to_contain_text(
        "Hi Acme, thank you for inviting me to interview for Build a dashboard."
    )
    click_and_wait(page, page.get_by_role("button", name="Save template").last)
    template = ProposalTemplate.objects.get(owner=user)
    assert template.name == "Django work"
    screenshot(page, "07-template")

    # The proposal for the invitation: the letter opens by thanking the client.
    page.goto(invitation.get_absolute_url())
    click_and_wait(page, page.get_by_role("link", name="Write proposal"))
    letter = page.get_by_label("Cover letter")
    opening = (
        "Hi Northwind Traders, thank you for inviting me to interview for "
        "Django developer for a booking system."
    )
    expect(letter).to_have_value(re.compile("^" + re.escape(opening)))
    expect(page.get_by_label("Template")).to_have_value(str(template.pk))
    length = len(letter.input_value())
    expect(page.locator(".counter")).to_have_text(f"{length:,} / 5,000 characters")
    letter.press("Control+End")
    letter.press_sequentially(" Thanks!")
    expect(page.locator(".counter")).to_have_text(f"{length + 8:,} / 5,000 characters")
    page.get_by_label("Hourly rate").check()
    page.get_by_label("Rate or bid").fill("45")
    screenshot(page, "08-proposal-new")
    click_and_wait(page, page.get_by_role("button", name="Save draft").last)
    proposal = Proposal.objects.get(owner=user)
    assert proposal.invitation == invitation
    assert proposal.template == template
    assert proposal.cover_letter.startswith(opening)
    assert proposal.cover_letter.endswith(f"Best regards,\n{user.display_name()} Thanks!")
    assert proposal.bid_amount == Decimal("45")
    assert proposal.status == "draft"

    # A screening question, answered.
    click_and_wait(page, page.get_by_role("link", name="Add questions"))
    page.locator("#id_questions-0-question").fill("Have you integrated Stripe before?")
    page.locator("#id_questions-0-answer").fill("Yes, on three booking sites.")
    click_and_wait(page, page.get_by_role("button", name="Save and add another question"))
    assert list(proposal.questions.values_list("question", "answer")) == [
        ("Have you integrated Stripe before?", "Yes, on three booking sites.")
    ]
    click_and_wait(page, page.get_by_role("button", name="Save", exact=True).last)
    expect(page.locator("ol.qa")).to_contain_text("Yes, on three booking sites.")
    expect(page.locator(".counter")).to_have_text(f"{length + 8:,} / 5,000 characters")

    # Submit it, and ask for an offer.
    click_and_wait(page, page.get_by_role("button", name="Mark as submitted"))
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    expect(page.locator("h1 .badge")).to_have_text("Submitted")
    screenshot(page, "09-proposal-submitted")
    click_and_wait(page, page.get_by_role("button", name="Request an offer"))
    offer = Offer.objects.get(owner=user)
    assert offer.proposal == proposal
    assert offer.status == "requested"

    # The offer arrives: hourly, with a weekly limit.
    click_and_wait(page, page.get_by_role("link", name="It arrived: record the terms"))
    page.get_by_label("Hourly", exact=True).check()
    page.locator("#id_amount").fill("45")
    page.get_by_label("Weekly hour limit").fill("30")
    screenshot(page, "10-offer-receive")
    click_and_wait(page, page.get_by_role("button", name="Record the offer"))
    offer.refresh_from_db()
    assert offer.status == "received"
    assert (offer.contract_type, offer.amount, offer.weekly_limit) == ("hourly", 45, 30)
    assert offer.expires_at > timezone.now() + settings.OFFER_EXPIRY_DEFAULT - timedelta(hours=1)
    expect(page.get_by_role("heading", name="Awaiting your acceptance")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("30 h a week")

    # Accept: tick the reviewed box, one click for "Thank you".
    click_and_wait(page, page.get_by_role("link", name="Review and accept"))
    page.get_by_label("I have reviewed the contract terms").check()
    page.get_by_role("button", name="Thank you", exact=True).click()
    expect(page.get_by_label("Acknowledgment message")).to_have_value("Thank you")
    screenshot(page, "11-offer-accept")
    click_and_wait(page, page.get_by_role("button", name="Accept the offer"))
    expect(page.locator("h1 .badge")).to_have_text("Accepted")
    expect(page.locator(".messages")).to_contain_text("Offer accepted.")
    expect(page.locator("#status-heading + p")).to_contain_text("with the message “Thank you”")
    offer.refresh_from_db()
    proposal.refresh_from_db()
    assert offer.status == "accepted"
    assert offer.acknowledgment == "Thank you"
    assert offer.accepted_at is not None
    assert proposal.status == "hired"
    screenshot(page, "12-offer-accepted")

    page.goto(proposal.get_absolute_url())
    expect(page.locator("h1 .badge")).to_have_text("Hired")
    click_and_wait(page, page.get_by_role("link", name="Dashboard"))
    expect(page.locator(".pipeline")).to_contain_text("1 offer accepted")
    screenshot(page, "13-dashboard-after-hire")
