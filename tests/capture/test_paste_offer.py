"""Paste to record, offers: the terms are read from a pasted offer, and nothing is saved."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from capture.offer import extract_offer, find_money
from capture.text import MAX_PASTE_CHARS
from interviews.models import Client
from kit.prefill import pasted_initial
from offers.models import Milestone, Offer
from tests.support.instants import NOW
from tests.support.notification_samples import SAMPLES, expected_fields, sample_cases


def reader(zone="America/New_York"):
    return User(username="reader", timezone=zone)


@pytest.mark.parametrize(("source", "expected"), sample_cases("offer"))
def test_each_sample_offer_yields_its_expected_fields(source, expected):
    with time_machine.travel(datetime.fromisoformat(expected["now"]), tick=False):
        extraction = extract_offer(source.read_text(encoding="utf-8"), reader(expected["timezone"]))
    assert extraction.fields == expected_fields(expected)
    assert sorted(extraction.notes) == sorted(expected["notes"])


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$45.00/hr", Decimal("45.00"), "USD"),
        ("$1,200", Decimal("1200.00"), "USD"),
        ("€2.400,50", Decimal("2400.50"), "EUR"),
        ("2 400 €", Decimal("2400.00"), "EUR"),
        ("£35", Decimal("35.00"), "GBP"),
        ("CA$80.5", Decimal("80.50"), "CAD"),
        ("USD 1,000,000.00", Decimal("1000000.00"), "USD"),
        ("1.500 EUR", Decimal("1500.00"), "EUR"),
    ],
)
def test_amounts_are_read_in_either_number_style(text, amount, currency):
    ((_, _, found_amount, found_currency),) = find_money(text)
    assert (found_amount, found_currency) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("₹1,20,000", Decimal("120000.00")),
        ("INR 12,50,000.50", Decimal("1250000.50")),
        ("₹1,23,45,678", Decimal("12345678.00")),
    ],
)
def test_amounts_grouped_in_lakhs_are_read_whole(text, amount):
    ((_, _, found_amount, found_currency),) = find_money(text)
    assert (found_amount, found_currency) == (amount, "INR")


def test_a_fixed_price_in_rupees_fills_the_whole_amount(now):
    text = (
        "Client: Saffron Foods\nContract type: Fixed price\n"
        "Total: ₹1,20,000\nMilestones:\n1. Menu app — ₹45,000\n2. Launch — ₹75,000\n"
    )
    extraction = extract_offer(text, reader("Asia/Kolkata"))
    assert extraction.fields["amount"] == Decimal("120000.00")
    assert extraction.fields["currency"] == "INR"


@pytest.mark.parametrize(
    ("text", "contract_type"),
    [
        ("Contract type: Hourly\nRate: $40/hr", "hourly"),
        ("Contract type: Fixed-price\nTotal: $900", "fixed"),
        ("Fixed price: $900\nMilestones\n1. Design — $900", "fixed"),
        ("$40.00 per hour, 30 hrs/week", "hourly"),
    ],
)
def test_hourly_and_fixed_price_are_told_apart(now, text, contract_type):
    assert extract_offer(text, reader()).fields["contract_type"] == contract_type


def test_an_offer_with_neither_says_so(now):
    extraction = extract_offer("Client: Acme\nAmount: $500", reader())
    assert "contract_type" not in extraction.fields
    assert extraction.notes["contract_type"] == (
        "Could not tell hourly from fixed price — pick the contract type."
    )


def test_a_weekly_limit_is_never_read_into_a_fixed_price_offer(now):
    text = "Contract type: Fixed-price\nTotal: $900\nYou can log up to 40 hrs/week."
    assert "weekly_limit" not in extract_offer(text, reader()).fields


def test_an_impossible_weekly_limit_is_not_taken(now):
    extraction = extract_offer("Hourly rate: $30/hr\nWeekly limit: 500 hrs/week", reader())
    assert "weekly_limit" not in extraction.fields
    assert "weekly_limit" in extraction.notes


def test_a_fixed_price_without_a_total_is_the_sum_of_its_milestones(now):
    text = "Fixed-price contract\nMilestones:\n1. Design - $300\n2. Build - $700.50\n"
    extraction = extract_offer(text, reader())
    assert extraction.fields["amount"] == Decimal("1000.50")
    assert [m["title"] for m in extraction.fields["milestones"]] == ["Design", "Build"]


def test_an_unsupported_currency_is_left_for_the_user(now):
    extraction = extract_offer("Hourly rate: 50 BRL/hr", reader())
    assert extraction.fields["amount"] == Decimal("50.00")
    assert "currency" not in extraction.fields
    assert extraction.notes["currency"].startswith("The currency could not be read")


def test_expiry_is_read_relative_and_absolute_and_a_past_one_is_flagged(now):
    relative = extract_offer("Hourly rate: $30/hr\nThis offer expires in 3 days", reader())
    absolute = extract_offer("Rate: $30/hr\nOffer expires on Nov 30, 2026 at 5:00 PM", reader())
    past = extract_offer("Rate: $30/hr\nExpires: Nov 20, 2026 5:00 PM", reader())
    assert relative.fields["expires_at"] == NOW + timedelta(days=3)
    assert absolute.fields["expires_at"] == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
    assert past.fields["expires_at"] == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    assert (
        past.notes["expires_at"] == "The expiry found has already passed — check it in the offer."
    )


def test_an_expiry_without_its_year_is_the_one_nearest_the_offer(now):
    # NOW is Wed 25 Nov 2026, 07:00 in New York.
    coming = extract_offer("Rate: $30/hr\nExpires: Dec 1 at 5:00 PM", reader())
    passed = extract_offer("Rate: $30/hr\nExpires: Nov 20 at 5:00 PM", reader())
    assert coming.fields["expires_at"] == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    assert "expires_at" not in coming.notes
    assert passed.fields["expires_at"] == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    assert passed.notes["expires_at"] == (
        "The expiry found has already passed — check it in the offer."
    )
    with time_machine.travel(datetime(2026, 12, 20, 17, 0, tzinfo=UTC), tick=False):
        new_year = extract_offer("Rate: $30/hr\nExpires: Jan 5 at 5:00 PM", reader())
    assert new_year.fields["expires_at"] == datetime(2027, 1, 5, 22, 0, tzinfo=UTC)


def test_a_received_time_without_its_year_is_still_the_latest_past_one(now):
    offer = extract_offer("Offer received on Dec 1 at 5:00 PM\nRate: $30/hr", reader())
    assert offer.fields["received_at"] == datetime(2025, 12, 1, 22, 0, tzinfo=UTC)


def test_a_relative_expiry_counts_from_when_the_offer_was_sent(now):
    sent_two_days_ago = extract_offer(
        "From: Upwork <donotreply@upwork.com>\n"
        "Date: Mon, 23 Nov 2026 12:00:00 +0000\n"
        "Subject: You received an offer\n\n"
        "Hourly rate: $30/hr\n"
        "This offer expires in 3 days.\n",
        reader(),
    )
    sent_five_days_ago = extract_offer(
        "Offer received on Nov 20, 2026 at 7:00 AM\nRate: $30/hr\nThis offer expires in 72 hours",
        reader(),
    )
    assert sent_two_days_ago.fields["received_at"] == NOW - timedelta(days=2)
    assert sent_two_days_ago.fields["expires_at"] == NOW + timedelta(days=1)
    assert "expires_at" not in sent_two_days_ago.notes
    assert sent_five_days_ago.fields["received_at"] == NOW - timedelta(days=5)
    assert sent_five_days_ago.fields["expires_at"] == NOW - timedelta(days=2)
    assert sent_five_days_ago.notes["expires_at"] == (
        "The expiry found has already passed — check it in the offer."
    )


def test_a_start_date_may_be_in_the_future_and_today_is_the_users_today(now):
    later = extract_offer("Rate: $30/hr\nStart date: 1 December 2026", reader())
    # 12:00 UTC is already the 26th in Auckland.
    today = extract_offer("Rate: $30/hr\nStarts: today", reader("Pacific/Auckland"))
    assert later.fields["start_date"] == date(2026, 12, 1)
    assert today.fields["start_date"] == date(2026, 11, 26)


def test_a_time_in_the_future_is_not_taken_as_the_time_the_offer_arrived(now):
    extraction = extract_offer("Offer received today at 9:00\nRate: $30/hr", reader())
    assert "received_at" not in extraction.fields
    assert "in the future" in extraction.notes["received_at"]


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x00PK\x03\x04", "Rate: $30/hr\n" + "filler " * (MAX_PASTE_CHARS // 7 + 1)],
    ids=["empty", "binary", "huge"],
)
def test_bad_input_is_refused(text):
    with pytest.raises(ValidationError):
        extract_offer(text, reader(), now=NOW)


def test_the_session_copy_reads_back_to_form_values_with_milestones(now):
    extraction = extract_offer(
        (SAMPLES / "offer_fixed_milestones.html").read_text(), reader("Europe/Berlin")
    )
    stored = extraction.to_session()
    assert stored["fields"]["amount"] == "2400.00"
    assert stored["fields"]["milestones"][0] == {
        "title": "Moodboard and concepts",
        "amount": "600.00",
        "due_date": "2026-12-14",
    }
    initial, notes = pasted_initial(
        SimpleNamespace(session={"pasted_offer": stored}), "pasted_offer"
    )
    assert initial == extraction.fields
    assert notes == extraction.notes


# The paste page ------------------------------------------------------------------------

PASTE_URL = "/offers/paste/"


def database_rows():
    return Offer.objects.count(), Milestone.objects.count(), Client.objects.count()


def test_the_paste_page_is_at_its_address_and_name():
    assert reverse("offer_paste") == PASTE_URL


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(PASTE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_owner_sees_the_paste_form(client, owner):
    client.force_login(owner)
    response = client.get(PASTE_URL)
    assert response.status_code == 200
    assert b"Paste an offer" in response.content
    assert b'name="text"' in response.content


def test_pasting_an_offer_stores_it_in_the_session_and_goes_to_the_new_offer(client, owner, now):
    client.force_login(owner)
    text = (SAMPLES / "offer_hourly.txt").read_text()

    response = client.post(PASTE_URL, {"text": text})

    assert response.status_code == 302
    assert response["Location"] == "/offers/new/?pasted=1"
    fields = client.session["pasted_offer"]["fields"]
    assert fields["amount"] == "45.00"
    assert fields["weekly_limit"] == 20
    assert fields["start_date"] == "2026-12-01"
    assert database_rows() == (0, 0, 0)


def test_bad_input_is_shown_in_the_page_and_nothing_is_stored(client, owner):
    client.force_login(owner)
    response = client.post(PASTE_URL, {"text": "\x00\x01\x02\x03"})
    assert response.status_code == 200
    assert "That does not look like text" in response.content.decode()
    assert "pasted_offer" not in client.session
    assert database_rows() == (0, 0, 0)


def test_every_pasted_milestone_reaches_the_new_offer_form(client, owner, now):
    client.force_login(owner)
    text = "Fixed-price contract\nJob: Shop rebuild\nMilestones:\n" + "".join(
        f"{n}. Phase {n} - ${n}00\n" for n in range(1, 6)
    )
    client.post(PASTE_URL, {"text": text})

    response = client.get("/offers/new/?pasted=1")

    rows = response.context["milestones"]
    assert [form["title"].value() for form in rows][:5] == [f"Phase {n}" for n in range(1, 6)]
    assert 'name="milestones-TOTAL_FORMS" value="5"' in response.text
    assert response.context["form"]["amount"].value() == Decimal("1500")
    assert database_rows() == (0, 0, 0)
