"""Hostile or clumsy input, form by form and command by command.

Every refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was. Text that is odd but valid (right-to-left, emoji,
HTML, SQL) is kept exactly as typed and shown escaped.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection
from django.test import Client as Browser
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from interviews.models import Client, Invitation
from kit.clock import format_deadline
from offers.models import Offer
from proposals.models import CURRENCIES, Proposal, ProposalTemplate
from reminders.models import Notification

from .conftest import NOW
from .snapshots import changes, snapshot

# NOW is 07:00 on Wed 25 Nov 2026 in New York, the owner's zone.
EARLIER_TODAY = "2026-11-25T06:00"
LATER_TODAY = "2026-11-25T08:00"
CURRENCY_LIST = ", ".join(CURRENCIES)


@dataclass
class World:
    """The owner's records in every state the forms care about, and a stranger's."""

    client: Any
    pending: Any
    started: Any
    expired: Any
    empty_draft: Any
    submitted: Any
    template: Any
    requested_offer: Any
    offer: Any
    expired_offer: Any
    strangers_client: Any
    strangers_template: Any
    strangers_item: Any


@pytest.fixture
def world(now, owner, stranger, client_record, make_invitation, make_proposal, make_offer):
    started = make_invitation(job_title="Started interview")
    started.start(NOW - timedelta(minutes=30))
    strangers_client = Client.objects.create(owner=stranger, name="Initech")
    strangers_invitation = Invitation.objects.create(
        owner=stranger, client=strangers_client, job_title="Theirs", notified_at=NOW
    )
    return World(
        client=client_record,
        pending=make_invitation(),
        started=started,
        expired=make_invitation(job_title="Too late", notified_at=NOW - timedelta(days=15)),
        empty_draft=make_proposal(cover_letter=""),
        submitted=make_proposal(status=Proposal.Status.SUBMITTED, submitted_at=NOW),
        template=ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hi."),
        requested_offer=Offer.objects.create(
            owner=owner, client=client_record, job_title="Asked for", requested_at=NOW
        ),
        offer=make_offer(),
        expired_offer=make_offer(job_title="Old offer", received_at=NOW - timedelta(days=40)),
        strangers_client=strangers_client,
        strangers_template=ProposalTemplate.objects.create(
            owner=stranger, name="Theirs", body="Hi."
        ),
        strangers_item=strangers_invitation.preparation.first(),
    )


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


# The valid form each case spoils one field of ---------------------------------------------


def invitation_form(w):
    return {
        "client": w.client.pk,
        "new_client_name": "",
        "job_title": "Build a booking system",
        "job_url": "https://www.upwork.com/jobs/~0123",
        "message": "",
        "notified_at": EARLIER_TODAY,
    }


def client_form(w):
    return {"name": "Globex", "company": "", "industry": "", "website": "", "research_notes": ""}


def proposal_form(w):
    return {
        "client": w.client.pk,
        "job_title": "Build a booking system",
        "job_url": "",
        "template": "",
        "cover_letter": "Hello, I can help.",
        "bid_type": "hourly",
        "bid_amount": "50",
        "currency": "USD",
        "connects_spent": "",
    }


def template_form(w):
    return {"name": "Short", "invitation_opening": "", "job_post_opening": "", "body": "Hi."}


MILESTONES = {
    "milestones-TOTAL_FORMS": "3",
    "milestones-INITIAL_FORMS": "0",
    "milestones-MIN_NUM_FORMS": "0",
    "milestones-MAX_NUM_FORMS": "1000",
}


def terms_form(w):
    return {
        "received_at": EARLIER_TODAY,
        "expires_at": "2026-12-20T06:00",
        "contract_type": "hourly",
        "amount": "50",
        "currency": "USD",
        "weekly_limit": "",
        "start_date": "",
        "terms": "",
        **MILESTONES,
    }


def offer_form(w):
    return {"proposal": "", "client": w.client.pk, "job_title": "Build", **terms_form(w)}


def settings_form(w):
    return {
        "first_name": "Alice",
        "last_name": "Smith",
        "email": "alice@example.com",
        "timezone": "America/New_York",
        "email_reminders": "on",
        "inapp_reminders": "on",
        "start_reminder_hours": "72, 24, 2",
        "completion_reminder_hours": "24, 6, 1",
        "offer_reminder_hours": "48, 6",
        "proposal_followup_days": "7",
        "offer_request_followup_days": "3",
    }


def signup_form(w):
    return {
        "username": "newcomer",
        "email": "new@example.com",
        "timezone": "Europe/Berlin",
        "password1": "a-Long-pass-phrase-9",
        "password2": "a-Long-pass-phrase-9",
    }


def preparation_form(w):
    data = {
        "prep-TOTAL_FORMS": "4",
        "prep-INITIAL_FORMS": "4",
        "prep-MIN_NUM_FORMS": "0",
        "prep-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(w.pending.preparation.all()):
        data[f"prep-{i}-id"] = item.pk
        data[f"prep-{i}-notes"] = "Read their site"
    return data


@dataclass
class Case:
    id: str
    url: Any  # world -> url
    form: Any  # world -> the valid data
    change: dict = field(default_factory=dict)  # what spoils it (a value may be world -> value)
    message: Any = ""  # str, or world -> str
    follow: bool = False  # the message arrives after a redirect
    anonymous: bool = False

    def data(self, w):
        values = self.form(w) if self.form else {}
        for name, value in self.change.items():
            values[name] = value(w) if callable(value) else value
        return {name: value for name, value in values.items() if value is not None}


def const(url):
    return lambda w: url


INVITATION_NEW = const("/invitations/new/")
CLIENT_NEW = const("/clients/new/")
PROPOSAL_NEW = const("/proposals/new/")
TEMPLATE_NEW = const("/proposals/templates/new/")
OFFER_NEW = const("/offers/new/")
SETTINGS = const("/settings/")
SIGNUP = const("/signup/")


def start(w, which="pending"):
    return reverse("invitation_start", args=[getattr(w, which).pk])


def local(w, moment):
    """A moment as the owner's pages show it."""
    return format_deadline(moment, w.client.owner)


