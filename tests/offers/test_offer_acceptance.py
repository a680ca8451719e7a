"""Offers: expiry, acceptance with reviewed terms and an acknowledgment."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings

from offers.models import Offer, Status
from tests.support.instants import NOW


def test_it_expires_thirty_days_after_receipt_by_default(now, make_offer):
    offer = make_offer(received_at=NOW - timedelta(hours=1))
    assert offer.expires_at == NOW - timedelta(hours=1) + timedelta(days=30)


def test_the_expiry_can_be_set_per_offer(now, make_offer):
    offer = make_offer(expires_at=NOW + timedelta(days=2))
    assert offer.expires_at == NOW + timedelta(days=2)


def test_changing_the_default_later_does_not_move_an_expiry(now, make_offer):
    offer = make_offer()
    with override_settings(OFFER_EXPIRY_DEFAULT=timedelta(days=1)):
        offer.terms = "Edited"
        offer.save()
    assert Offer.objects.get(pk=offer.pk).expires_at == offer.expires_at


def test_it_is_expired_at_the_instant_of_expiry(db, make_offer):
    with time_machine.travel(NOW, tick=False):
        offer = make_offer()
    second = timedelta(seconds=1)
    assert offer.status_at(offer.expires_at - second) == Status.RECEIVED
    assert offer.status_at(offer.expires_at) == Status.EXPIRED
    row = Offer.objects.with_status(offer.expires_at).get(pk=offer.pk)
    assert row.current_status == Status.EXPIRED
    assert not Offer.objects.awaiting_acceptance(offer.expires_at).exists()


def test_accepting_needs_reviewed_terms_and_an_acknowledgment(now, make_offer):
    offer = make_offer()
    with pytest.raises(ValidationError) as caught:
        offer.accept("", terms_reviewed=False)
    assert set(caught.value.message_dict) == {"terms_reviewed", "acknowledgment"}
    with pytest.raises(ValidationError, match="reviewed"):
        offer.accept("Thank you", terms_reviewed=False)
    assert Offer.objects.get(pk=offer.pk).accepted_at is None
    offer.accept(" Thank you ", terms_reviewed=True)
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED
    assert offer.acknowledgment == "Thank you" and offer.accepted_at == NOW


def test_an_expired_offer_cannot_be_accepted(now, make_offer):
    offer = make_offer(received_at=NOW - timedelta(days=3), expires_at=NOW - timedelta(hours=1))
    with pytest.raises(ValidationError, match="expired on"):
        offer.accept("Received", terms_reviewed=True)
    assert Offer.objects.get(pk=offer.pk).accepted_at is None


def test_accepting_marks_the_proposal_hired(now, make_proposal, make_offer):
    proposal = make_proposal()
    proposal.submit()
    offer = make_offer(proposal=proposal)
    offer.accept("Received", terms_reviewed=True)
    proposal.refresh_from_db()
    assert proposal.status == proposal.Status.HIRED


def test_a_requested_offer_is_received_with_its_terms(now, owner, client_record):
    offer = Offer.objects.create(
        owner=owner, client=client_record, job_title="API", requested_at=NOW - timedelta(days=2)
    )
    assert offer.status == Status.REQUESTED
    offer.receive(at=NOW - timedelta(hours=1), amount=Decimal("40"), weekly_limit=10)
    offer.refresh_from_db()
    assert offer.status == Status.RECEIVED and offer.amount == Decimal("40")
    with pytest.raises(ValidationError, match="Only a requested"):
        offer.receive()


def test_withdrawn_and_declined_offers_cannot_be_accepted(now, make_offer):
    offer = make_offer()
    offer.withdraw()
    with pytest.raises(ValidationError, match="withdrawn"):
        offer.accept("Thank you", terms_reviewed=True)
    other = make_offer(job_title="Other")
    other.decline("Rate")
    with pytest.raises(ValidationError, match="Only an open"):
        other.withdraw()
