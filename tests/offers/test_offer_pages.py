"""Offer pages: list, record a received offer, record a requested one's arrival, decline,
withdrawn."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from interviews.models import Client
from offers.models import Milestone, Offer, Status
from proposals.models import Proposal
from tests.support.instants import NOW
from tests.support.offer_forms import offer_data, terms_data

# NOW is 07:00 in New York, the owner's zone.
LOCAL_NOW = "2026-11-25T07:00"


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(stranger):
    return Client.objects.create(owner=stranger, name="Mallory Corp")


@pytest.fixture
def submitted(now, make_proposal):
    proposal = make_proposal(job_title="API work", bid_type="fixed", currency="EUR")
    proposal.submit()
    return proposal


@pytest.fixture
def requested(now, submitted):
    return Offer.request_for(submitted, at=NOW - timedelta(days=1))


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["offer_detail", "offer_receive", "offer_accept", "offer_decline", "offer_withdraw"],
)
def test_a_stranger_gets_404_for_my_offer(client, stranger, requested, name):
    client.force_login(stranger)
    url = reverse(name, args=[requested.pk])
    assert client.get(url).status_code in (404, 405)
    # A detail page takes GET only: 405 before any lookup, which tells a stranger nothing.
    assert client.post(url, terms_data()).status_code in (404, 405)
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


@pytest.mark.parametrize(
    "name, with_pk",
    [
        ("offer_list", False),
        ("offer_new", False),
        ("offer_detail", True),
        ("offer_receive", True),
        ("offer_accept", True),
        ("offer_decline", True),
        ("offer_withdraw", True),
    ],
)
def test_it_sends_an_anonymous_visitor_to_log_in(client, requested, name, with_pk):
    args = [requested.pk] if with_pk else []
    for method in (client.get, client.post):
        response = method(reverse(name, args=args))
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response.url.startswith(reverse("account_login"))
    assert client.post(reverse(name, args=args)).status_code == 302


@pytest.mark.parametrize("name", ["offer_decline", "offer_withdraw"])
def test_actions_refuse_a_get(now, signed_in, make_offer, name):
    offer = make_offer()
    assert signed_in.get(reverse(name, args=[offer.pk])).status_code == 405
    offer.refresh_from_db()
    assert offer.status == Status.RECEIVED


# The list ----------------------------------------------------------------------------------


def test_the_list_shows_only_my_offers(now, signed_in, make_offer, stranger, stranger_client):
    make_offer(job_title="Mine")
    Offer.objects.create(owner=stranger, client=stranger_client, job_title="Theirs")
    response = signed_in.get(reverse("offer_list"))
    assert "Mine" in response.text and "Theirs" not in response.text


def test_the_list_filters_by_status_and_counts_down_to_expiry(now, signed_in, make_offer):
    make_offer(job_title="Fresh offer", expires_at=NOW + timedelta(days=2, hours=4))
    make_offer(
        job_title="Old offer",
        received_at=NOW - timedelta(days=5),
        expires_at=NOW - timedelta(days=1),
    )
    received = signed_in.get(reverse("offer_list") + "?status=received")
    assert "Fresh offer" in received.text and "Old offer" not in received.text
    assert "2 days 4 h left" in received.text
    assert "Fri 27 Nov 2026 11:00 EST" in received.text  # 16:00 UTC in New York
    expired = signed_in.get(reverse("offer_list") + "?status=expired")
    assert "Old offer" in expired.text and "Fresh offer" not in expired.text


@pytest.mark.parametrize("rows", [5, 200])
def test_the_list_needs_the_same_queries_for_5_or_200_offers(
    now, signed_in, owner, client_record, submitted, rows, django_assert_max_num_queries
):
    Offer.objects.bulk_create(
        Offer(
            owner=owner,
            client=client_record,
            proposal=submitted if i % 2 else None,
            job_title=f"Job {i}",
            received_at=NOW - timedelta(hours=1),
            expires_at=NOW + timedelta(days=i + 1),
            amount=Decimal("50"),
        )
        for i in range(rows)
    )
    with django_assert_max_num_queries(6):
        response = signed_in.get(reverse("offer_list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(rows, 25)


# Recording a received offer ----------------------------------------------------------------


def test_the_new_offer_form_is_prefilled_in_my_zone(now, signed_in):
    response = signed_in.get(reverse("offer_new"))
    assert response.status_code == 200
    assert f'value="{LOCAL_NOW}"' in response.text
    assert 'value="2026-12-25T07:00"' in response.text  # 30 days later
    assert "America/New_York" in response.text


def test_the_new_offer_pages_title_matches_its_heading(now, signed_in):
    page = signed_in.get(reverse("offer_new")).content.decode()
    assert "<title>Record a received offer · Invitation Tracker</title>" in page
    assert "<h1>Record a received offer</h1>" in page


def test_the_prefilled_expiry_follows_the_setting(now, signed_in):
    with override_settings(OFFER_EXPIRY_DEFAULT=timedelta(days=7)):
        response = signed_in.get(reverse("offer_new"))
    assert 'value="2026-12-02T07:00"' in response.text
    assert "7 days after now" in response.text


def test_it_records_an_hourly_offer_in_my_zone(now, signed_in, owner, client_record):
    response = signed_in.post(
        reverse("offer_new"), offer_data(client=client_record.pk, job_title="Data work")
    )
    offer = Offer.objects.get()
    assert response.url == reverse("offer_detail", args=[offer.pk])
    assert offer.owner == owner and offer.client == client_record
    assert offer.received_at == NOW - timedelta(minutes=30)  # 06:30 New York
    assert offer.expires_at == NOW - timedelta(minutes=30) + timedelta(days=7)
    assert offer.contract_type == "hourly" and offer.amount == Decimal("60")
    assert offer.weekly_limit == 20 and offer.status == Status.RECEIVED


def test_an_empty_expiry_is_the_default_after_receipt(now, signed_in, client_record):
    signed_in.post(
        reverse("offer_new"), offer_data(client=client_record.pk, job_title="X", expires_at="")
    )
    offer = Offer.objects.get()
    assert offer.expires_at == offer.received_at + timedelta(days=30)


def test_it_records_a_fixed_offer_with_milestones(now, signed_in, submitted):
    signed_in.post(
        reverse("offer_new"),
        offer_data(
            ("Design", "400", "2026-12-10"),
            ("Build", "600.50", ""),
            proposal=submitted.pk,
            contract_type="fixed",
            amount="",
            weekly_limit="",
        ),
    )
    offer = Offer.objects.get()
    assert offer.proposal == submitted
    assert offer.client == submitted.client and offer.job_title == "API work"
    assert offer.amount == Decimal("1000.50")  # the milestones' total
    assert list(offer.milestones.values_list("title", "amount", "position")) == [
        ("Design", Decimal("400"), 0),
        ("Build", Decimal("600.50"), 1),
    ]
    detail = signed_in.get(reverse("offer_detail", args=[offer.pk]))
    assert "1000.50 USD" in detail.text
    assert "Answers your proposal" in detail.text


def test_the_offer_form_starts_from_the_proposal_in_the_query_string(now, signed_in, submitted):
    response = signed_in.get(reverse("offer_new") + f"?proposal={submitted.pk}")
    form = response.context["form"]
    assert form["proposal"].value() == submitted.pk
    assert form["currency"].value() == "EUR" and form["contract_type"].value() == "fixed"


def test_it_points_to_the_requested_offer_when_there_is_one(now, signed_in, requested):
    response = signed_in.get(reverse("offer_new") + f"?proposal={requested.proposal_id}")
    assert reverse("offer_receive", args=[requested.pk]) in response.text


def test_a_strangers_proposal_in_the_query_string_is_a_404(now, client, stranger, submitted):
    client.force_login(stranger)
    response = client.get(reverse("offer_new") + f"?proposal={submitted.pk}")
    assert response.status_code == 404


def test_a_strangers_proposal_or_client_in_the_form_is_refused(
    now, signed_in, stranger, stranger_client
):
    theirs = Proposal.objects.create(owner=stranger, client=stranger_client, job_title="Theirs")
    response = signed_in.post(reverse("offer_new"), offer_data(proposal=theirs.pk))
    assert "Select a valid choice" in response.text
    response = signed_in.post(
        reverse("offer_new"), offer_data(client=stranger_client.pk, job_title="X")
    )
    assert "Select a valid choice" in response.text
    assert "Mallory Corp" not in response.text
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"job_title": ""}, "Enter the job title, or choose the proposal the offer answers."),
        ({"expires_at": "2026-11-25T06:00"}, "The offer must expire after it was received."),
        ({"received_at": "2026-11-25T08:00"}, "The time cannot be in the future."),
        ({"received_at": ""}, "This field is required."),
        ({"received_at": "yesterday"}, "Enter a valid date/time."),
        ({"amount": "-10"}, "Ensure this value is greater than or equal to 0.01."),
        ({"amount": "NaN"}, "Enter a number."),
        ({"amount": ""}, "Enter the hourly rate."),
        ({"currency": "XYZ"}, "is not a currency we support"),
        ({"weekly_limit": "200"}, "Ensure this value is less than or equal to 168."),
        ({"contract_type": "barter"}, "Select a valid choice."),
        (
            {"contract_type": "fixed", "amount": ""},
            "Enter the fixed price, or list the milestones.",
        ),
        (
            {"contract_type": "fixed", "weekly_limit": "20"},
            "A weekly hour limit applies to hourly contracts only.",
        ),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_saved(
    now, signed_in, client_record, changes, message
):
    data = offer_data(client=client_record.pk, job_title="Data work")
    data.update(changes)
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "milestone, message",
    [
        (("Design", "-5", ""), "Ensure this value is greater than or equal to 0.01."),
        (("", "100", ""), "This field is required."),
        (("Design", "NaN", ""), "Enter a number."),
    ],
)
def test_bad_milestones_are_refused(now, signed_in, client_record, milestone, message):
    data = offer_data(
        milestone, client=client_record.pk, job_title="X", contract_type="fixed", weekly_limit=""
    )
    response = signed_in.post(reverse("offer_new"), data)
    assert message in response.text
    assert not Offer.objects.exists() and not Milestone.objects.exists()


def test_milestones_adding_up_to_more_than_a_price_can_hold_are_refused(
    now, signed_in, client_record
):
    data = offer_data(
        ("Design", "99999999.99", ""),
        ("Build", "99999999.99", ""),
        client=client_record.pk,
        job_title="X",
        contract_type="fixed",
        amount="",
        weekly_limit="",
    )
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert (
        "The milestones add up to 199,999,999.98, more than a price can be (at most "
        "99,999,999.99). Check their amounts."
    ) in response.text
    assert "no more than 10 digits" not in response.text
    assert not Offer.objects.exists() and not Milestone.objects.exists()


def test_milestones_on_an_hourly_offer_are_refused(now, signed_in, client_record):
    data = offer_data(("Design", "100", ""), client=client_record.pk, job_title="X")
    response = signed_in.post(reverse("offer_new"), data)
    assert "Milestones belong to fixed-price contracts" in response.text
    assert not Offer.objects.exists()


# Recording a requested offer's arrival -----------------------------------------------------


def test_the_owner_records_a_requested_offers_arrival(now, signed_in, requested):
    url = reverse("offer_receive", args=[requested.pk])
    page = signed_in.get(url)
    assert page.status_code == 200 and f'value="{LOCAL_NOW}"' in page.text
    response = signed_in.post(
        url,
        terms_data(
            ("Phase 1", "300", ""),
            ("Phase 2", "700", "2027-01-15"),
            contract_type="fixed",
            amount="1000",
            currency="EUR",
            weekly_limit="",
        ),
        follow=True,
    )
    assert "Offer received" in response.text
    requested.refresh_from_db()
    assert requested.status == Status.RECEIVED
    assert requested.received_at == NOW - timedelta(minutes=30)
    assert requested.expires_at == NOW - timedelta(minutes=30) + timedelta(days=7)
    assert requested.amount == Decimal("1000") and requested.currency == "EUR"
    assert requested.milestones.count() == 2
    assert "1000.00 EUR" in response.text


def test_an_arrival_before_the_request_is_refused(now, signed_in, requested):
    url = reverse("offer_receive", args=[requested.pk])
    response = signed_in.post(url, terms_data(received_at="2026-11-23T07:00"))
    assert "The offer cannot arrive before it was requested." in response.text
    requested.refresh_from_db()
    assert requested.received_at is None and requested.amount is None


def test_an_arrival_in_the_minute_of_the_request_is_accepted_with_its_default(
    now, signed_in, submitted
):
    # Requested at 07:00:40; the page offers 07:00, the minute it arrived in.
    now.move_to(NOW + timedelta(seconds=40))
    requested = Offer.request_for(submitted)
    now.move_to(NOW + timedelta(seconds=50))
    url = reverse("offer_receive", args=[requested.pk])
    assert f'value="{LOCAL_NOW}"' in signed_in.get(url).text
    response = signed_in.post(url, terms_data(received_at=LOCAL_NOW))
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == Status.RECEIVED
    assert requested.received_at == requested.requested_at


def test_an_expiry_before_the_arrival_is_refused(now, signed_in, requested):
    url = reverse("offer_receive", args=[requested.pk])
    response = signed_in.post(url, terms_data(expires_at="2026-11-25T06:00"))
    assert "The offer must expire after it was received." in response.text
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED and requested.expires_at is None


def test_a_received_offer_cannot_be_received_again(now, signed_in, make_offer):
    offer = make_offer()
    url = reverse("offer_receive", args=[offer.pk])
    response = signed_in.post(url, terms_data(amount="999"), follow=True)
    assert "Only a requested offer can be received; this one is received." in response.text
    offer.refresh_from_db()
    assert offer.amount == Decimal("50")


# The detail page, decline and withdrawn ----------------------------------------------------


def test_the_detail_page_shows_terms_milestones_and_the_countdown(now, signed_in, make_offer):
    offer = make_offer(
        contract_type="fixed",
        amount=Decimal("900"),
        terms="Net 30",
        expires_at=NOW + timedelta(hours=5),
    )
    Milestone.objects.create(offer=offer, title="Kick-off", amount=Decimal("400"))
    Milestone.objects.create(offer=offer, position=1, title="Launch", amount=Decimal("500"))
    response = signed_in.get(reverse("offer_detail", args=[offer.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Kick-off" in text and "Launch" in text and "900.00 USD" in text
    assert "Net 30" in text
    assert "5 h left" in text and "urgency-critical" in text
    assert reverse("offer_accept", args=[offer.pk]) in text
    assert 'data-confirm="Decline this offer?' in text


def test_the_detail_page_names_the_invitation_it_came_from(now, signed_in, owner, make_invitation):
    invitation = make_invitation(job_title="Invited job")
    proposal = Proposal.objects.create(
        owner=owner, invitation=invitation, cover_letter="Hi", bid_amount=Decimal("10")
    )
    proposal.submit()
    offer = Offer.request_for(proposal)
    response = signed_in.get(reverse("offer_detail", args=[offer.pk]))
    assert "Invited job" in response.text
    assert reverse("proposal_detail", args=[proposal.pk]) in response.text


def test_the_owner_declines_an_offer_with_a_reason(now, signed_in, make_offer):
    offer = make_offer()
    response = signed_in.post(
        reverse("offer_decline", args=[offer.pk]), {"reason": "Rate too low"}, follow=True
    )
    assert "Offer declined." in response.text
    offer.refresh_from_db()
    assert offer.status == Status.DECLINED and offer.decline_reason == "Rate too low"


def test_declining_needs_no_reason(now, signed_in, requested):
    signed_in.post(reverse("offer_decline", args=[requested.pk]))
    requested.refresh_from_db()
    assert requested.status == Status.DECLINED


def test_an_accepted_offer_cannot_be_declined_or_withdrawn(now, signed_in, make_offer):
    offer = make_offer()
    offer.accept("Thank you", terms_reviewed=True)
    response = signed_in.post(reverse("offer_decline", args=[offer.pk]), follow=True)
    assert "Only an open offer can be declined; this one is accepted." in response.text
    response = signed_in.post(reverse("offer_withdraw", args=[offer.pk]), follow=True)
    assert "Only an open offer can be withdrawn; this one is accepted." in response.text
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED
    assert offer.declined_at is None and offer.withdrawn_at is None


def test_the_owner_marks_an_offer_withdrawn_by_the_client(now, signed_in, make_offer):
    offer = make_offer()
    detail = signed_in.get(reverse("offer_detail", args=[offer.pk]))
    assert 'data-confirm="Mark this offer as withdrawn by the client?' in detail.text
    response = signed_in.post(reverse("offer_withdraw", args=[offer.pk]), follow=True)
    assert "Offer marked as withdrawn by the client." in response.text
    offer.refresh_from_db()
    assert offer.status == Status.WITHDRAWN and offer.withdrawn_at == NOW