def long(n, char="x"):
    return char * n


REFUSED = [
    # The new-invitation form: dates, lengths, links, clients.
    Case(
        "notice-in-the-future",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": LATER_TODAY},
        "The notification time cannot be in the future.",
    ),
    Case(
        "notice-impossible-date",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "2026-13-45T10:00"},
        "Enter a valid date/time.",
    ),
    Case(
        "notice-in-words",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "yesterday at noon"},
        "Enter a valid date/time.",
    ),
    Case(
        "notice-in-the-year-1",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "0001-01-01T00:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case(
        "notice-in-a-daylight-saving-gap",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": "2026-03-08T02:30"},
        "There is no 02:30 on Sun 08 Mar 2026 in America/New_York: the clocks skip it when "
        "they go forward from EST to EDT. Did you mean 03:30 EDT?",
    ),
    Case(
        "notice-missing",
        INVITATION_NEW,
        invitation_form,
        {"notified_at": ""},
        "This field is required.",
    ),
    Case(
        "job-title-301-characters",
        INVITATION_NEW,
        invitation_form,
        {"job_title": long(301)},
        "Ensure this value has at most 300 characters (it has 301).",
    ),
    Case(
        "job-title-with-a-null-character",
        INVITATION_NEW,
        invitation_form,
        {"job_title": "Build\x00it"},
        "Null characters are not allowed.",
    ),
    Case(
        "job-url-javascript",
        INVITATION_NEW,
        invitation_form,
        {"job_url": "javascript:alert(1)"},
        "Enter a valid URL.",
    ),
    Case(
        "job-url-not-a-url",
        INVITATION_NEW,
        invitation_form,
        {"job_url": "upwork dot com"},
        "Enter a valid URL.",
    ),
    Case(
        "client-of-another-user",
        INVITATION_NEW,
        invitation_form,
        {"client": lambda w: w.strangers_client.pk},
        "Select a valid choice. That choice is not one of the available choices.",
    ),
    Case(
        "client-picked-and-typed",
        INVITATION_NEW,
        invitation_form,
        {"new_client_name": "Globex"},
        "Pick one of your clients or type a new client's name, not both.",
    ),
    Case(
        "new-client-name-201-characters",
        INVITATION_NEW,
        invitation_form,
        {"client": "", "new_client_name": long(201)},
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    # Correcting an invitation: the notice moved after the interview started.
    Case(
        "notice-corrected-to-after-the-start",
        lambda w: reverse("invitation_edit", args=[w.started.pk]),
        lambda w: {**invitation_form(w), "job_title": "Started interview"},
        {"notified_at": "2026-11-25T06:45"},
        lambda w: (
            f"The interview started on {local(w, w.started.started_at)}"
            "; the invitation cannot have arrived after that."
        ),
    ),
    # The interview's actions: deadlines passed, events out of order.
    Case(
        "start-an-expired-invitation",
        lambda w: start(w, "expired"),
        None,
        {},
        lambda w: (
            f"This invitation expired on {local(w, w.expired.start_deadline)}: a start can only "
            "be recorded before then."
        ),
    ),
    Case(
        "start-before-the-invitation-arrived",
        start,
        None,
        {"started_at": "2026-11-25T05:00"},
        "The interview cannot start before the invitation arrived.",
    ),
    Case(
        "start-in-the-future",
        start,
        None,
        {"started_at": LATER_TODAY},
        "The start time cannot be in the future.",
    ),
    Case(
        "start-at-an-hour-that-does-not-exist",
        start,
        None,
        {"started_at": "2026-11-25T25:00"},
        "Enter a valid date/time.",
    ),
    Case(
        "start-in-the-year-9999",
        start,
        None,
        {"started_at": "9999-12-31T23:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case(
        "complete-before-it-started",
        lambda w: reverse("invitation_complete", args=[w.started.pk]),
        None,
        {"completed_at": "2026-11-25T06:15"},
        "The interview cannot be completed before it started.",
    ),
    Case(
        "complete-before-starting",
        lambda w: reverse("invitation_complete", args=[w.pending.pk]),
        None,
        {},
        "Start the interview before completing it.",
    ),
    Case(
        "decline-without-a-reason",
        lambda w: reverse("invitation_decline", args=[w.pending.pk]),
        None,
        {"decline_reason": "   "},
        "Say why you are declining.",
    ),
    Case(
        "preparation-item-of-another-invitation",
        lambda w: reverse("preparation_update", args=[w.pending.pk]),
        preparation_form,
        {"prep-0-id": lambda w: w.strangers_item.pk},
        "This checklist does not match the invitation's points; reload the page and try again.",
    ),
    # The client form.
    Case(
        "client-name-201-characters",
        CLIENT_NEW,
        client_form,
        {"name": long(201)},
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    Case("client-name-missing", CLIENT_NEW, client_form, {"name": "  "}, "This field is required."),
    Case(
        "client-name-taken-in-another-case",
        CLIENT_NEW,
        client_form,
        {"name": "ACME"},
        "You already have a client with this name.",
    ),
    Case(
        "client-website-without-a-host",
        CLIENT_NEW,
        client_form,
        {"website": "http://"},
        "Enter a valid URL.",
    ),
    Case(
        "client-website-javascript",
        CLIENT_NEW,
        client_form,
        {"website": "javascript:alert(document.cookie)"},
        "Enter a valid URL.",
    ),
    # The proposal form: the letter's limit, amounts, currencies.
    Case(
        "cover-letter-5001-characters",
        PROPOSAL_NEW,
        proposal_form,
        {"cover_letter": long(5001)},
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    Case(
        "cover-letter-5001-emoji",
        PROPOSAL_NEW,
        proposal_form,
        {"cover_letter": long(5001, "🚀")},
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    Case(
        "bid-negative",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "-5"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "bid-zero",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "0"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case("bid-nan", PROPOSAL_NEW, proposal_form, {"bid_amount": "NaN"}, "Enter a number."),
    Case(
        "bid-infinity", PROPOSAL_NEW, proposal_form, {"bid_amount": "Infinity"}, "Enter a number."
    ),
    Case(
        "bid-huge",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "123456789012"},
        "Ensure that there are no more than 10 digits in total.",
    ),
    Case(
        "bid-with-an-exponent",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "1e400"},
        "Ensure that there are no more than 10 digits in total.",
    ),
    Case(
        "bid-three-decimals",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "10.005"},
        "Ensure that there are no more than 2 decimal places.",
    ),
    Case(
        "currency-unknown",
        PROPOSAL_NEW,
        proposal_form,
        {"currency": "XYZ"},
        f"“XYZ” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "currency-lower-case",
        PROPOSAL_NEW,
        proposal_form,
        {"currency": "usd"},
        f"“usd” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "bid-type-invented",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_type": "barter"},
        "Select a valid choice. barter is not one of the available choices.",
    ),
    Case(
        "connects-negative",
        PROPOSAL_NEW,
        proposal_form,
        {"connects_spent": "-1"},
        "Ensure this value is greater than or equal to 0.",
    ),
    Case(
        "connects-beyond-what-the-column-holds",
        PROPOSAL_NEW,
        proposal_form,
        {"connects_spent": "40000"},
        "Ensure this value is less than or equal to 32767.",
    ),
    Case(
        "template-of-another-user",
        PROPOSAL_NEW,
        proposal_form,
        {"template": lambda w: w.strangers_template.pk},
        "Select a valid choice. That choice is not one of the available choices.",
    ),
    Case(
        "proposal-job-url-invalid",
        PROPOSAL_NEW,
        proposal_form,
        {"job_url": "htp:/upwork"},
        "Enter a valid URL.",
    ),
    Case(
        "submit-without-a-letter",
        lambda w: reverse("proposal_submit", args=[w.empty_draft.pk]),
        None,
        {},
        "Write the cover letter before submitting.",
        follow=True,
    ),
    Case(
        "submit-twice",
        lambda w: reverse("proposal_submit", args=[w.submitted.pk]),
        None,
        {},
        "Only a draft can be submitted; this proposal is submitted.",
        follow=True,
    ),
    # Proposal templates.
    Case(
        "template-name-121-characters",
        TEMPLATE_NEW,
        template_form,
        {"name": long(121)},
        "Ensure this value has at most 120 characters (it has 121).",
    ),
    Case(
        "template-name-taken",
        TEMPLATE_NEW,
        template_form,
        {"name": "Standard"},
        "You already have a template with this name.",
    ),
    Case(
        "template-body-missing",
        TEMPLATE_NEW,
        template_form,
        {"body": ""},
        "This field is required.",
    ),
    # Offers: order of events, expiry, amounts, terms.
    Case(
        "offer-expires-before-it-arrived",
        OFFER_NEW,
        offer_form,
        {"expires_at": "2026-11-24T06:00"},
        "The offer must expire after it was received.",
    ),
    Case(
        "offer-received-in-the-future",
        OFFER_NEW,
        offer_form,
        {"received_at": LATER_TODAY},
        "The time cannot be in the future.",
    ),
    Case(
        "offer-received-in-the-year-1",
        OFFER_NEW,
        offer_form,
        {"received_at": "0001-01-01T00:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case("offer-amount-nan", OFFER_NEW, offer_form, {"amount": "nan"}, "Enter a number."),
    Case(
        "offer-amount-negative",
        OFFER_NEW,
        offer_form,
        {"amount": "-1"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "offer-hourly-without-a-rate",
        OFFER_NEW,
        offer_form,
        {"amount": ""},
        "Enter the hourly rate.",
    ),
    Case(
        "offer-weekly-limit-over-a-week",
        OFFER_NEW,
        offer_form,
        {"weekly_limit": "169"},
        "Ensure this value is less than or equal to 168.",
    ),
    Case(
        "offer-weekly-limit-on-a-fixed-price",
        OFFER_NEW,
        offer_form,
        {"contract_type": "fixed", "weekly_limit": "20"},
        "A weekly hour limit applies to hourly contracts only.",
    ),
    Case(
        "offer-currency-unknown",
        OFFER_NEW,
        offer_form,
        {"currency": "BTC"},
        f"“BTC” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "offer-start-date-30-february",
        OFFER_NEW,
        offer_form,
        {"start_date": "2026-02-30"},
        "Enter a valid date.",
    ),
    Case(
        "offer-without-job-or-proposal",
        OFFER_NEW,
        offer_form,
        {"job_title": ""},
        "Enter the job title, or choose the proposal the offer answers.",
    ),
    Case(
        "offer-milestone-of-zero",
        OFFER_NEW,
        offer_form,
        {
            "contract_type": "fixed",
            "amount": "",
            "milestones-0-title": "Design",
            "milestones-0-amount": "0",
        },
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "offer-milestones-form-missing",
        OFFER_NEW,
        lambda w: {k: v for k, v in offer_form(w).items() if not k.startswith("milestones-")},
        {},
        "ManagementForm data is missing or has been tampered with.",
    ),
    Case(
        "offer-received-before-it-was-requested",
        lambda w: reverse("offer_receive", args=[w.requested_offer.pk]),
        terms_form,
        {"received_at": "2026-11-25T05:00"},
        "The offer cannot arrive before it was requested.",
    ),
    Case(
        "offer-received-expiring-before-receipt",
        lambda w: reverse("offer_receive", args=[w.requested_offer.pk]),
        terms_form,
        {"received_at": "2026-11-25T07:00", "expires_at": "2026-11-25T06:59"},
        "The offer must expire after it was received.",
    ),
    Case(
        "accept-an-expired-offer",
        lambda w: reverse("offer_accept", args=[w.expired_offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": "Thank you"},
        lambda w: (
            f"This offer expired on {local(w, w.expired_offer.expires_at)}"
            " and can no longer be accepted."
        ),
    ),
    Case(
        "accept-without-reviewing-the-terms",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"acknowledgment": "Thank you"},
        "Confirm that you reviewed the contract terms.",
    ),
    Case(
        "accept-without-an-acknowledgment",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": " "},
        "Write an acknowledgment to the client, such as “Thank you” or “Received”.",
    ),
    Case(
        "accept-with-an-acknowledgment-of-501-characters",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": long(501)},
        "Ensure this value has at most 500 characters (it has 501).",
    ),
    # The settings page: zones, lead times, follow-ups.
    Case(
        "zone-unknown",
        SETTINGS,
        settings_form,
        {"timezone": "Mars/Olympus_Mons"},
        "“Mars/Olympus_Mons” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-a-file-path",
        SETTINGS,
        settings_form,
        {"timezone": "../../../etc/passwd"},
        "“../../../etc/passwd” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-an-offset",
        SETTINGS,
        settings_form,
        {"timezone": "+05:30"},
        "“+05:30” is not a time zone we know. Pick one such as Europe/Berlin or America/New_York.",
    ),
    Case(
        "lead-time-in-words",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "72, a day, 2"},
        "“a” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-fractional",
        SETTINGS,
        settings_form,
        {"completion_reminder_hours": "1.5"},
        "“1.5” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "zone-the-servers-own-alias",
        SETTINGS,
        settings_form,
        {"timezone": "localtime"},
        "“localtime” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
    ),
    Case(
        "zone-the-placeholder",
        SETTINGS,
        settings_form,
        {"timezone": "Factory"},
        "“Factory” is not a time zone we know. Pick one such as Europe/Berlin or America/New_York.",
    ),
    Case(
        "lead-time-with-an-underscore",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "7_2"},
        "“7_2” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-in-full-width-digits",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "１２"},
        "“１２” is not a whole number of hours. Enter hours separated by commas, like 72, 24, 2.",
    ),
    Case(
        "lead-time-zero",
        SETTINGS,
        settings_form,
        {"offer_reminder_hours": "0"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-negative",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "24, -5"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-over-a-month",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "721"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-huge",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "99999999999999999999999999"},
        "Each lead time must be between 1 and 720 hours.",
    ),
    Case(
        "lead-time-twice",
        SETTINGS,
        settings_form,
        {"start_reminder_hours": "24, 24"},
        "A lead time is listed twice.",
    ),
    Case(
        "follow-up-after-zero-days",
        SETTINGS,
        settings_form,
        {"proposal_followup_days": "0"},
        "Ensure this value is greater than or equal to 1.",
    ),
    Case(
        "follow-up-after-91-days",
        SETTINGS,
        settings_form,
        {"offer_request_followup_days": "91"},
        "Ensure this value is less than or equal to 90.",
    ),
    # Signing up.
    Case(
        "signup-zone-forged",
        SIGNUP,
        signup_form,
        {"timezone": "Nowhere/Land"},
        "“Nowhere/Land” is not a time zone we know. Pick one such as Europe/Berlin or "
        "America/New_York.",
        anonymous=True,
    ),
    Case(
        "signup-username-with-emoji",
        SIGNUP,
        signup_form,
        {"username": "new 🚀"},
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters.",
        anonymous=True,
    ),
    Case(
        "signup-passwords-differ",
        SIGNUP,
        signup_form,
        {"password2": "a-Long-pass-phrase-8"},
        "You must type the same password each time.",
        anonymous=True,
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_bad_input_is_refused_with_its_message_and_changes_nothing(case, world, client, owner):
    if not case.anonymous:
        client.force_login(owner)
    url = case.url(world)
    data = case.data(world)
    message = case.message(world) if callable(case.message) else case.message
    before = snapshot()
    response = client.post(url, data, follow=case.follow)
    assert response.status_code == 200, response.status_code
    assert escape(message) in response.content.decode(), message
    assert not changes(before, snapshot())


def test_the_matrix_is_at_least_forty_cases_wide():
    assert len(REFUSED) >= 40
    assert len({case.id for case in REFUSED}) == len(REFUSED)


# A missing CSRF token: 403 on every form, nothing saved ---------------------------------

CSRF_FORMS = [
    ("invitation-new", INVITATION_NEW, invitation_form),
    ("client-new", CLIENT_NEW, client_form),
    ("proposal-new", PROPOSAL_NEW, proposal_form),
    ("template-new", TEMPLATE_NEW, template_form),
    ("offer-new", OFFER_NEW, offer_form),
    ("settings", SETTINGS, lambda w: {**settings_form(w), "timezone": "Europe/Paris"}),
    ("invitation-start", start, lambda w: {}),
    ("invitation-decline", lambda w: reverse("invitation_decline", args=[w.pending.pk]), None),
    ("offer-accept", lambda w: reverse("offer_accept", args=[w.offer.pk]), None),
    ("proposal-withdraw", lambda w: reverse("proposal_withdraw", args=[w.submitted.pk]), None),
    ("notifications-read-all", const("/notifications/read-all/"), None),
]


# Pages for the CSRF check whose URL takes POST only; the token comes from the dashboard.
NO_FORM_PAGE = {
    "invitation-start",
    "invitation-decline",
    "proposal-withdraw",
    "notifications-read-all",
}


@pytest.mark.parametrize("name,url,form", CSRF_FORMS, ids=[name for name, _, _ in CSRF_FORMS])
def test_a_post_without_the_csrf_token_is_forbidden_and_changes_nothing(
    name, url, form, world, owner
):
    Notification.objects.create(owner=owner, title="Unread", created_at=NOW)
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(owner)
    data = {
        **(form(world) if form else {}),
        "decline_reason": "Not for me",
        "terms_reviewed": "on",
        "acknowledgment": "Thank you",
    }
    before = snapshot()
    response = browser.post(url(world), data)
    assert response.status_code == 403
    assert not changes(before, snapshot())
    # The same post with the token goes through: the 403 was the missing token.
    browser.get(url(world) if name not in NO_FORM_PAGE else "/")
    token = browser.cookies["csrftoken"].value
    response = browser.post(url(world), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert changes(before, snapshot())


def test_a_signup_without_the_csrf_token_is_forbidden(db):
    browser = Browser(enforce_csrf_checks=True)
    response = browser.post(SIGNUP(None), signup_form(None))
    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()


# Odd but valid text: kept exactly, shown escaped --------------------------------------------

RTL_AND_EMOJI = "שלום עולם — مرحبا 👩‍💻🚀 \u200fנבדק"
SCRIPT = '<script>alert("owned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
SQL = "Robert'); DROP TABLE interviews_client; --"


@pytest.mark.parametrize("name", [RTL_AND_EMOJI, SCRIPT, SQL], ids=["rtl-emoji", "script", "sql"])
def test_a_client_name_is_kept_exactly_and_shown_escaped(signed_in, world, name):
    response = signed_in.post(CLIENT_NEW(world), {**client_form(world), "name": name}, follow=True)
    assert response.status_code == 200
    saved = Client.objects.get(owner=world.client.owner, name=name)
    assert saved.name == name
    for page in (response, signed_in.get("/clients/"), signed_in.get(f"/clients/{saved.pk}/")):
        body = page.content.decode()
        assert escape(name) in body
        assert "<script>alert" not in body
    # The table the SQL-like name talks about is still there, with every row.
    assert "interviews_client" in connection.introspection.table_names()
    assert Client.objects.count() == 3


@pytest.mark.parametrize(
    "title", [RTL_AND_EMOJI, SCRIPT, IMAGE, SQL], ids=["rtl-emoji", "script", "image", "sql"]
)
def test_an_invitation_title_is_kept_exactly_and_shown_escaped_everywhere(signed_in, world, title):
    response = signed_in.post(
        INVITATION_NEW(world), {**invitation_form(world), "job_title": title}, follow=True
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get(job_title=title)
    pages = [response] + [
        signed_in.get(url)
        for url in (
            invitation.get_absolute_url(),
            "/invitations/",
            "/",
            world.client.get_absolute_url(),
            f"/proposals/new/?invitation={invitation.pk}",
        )
    ]
    for page in pages:
        body = page.content.decode()
        assert escape(title) in body, page.request["PATH_INFO"]
        assert "<script>alert" not in body and "<img src=x" not in body


def test_a_cover_letter_of_5000_emoji_is_kept_whole(signed_in, world):
    letter = long(4999, "🚀") + "👍"
    response = signed_in.post(PROPOSAL_NEW(world), {**proposal_form(world), "cover_letter": letter})
    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=response.url.strip("/").split("/")[-1])
    assert proposal.cover_letter == letter and len(proposal.cover_letter) == 5000


def test_research_notes_with_markup_are_shown_as_text(signed_in, world):
    notes = f"{IMAGE}\n{SCRIPT}\n{RTL_AND_EMOJI}"
    response = signed_in.post(
        CLIENT_NEW(world), {**client_form(world), "research_notes": notes}, follow=True
    )
    assert Client.objects.get(name="Globex").research_notes == notes
    body = response.content.decode()
    assert escape(IMAGE) in body and "<img src=x" not in body


def test_a_search_with_sql_in_it_is_only_text(signed_in, world):
    for url in ("/invitations/", "/clients/"):
        response = signed_in.get(url, {"q": "' OR '1'='1' --"})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 0
    assert Client.objects.count() == 2


def test_a_decline_reason_in_any_script_is_kept(signed_in, world):
    response = signed_in.post(
        reverse("invitation_decline", args=[world.pending.pk]),
        {"decline_reason": RTL_AND_EMOJI},
        follow=True,
    )
    world.pending.refresh_from_db()
    assert world.pending.decline_reason == RTL_AND_EMOJI
    assert escape(RTL_AND_EMOJI) in response.content.decode()


# Commands --------------------------------------------------------------------------------

BAD_FLAGS = [
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["now"], "unrecognized arguments: now"),
    (["--dry-run=yes"], "argument --dry-run: ignored explicit argument 'yes'"),
    (["--verbosity", "9"], "argument -v/--verbosity: invalid choice: 9 (choose from 0, 1, 2, 3)"),
    (["--dry-runn"], "unrecognized arguments: --dry-runn"),
]


@pytest.mark.parametrize("args,message", BAD_FLAGS, ids=[" ".join(a) for a, _ in BAD_FLAGS])
def test_send_reminders_refuses_a_bad_flag_with_a_clear_message(args, message, world):
    before = snapshot()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("send_reminders", *args)
    assert not changes(before, snapshot())


def test_send_reminders_from_a_shell_exits_with_the_usage_and_the_error(world, capsys):
    before = snapshot()
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "send_reminders", "--bogus"]).execute()
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "usage: manage.py send_reminders" in err
    assert "error: unrecognized arguments: --bogus" in err
    assert not changes(before, snapshot())


def test_seed_demo_refuses_a_bad_flag(db):
    before = snapshot()
    with pytest.raises(CommandError, match="unrecognized arguments: --users=5"):
        call_command("seed_demo", "--users=5")
    assert not changes(before, snapshot())
