"""Every list's search finds the records that hold each word typed, in any of their fields."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(owner, stranger):
    sarah = Client.objects.create(
        owner=owner, name="Sarah Lee", company="Pulse Fitness", research_notes="Loves HealthKit"
    )
    other = Client.objects.create(owner=owner, name="Globex", company="Globex Corp")
    match = Invitation.objects.create(
        owner=owner,
        client=sarah,
        job_title="React Native developer",
        message="We need a fitness tracker that reads from HealthKit.",
        notified_at=NOW - timedelta(hours=1),
    )
    Invitation.objects.create(
        owner=owner,
        client=other,
        job_title="React dashboard",
        notified_at=NOW - timedelta(hours=2),
    )
    proposal = Proposal.objects.create(
        owner=owner,
        invitation=match,
        cover_letter="I built two React Native apps with HealthKit.",
        bid_amount=Decimal("50"),
    )
    Proposal.objects.create(
        owner=owner, client=other, job_title="React dashboard", cover_letter="Hello Globex"
    )
    offer = Offer.objects.create(
        owner=owner,
        proposal=proposal,
        client=sarah,
        job_title=match.job_title,
        received_at=NOW - timedelta(minutes=30),
        amount=Decimal("50"),
    )
    Offer.objects.create(
        owner=owner,
        client=other,
        job_title="React dashboard",
        received_at=NOW - timedelta(minutes=30),
        amount=Decimal("40"),
    )
    # A stranger's record that holds every word is never found.
    theirs = Client.objects.create(owner=stranger, name="Sarah Fitness HealthKit")
    Invitation.objects.create(
        owner=stranger,
        client=theirs,
        job_title="React Native fitness HealthKit",
        notified_at=NOW - timedelta(hours=1),
    )
    return {"invitation": match, "proposal": proposal, "offer": offer, "client": sarah}


LISTS = [
    ("invitation_list", "invitation"),
    ("proposal_list", "proposal"),
    ("offer_list", "offer"),
    ("client_list", "client"),
]


@pytest.mark.parametrize("query", ["react native fitness", "HealthKit", "Sarah", "sarah pulse"])
@pytest.mark.parametrize(("list_name", "kind"), LISTS)
def test_every_word_is_found_in_any_field_on_every_list(
    client, owner, now, records, query, list_name, kind
):
    client.force_login(owner)
    response = client.get(reverse(list_name), {"q": query})
    assert response.status_code == 200
    rows = list(response.context["page_obj"].object_list)
    # A client's own fields are its name, company and notes, not its jobs' titles.
    found = kind != "client" or query != "react native fitness"
    assert rows == ([records[kind]] if found else [])


@pytest.mark.parametrize(("list_name", "kind"), LISTS)
def test_a_word_no_record_holds_finds_nothing(client, owner, now, records, list_name, kind):
    client.force_login(owner)
    response = client.get(reverse(list_name), {"q": "react kubernetes"})
    assert list(response.context["page_obj"].object_list) == []


@pytest.mark.parametrize(("list_name", "kind"), LISTS)
def test_a_nul_character_in_the_search_is_refused_with_a_message_not_an_error(
    client, owner, now, records, list_name, kind
):
    client.force_login(owner)
    response = client.get(reverse(list_name), {"q": "Health\x00Kit"})
    assert response.status_code == 400
    assert "NUL" in response.text


@pytest.mark.parametrize("list_name", ["proposal_list", "offer_list"])
def test_proposals_and_offers_have_a_search_box(client, owner, now, records, list_name):
    client.force_login(owner)
    response = client.get(reverse(list_name))
    assert 'type="search"' in response.text
