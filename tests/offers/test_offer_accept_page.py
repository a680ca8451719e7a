"""Accepting an offer: the terms again, the reviewed-terms tick and an acknowledgment."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from offers.models import Milestone, Offer, Status
from proposals.models import Proposal
from tests.support.instants import NOW


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def offer(now, make_offer):
    offer = make_offer(
        contract_type="fixed",
        amount=Decimal("1200"),
        terms="Payment on approval of each milestone.",
        expires_at=NOW + timedelta(days=1),
    )
    Milestone.objects.create(offer=offer, title="Prototype", amount=Decimal("1200"))
    return offer


def accept(client, offer, **data):
    return client.post(reverse("offer_accept", args=[offer.pk]), data, follow=True)


def assert_unchanged(offer):
    fresh = Offer.objects.get(pk=offer.pk)
    assert fresh.status == Status.RECEIVED
    assert fresh.accepted_at is None and fresh.acknowledgment == ""


def test_the_page_shows_the_terms_the_tick_and_the_suggestions(signed_in, offer):
    response = signed_in.get(reverse("offer_accept", args=[offer.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Prototype" in text and "1200.00 USD" in text
    assert "Payment on approval of each milestone." in text
    assert "I have reviewed the contract terms" in text
    assert 'type="checkbox" name="terms_reviewed"' in text
    for suggestion in ("Thank you", "Received"):
        assert f'data-fill="#id_acknowledgment" data-value="{suggestion}"' in text
        assert f'<option value="{suggestion}">' in text  # works without JavaScript too
    assert "1 day left" in text


def test_the_owner_accepts_with_a_tick_and_a_message(signed_in, offer):
    response = accept(signed_in, offer, terms_reviewed="on", acknowledgment=" Thank you ")
    assert "Offer accepted." in response.text
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED
    assert offer.accepted_at == NOW and offer.acknowledgment == "Thank you"


def test_accepting_marks_the_proposal_hired(signed_in, owner, make_offer):
    proposal = Proposal.objects.create(
        owner=owner, job_title="API", cover_letter="Hi", bid_amount=Decimal("5")
    )
    proposal.submit()
    offer = make_offer(proposal=proposal)
    accept(signed_in, offer, terms_reviewed="on", acknowledgment="Received")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.HIRED


def test_accepting_without_the_tick_is_refused_beside_the_box(signed_in, offer):
    response = accept(signed_in, offer, acknowledgment="Thank you")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "terms_reviewed": ["Confirm that you reviewed the contract terms."]
    }
    assert "Confirm that you reviewed the contract terms." in response.text
    assert 'value="Thank you"' in response.text  # what was typed is kept
    assert_unchanged(offer)


def test_accepting_without_a_message_is_refused_beside_the_field(signed_in, offer):
    response = accept(signed_in, offer, terms_reviewed="on", acknowledgment="   ")
    assert list(response.context["form"].errors) == ["acknowledgment"]
    assert "Write an acknowledgment to the client" in response.text
    assert_unchanged(offer)


def test_an_overlong_message_is_refused(signed_in, offer):
    response = accept(signed_in, offer, terms_reviewed="on", acknowledgment="x" * 501)
    assert "Ensure this value has at most 500 characters" in response.text
    assert_unchanged(offer)


def test_an_expired_offer_cannot_be_accepted(signed_in, offer):
    with time_machine.travel(offer.expires_at + timedelta(minutes=1), tick=False):
        page = signed_in.get(reverse("offer_accept", args=[offer.pk]))
        assert "This offer is expired" in page.text
        response = accept(signed_in, offer, terms_reviewed="on", acknowledgment="Thank you")
    assert "This offer expired on Thu 26 Nov 2026 07:00 EST" in response.text
    assert "can no longer be accepted" in response.text
    assert_unchanged(offer)


def test_an_accepted_offer_cannot_be_accepted_again(signed_in, offer):
    accept(signed_in, offer, terms_reviewed="on", acknowledgment="Thank you")
    response = accept(signed_in, offer, terms_reviewed="on", acknowledgment="Again")
    assert "Only a received offer can be accepted; this one is accepted." in response.text
    offer.refresh_from_db()
    assert offer.acknowledgment == "Thank you"


def test_a_requested_offer_cannot_be_accepted(now, signed_in, owner, client_record):
    offer = Offer.objects.create(owner=owner, client=client_record, job_title="X", requested_at=NOW)
    response = accept(signed_in, offer, terms_reviewed="on", acknowledgment="Thank you")
    assert "Only a received offer can be accepted; this one is requested." in response.text
    offer.refresh_from_db()
    assert offer.accepted_at is None


def test_a_stranger_cannot_open_or_accept_my_offer(client, stranger, offer):
    client.force_login(stranger)
    url = reverse("offer_accept", args=[offer.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"terms_reviewed": "on", "acknowledgment": "Thank you"})
    assert response.status_code == 404
    assert_unchanged(offer)


def test_an_anonymous_visitor_is_sent_to_log_in(client, offer):
    url = reverse("offer_accept", args=[offer.pk])
    for response in (client.get(url), client.post(url, {"terms_reviewed": "on"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert_unchanged(offer)
