"""Bad input on the proposal form: the letter's limit, amounts, currencies.

Each refused case shows the form's or model's own message in the page and leaves every
table of the project exactly as it was.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.support.bad_input import (
    CURRENCY_LIST,
    PROPOSAL_NEW,
    Case,
    long,
    proposal_form,
)
from tests.support.snapshots import changes, snapshot

REFUSED = [
    # The proposal form: the letter's limit, amounts, currencies.
    Case(
        "cover-letter-5001-characters",
        PROPOSAL_NEW,
        proposal_form,
        {"cover_letter": long(5001)},
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    Case(
        "cover-letter-5001-emoji",
        PROPOSAL_NEW,
        proposal_form,
        {"cover_letter": long(5001, "🚀")},
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    Case(
        "bid-negative",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "-5"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case(
        "bid-zero",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "0"},
        "Ensure this value is greater than or equal to 0.01.",
    ),
    Case("bid-nan", PROPOSAL_NEW, proposal_form, {"bid_amount": "NaN"}, "Enter a number."),
    Case(
        "bid-infinity", PROPOSAL_NEW, proposal_form, {"bid_amount": "Infinity"}, "Enter a number."
    ),
    Case(
        "bid-huge",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "123456789012"},
        "Ensure that there are no more than 10 digits in total.",
    ),
    Case(
        "bid-with-an-exponent",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "1e400"},
        "Ensure that there are no more than 10 digits in total.",
    ),
    Case(
        "bid-three-decimals",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_amount": "10.005"},
        "Ensure that there are no more than 2 decimal places.",
    ),
    Case(
        "currency-unknown",
        PROPOSAL_NEW,
        proposal_form,
        {"currency": "XYZ"},
        f"“XYZ” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "currency-lower-case",
        PROPOSAL_NEW,
        proposal_form,
        {"currency": "usd"},
        f"“usd” is not a currency we support (use one of {CURRENCY_LIST}).",
    ),
    Case(
        "bid-type-invented",
        PROPOSAL_NEW,
        proposal_form,
        {"bid_type": "barter"},
        "Select a valid choice. barter is not one of the available choices.",
    ),
    Case(
        "connects-negative",
        PROPOSAL_NEW,
        proposal_form,
        {"connects_spent": "-1"},
        "Ensure this value is greater than or equal to 0.",
    ),
    Case(
        "connects-beyond-what-the-column-holds",
        PROPOSAL_NEW,
        proposal_form,
        {"connects_spent": "40000"},
        "Ensure this value is less than or equal to 32767.",
    ),
    Case(
        "template-of-another-user",
        PROPOSAL_NEW,
        proposal_form,
        {"template": lambda w: w.strangers_template.pk},
        "Select a valid choice. That choice is not one of the available choices.",
    ),
    Case(
        "proposal-job-url-invalid",
        PROPOSAL_NEW,
        proposal_form,
        {"job_url": "htp:/upwork"},
        "Enter a valid URL.",
    ),
    Case(
        "submit-without-a-letter",
        lambda w: reverse("proposal_submit", args=[w.empty_draft.pk]),
        None,
        {},
        "Write the cover letter before submitting.",
        follow=True,
    ),
    Case(
        "submit-twice",
        lambda w: reverse("proposal_submit", args=[w.submitted.pk]),
        None,
        {},
        "Only a draft can be submitted; this proposal is submitted.",
        follow=True,
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
