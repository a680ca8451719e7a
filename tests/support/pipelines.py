"""A user with a record of every kind, and how many rows of each they own."""

from datetime import timedelta
from decimal import Decimal

from interviews.models import Client, Invitation, PreparationItem
from offers.models import Milestone, Offer
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from reminders.models import Notification, Reminder
from tests.support.instants import NOW


def owned_by(user):
    return {
        Client: Client.objects.filter(owner=user).count(),
        Invitation: Invitation.objects.filter(owner=user).count(),
        PreparationItem: PreparationItem.objects.filter(invitation__owner=user).count(),
        ProposalTemplate: ProposalTemplate.objects.filter(owner=user).count(),
        Proposal: Proposal.objects.filter(owner=user).count(),
        ScreeningQuestion: ScreeningQuestion.objects.filter(proposal__owner=user).count(),
        Offer: Offer.objects.filter(owner=user).count(),
        Milestone: Milestone.objects.filter(offer__owner=user).count(),
        Reminder: Reminder.objects.filter(owner=user).count(),
        Notification: Notification.objects.filter(owner=user).count(),
    }


def build_pipeline(user):
    client = Client.objects.create(owner=user, name=f"Client of {user.username}")
    invitation = Invitation.objects.create(
        owner=user, client=client, job_title="Job", notified_at=NOW - timedelta(days=2)
    )
    invitation.start(at=NOW - timedelta(days=1, hours=12))
    invitation.complete(at=NOW - timedelta(days=1))
    prep = invitation.preparation.first()
    prep.notes = "Read their blog."
    prep.save()
    ProposalTemplate.objects.create(owner=user, name="T", body="Hi")
    proposal = Proposal.objects.create(
        owner=user, invitation=invitation, cover_letter="Hello", bid_amount=Decimal("40")
    )
    ScreeningQuestion.objects.create(proposal=proposal, question="Q?", answer="A.")
    proposal.submit(at=NOW - timedelta(hours=20))
    offer = Offer.objects.create(
        owner=user,
        proposal=proposal,
        received_at=NOW - timedelta(hours=2),
        contract_type=Offer.ContractType.FIXED,
        amount=Decimal("400"),
    )
    Milestone.objects.create(offer=offer, title="All of it", amount=Decimal("400"))
    # A job-post proposal to another client, still a draft.
    Proposal.objects.create(owner=user, client=client, job_title="Post")
    Notification.objects.create(owner=user, title="Reminder", created_at=NOW)
