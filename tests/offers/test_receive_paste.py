"""A requested offer's "it arrived" page has the paste box; what it reads fills that offer."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from kit.prefill import PASTED_OFFER, received_offer_key
from offers.models import Offer, Status
from tests.support.offer_forms import NO_MILESTONES

from ..conftest import NOW

PASTED = (
    "From: Upwork <donotreply@upwork.com>\n"
    "Date: Tue, Nov 24, 2026 at 3:15 PM\n"
    "Subject: You received an offer\n\n"
    'Acme Corp sent you an offer for "API work".\n\n'
    "Contract type: Hourly\nHourly rate: $45.00/hr\nWeekly limit: 20 hrs/week\n"
    "Start date: Dec 1, 2026\n\nThis offer expires on December 21, 2026\n"
)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def requested(now, make_proposal):
    proposal = make_proposal(job_title="API work", bid_type="hourly", currency="USD")
    proposal.submit()
    return Offer.request_for(proposal, at=NOW - timedelta(days=2))


def paste_url(offer):
    return reverse("offer_receive_paste", args=[offer.pk])


def test_the_receive_page_has_a_paste_box_for_that_offer(signed_in, requested):
    page = signed_in.get(reverse("offer_receive", args=[requested.pk])).text
    assert f'action="{paste_url(requested)}"' in page
    assert 'name="message_file"' in page


def test_a_paste_fills_that_offers_receive_form_with_the_notifications_times(signed_in, requested):
    response = signed_in.post(paste_url(requested), {"text": PASTED})
    assert response["Location"] == reverse("offer_receive", args=[requested.pk]) + "?pasted=1"
    page = signed_in.get(response["Location"])
    form = page.context["form"]
    # 3:15 PM in New York, the owner's zone; the expiry is the day the offer names.
    assert form.initial["received_at"] == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)
    assert form.initial["expires_at"] == datetime(2026, 12, 21, 5, 0, tzinfo=UTC)
    assert form.initial["amount"] == Decimal("45.00")
    assert form.initial["weekly_limit"] == 20
    assert "Acme Corp sent you an offer" in form.initial["source_text"]
    assert Offer.objects.count() == 1


def test_saving_the_filled_form_receives_that_offer_and_makes_no_second(signed_in, requested):
    signed_in.post(paste_url(requested), {"text": PASTED})
    form = signed_in.get(reverse("offer_receive", args=[requested.pk]) + "?pasted=1").context[
        "form"
    ]
    data = {
        "received_at": "2026-11-24T15:15",
        "expires_at": "2026-12-21T00:00",
        "contract_type": "hourly",
        "amount": "45.00",
        "currency": "USD",
        "weekly_limit": "20",
        "start_date": "2026-12-01",
        "terms": "",
        "source_text": form.initial["source_text"],
        **NO_MILESTONES,
    }
    signed_in.post(reverse("offer_receive", args=[requested.pk]), data)
    requested.refresh_from_db()
    assert Offer.objects.count() == 1
    assert requested.status == Status.RECEIVED
    assert requested.received_at == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)
    assert "This offer expires on December 21, 2026" in requested.source_text


def test_a_paste_without_an_expiry_leaves_it_empty_with_the_note(signed_in, requested):
    text = PASTED.replace("This offer expires on December 21, 2026\n", "")
    signed_in.post(paste_url(requested), {"text": text})
    page = signed_in.get(reverse("offer_receive", args=[requested.pk]) + "?pasted=1")
    assert page.context["form"]["expires_at"].value() in (None, "")
    assert "No expiry found — the usual expiry after receipt will apply." in page.text


def test_a_paste_naming_another_job_is_pointed_out(signed_in, requested):
    signed_in.post(paste_url(requested), {"text": PASTED.replace('"API work"', '"Logo"')})
    page = signed_in.get(reverse("offer_receive", args=[requested.pk]) + "?pasted=1").text
    assert "The pasted offer is for “Logo”; this one is for “API work”." in page


def test_pasting_the_requested_offer_on_the_new_offer_page_goes_to_it(signed_in, requested):
    response = signed_in.post(reverse("offer_paste"), {"text": PASTED})
    assert response["Location"] == reverse("offer_receive", args=[requested.pk]) + "?pasted=1"
    assert PASTED_OFFER not in signed_in.session
    assert received_offer_key(requested.pk) in signed_in.session


def test_a_paste_that_is_no_notification_reads_nothing(signed_in, requested):
    response = signed_in.post(paste_url(requested), {"text": "\x00\x01\x02"}, follow=True)
    assert "Nothing was read: That does not look like text" in response.text
    assert received_offer_key(requested.pk) not in signed_in.session


def test_an_offer_no_longer_requested_takes_no_paste(signed_in, make_offer):
    received = make_offer()
    response = signed_in.post(paste_url(received), {"text": PASTED})
    assert response["Location"] == reverse("offer_receive", args=[received.pk])
    assert received_offer_key(received.pk) not in signed_in.session


def test_a_stranger_gets_404_and_nothing_is_stored(client, stranger, requested):
    client.force_login(stranger)
    assert client.post(paste_url(requested), {"text": PASTED}).status_code == 404
    assert received_offer_key(requested.pk) not in client.session


def test_an_anonymous_visitor_is_sent_to_log_in(client, requested):
    response = client.post(paste_url(requested), {"text": PASTED})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_paste_box_takes_only_post(signed_in, requested):
    assert signed_in.get(paste_url(requested)).status_code == 405
