"""An offer awaiting acceptance, and an offer requested but not received, for reminders."""

from datetime import timedelta

from django.conf import settings
from django.template.defaultfilters import pluralize

from kit.clock import format_deadline, time_left
from reminders.registry import DeadlineKind, Plan

from .models import Offer


def _closed(offer):
    return bool(offer.accepted_at or offer.declined_at or offer.withdrawn_at)


def expiry_plan(offer):
    if not offer.received_at or _closed(offer):
        return None
    return Plan(offer.expires_at, tuple(offer.owner.lead_times("offer")))


def request_followup_plan(offer):
    if not offer.requested_at or offer.received_at or _closed(offer):
        return None
    nudge_at = offer.requested_at + timedelta(days=offer.owner.offer_request_followup_days)
    useful = settings.REMINDER_FOLLOWUP_USEFUL_FOR
    return Plan(nudge_at + useful, (useful,))


def _client(offer):
    return offer.client.name if offer.client_id else "the client"


def expiry_message(offer, reminder, now):
    expires = format_deadline(reminder.deadline, offer.owner)
    left = time_left(reminder.deadline, now)
    subject = f"Accept or decline the offer from {_client(offer)} — {left} left, expires {expires}"
    body = (
        f"The offer for “{offer.job_title}” from {_client(offer)} expires on {expires}: "
        f"{left} left. Review the terms and accept it with a short acknowledgment, or decline."
    )
    return subject, body


def request_followup_message(offer, reminder, now):
    days = (now - offer.requested_at).days
    subject = f"Ask {_client(offer)} about the offer you requested {days} day{pluralize(days)} ago"
    body = (
        f"You asked {_client(offer)} to send an offer for “{offer.job_title}” on "
        f"{format_deadline(offer.requested_at, offer.owner)}, and it has not arrived yet."
    )
    return subject, body


OFFER_EXPIRY = DeadlineKind(
    name="offer_expiry",
    model=Offer,
    label="Offer expiry",
    plan=expiry_plan,
    open_subjects=lambda user: Offer.objects.filter(
        owner=user,
        received_at__isnull=False,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        withdrawn_at__isnull=True,
    ),
    message=expiry_message,
    select_related=("owner", "client"),
    # A received or requested offer is the client's reply: the proposal needs no nudge.
    touches=lambda offer: [offer.proposal] if offer.proposal_id else [],
)

OFFER_REQUEST_FOLLOWUP = DeadlineKind(
    name="offer_request_followup",
    model=Offer,
    label="Offer request follow-up",
    one_time=True,
    plan=request_followup_plan,
    open_subjects=lambda user: Offer.objects.filter(
        owner=user,
        requested_at__isnull=False,
        received_at__isnull=True,
        declined_at__isnull=True,
        withdrawn_at__isnull=True,
    ),
    message=request_followup_message,
    select_related=("owner", "client"),
)

KINDS = (OFFER_EXPIRY, OFFER_REQUEST_FOLLOWUP)
