"""The follow-up nudge for a submitted proposal with no reply, declared to reminders."""

from datetime import timedelta

from django.conf import settings
from django.template.defaultfilters import pluralize

from kit.clock import format_deadline
from reminders.registry import DeadlineKind, Plan

from .models import Proposal


def followup_plan(proposal):
    if proposal.status != Proposal.Status.SUBMITTED or not proposal.submitted_at:
        return None
    # The client replied with an offer (the owner's own: never one linked across accounts).
    if any(offer.owner_id == proposal.owner_id for offer in proposal.offers.all()):
        return None
    nudge_at = proposal.submitted_at + timedelta(days=proposal.owner.proposal_followup_days)
    # A nudge stays worth sending for a while after its day; after that it is skipped.
    useful = settings.REMINDER_FOLLOWUP_USEFUL_FOR
    return Plan(nudge_at + useful, (useful,))


def followup_message(proposal, reminder, now):
    client = proposal.client.name if proposal.client_id else "the client"
    days = (now - proposal.submitted_at).days
    subject = f"Follow up on your proposal to {client} — no reply after {days} day{pluralize(days)}"
    body = (
        f"You submitted your proposal for “{proposal.job_title}” on "
        f"{format_deadline(proposal.submitted_at, proposal.owner)} and have had no reply. "
        "A short, polite follow-up message often helps."
    )
    return subject, body


PROPOSAL_FOLLOWUP = DeadlineKind(
    name="proposal_followup",
    model=Proposal,
    label="Proposal follow-up",
    one_time=True,
    plan=followup_plan,
    open_subjects=lambda user: Proposal.objects.filter(
        owner=user, status=Proposal.Status.SUBMITTED
    ),
    message=followup_message,
    select_related=("owner", "client"),
    # followup_plan asks whether an offer came; one query per batch, not per proposal.
    prefetch_related=("offers",),
)

KINDS = (PROPOSAL_FOLLOWUP,)
