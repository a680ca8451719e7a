"""Bad input on the offer forms: order of events, expiry, amounts, terms.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.support.bad_input import (
    CURRENCY_LIST,
    LATER_TODAY,
    OFFER_NEW,
    Case,
    local,
    long,
    offer_form,
    terms_form,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # Offers: order of events, expiry, amounts, terms.
    Case(
        "offer-expires-before-it-arrived",
        OFFER_NEW,
        offer_form,
        {"expires_at": "2026-11-24T06:00"},
        "The offer must expire after it was received.",
    ),
    Case(
        "offer-received-in-the-future",
        OFFER_NEW,
        offer_form,
        {"received_at": LATER_TODAY},
        "The time cannot be in the future.",
    ),
    Case(
        "offer-received-in-the-year-1",
        OFFER_NEW,
        offer_form,
        {"received_at": "0001-01-01T00:00"},
        "Enter a date between the years 2000 and 2099.",
    ),
    Case("offer-amount-nan", OFFER_NEW, offer_form, {"amount": "nan"}, "Enter a number."),
    Case(
        "offer-amount-negative",
        OFFER_NEW,
        offer_form,
        {"amount": "-1"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "offer-hourly-without-a-rate",
        OFFER_NEW,
        offer_form,
        {"amount": ""},
        "Enter the hourly rate.",
    ),
    Case(
        "offer-weekly-limit-over-a-week",
        OFFER_NEW,
        offer_form,
        {"weekly_limit": "169"},
        "Ensure this value is less than or equal to 168.",
    ),
    Case(
        "offer-weekly-limit-on-a-fixed-price",
        OFFER_NEW,
        offer_form,
        {"contract_type": "fixed", "weekly_limit": "20"},
        "A weekly hour limit applies to hourly contracts only.",
    ),
    Case(
        "offer-currency-unknown",
        OFFER_NEW,
        offer_form,
        {"currency": "BTC"},
        f"“BTC” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "offer-start-date-30-february",
        OFFER_NEW,
        offer_form,
        {"start_date": "2026-02-30"},
        "Enter a valid date.",
    ),
    Case(
        "offer-without-job-or-proposal",
        OFFER_NEW,
        offer_form,
        {"job_title": ""},
        "Enter the job title, or choose the proposal the offer answers.",
    ),
    Case(
        "offer-milestone-of-zero",
        OFFER_NEW,
        offer_form,
        {
            "contract_type": "fixed",
            "amount": "",
            "milestones-0-title": "Design",
            "milestones-0-amount": "0",
        },
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "offer-milestones-form-missing",
        OFFER_NEW,
        lambda w: {k: v for k, v in offer_form(w).items() if not k.startswith("milestones-")},
        {},
        "ManagementForm data is missing or has been tampered with.",
    ),
    Case(
        "offer-received-before-it-was-requested",
        lambda w: reverse("offer_receive", args=[w.requested_offer.pk]),
        terms_form,
        {"received_at": "2026-11-25T05:00"},
        "The offer cannot arrive before it was requested.",
    ),
    Case(
        "offer-received-expiring-before-receipt",
        lambda w: reverse("offer_receive", args=[w.requested_offer.pk]),
        terms_form,
        {"received_at": "2026-11-25T07:00", "expires_at": "2026-11-25T06:59"},
        "The offer must expire after it was received.",
    ),
    Case(
        "accept-an-expired-offer",
        lambda w: reverse("offer_accept", args=[w.expired_offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": "Thank you"},
        lambda w: (
            f"This offer expired on {local(w, w.expired_offer.expires_at)}"
            " and can no longer be accepted."
        ),
    ),
    Case(
        "accept-without-reviewing-the-terms",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"acknowledgment": "Thank you"},
        "Confirm that you reviewed the contract terms.",
    ),
    Case(
        "accept-without-an-acknowledgment",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": " "},
        "Write an acknowledgment to the client, such as “Thank you” or “Received”.",
    ),
    Case(
        "accept-with-an-acknowledgment-of-501-characters",
        lambda w: reverse("offer_accept", args=[w.offer.pk]),
        None,
        {"terms_reviewed": "on", "acknowledgment": long(501)},
        "Ensure this value has at most 500 characters (it has 501).",
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_bad_input_is_refused_with_its_message_and_changes_nothing(case, world, client, owner):
    if not case.anonymous:
        client.force_login(owner)
    url = case.url(world)
    data = case.data(world)
    message = case.message(world) if callable(case.message) else case.message
    before = snapshot()
    response = client.post(url, data, follow=case.follow)
    assert response.status_code == 200, response.status_code
    assert escape(message) in response.content.decode(), message
    assert not changes(before, snapshot())
