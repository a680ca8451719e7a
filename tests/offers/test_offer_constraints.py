"""The database itself refuses impossible offers and amounts written behind the models' backs."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from offers.models import Milestone, Offer
from proposals.models import Proposal
from tests.support.constraints import refused
from tests.support.instants import NOW


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
