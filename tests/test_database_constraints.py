"""The database itself refuses impossible rows written behind the models' backs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from interviews.models import Client, Invitation
from offers.models import Milestone, Offer
from proposals.models import Proposal

from .conftest import NOW


def refused(queryset, **changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)


def test_completed_before_started_is_refused(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    rows = Invitation.objects.filter(pk=invitation.pk)
    refused(rows, completed_at=NOW - timedelta(hours=3))
    assert rows.get().completed_at is None


def test_completed_without_a_start_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(Invitation.objects.filter(pk=invitation.pk), completed_at=NOW)


def test_a_start_after_the_start_deadline_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(
        Invitation.objects.filter(pk=invitation.pk),
        started_at=invitation.start_deadline + timedelta(seconds=1),
        completion_deadline=invitation.start_deadline + timedelta(days=2),
    )


def test_a_decline_without_a_reason_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(Invitation.objects.filter(pk=invitation.pk), declined_at=NOW)


def test_a_second_client_with_the_same_name_is_refused(owner, client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.create(owner=owner, name=client_record.name.upper())


def test_a_cover_letter_over_5000_characters_is_refused(now, make_proposal):
    proposal = make_proposal()
    refused(Proposal.objects.filter(pk=proposal.pk), cover_letter="x" * 5001)
    Proposal.objects.filter(pk=proposal.pk).update(cover_letter="x" * 5000)


def test_negative_amounts_are_refused(now, make_proposal, make_offer):
    refused(Proposal.objects.filter(pk=make_proposal().pk), bid_amount=Decimal("-1"))
    offer = make_offer()
    refused(Offer.objects.filter(pk=offer.pk), amount=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(offer=offer, title="Bad", amount=Decimal("-5"))


def test_an_acceptance_without_acknowledgment_is_refused(now, make_offer):
    offer = make_offer()
    refused(Offer.objects.filter(pk=offer.pk), accepted_at=NOW)


def test_an_offer_expiring_before_it_arrived_is_refused(now, make_offer):
    offer = make_offer()
    refused(Offer.objects.filter(pk=offer.pk), expires_at=offer.received_at)


def test_a_weekly_limit_on_a_fixed_price_offer_is_refused(now, make_offer):
    offer = make_offer(contract_type=Offer.ContractType.FIXED)
    refused(Offer.objects.filter(pk=offer.pk), weekly_limit=10)
