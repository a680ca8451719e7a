"""Hostile or clumsy input, form by form: the records the cases run against, the valid
form each case spoils one field of, and the case itself.

Every refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from kit.clock import format_deadline
from proposals.models import CURRENCIES

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
