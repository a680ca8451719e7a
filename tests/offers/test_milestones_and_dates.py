"""A fixed price and its milestones agree (unless the user says they need not), and every
date typed into an offer is in the years 2000 to 2099, as every other date in the product."""

import pytest
from django.urls import reverse

from offers.models import Milestone, Offer


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def offer_form(client_record, *milestones, **changes):
    data = {
        "proposal": "",
        "client": client_record.pk,
        "job_title": "Data work",
        "received_at": "2026-11-25T06:30",
        "expires_at": "2026-12-02T06:30",
        "contract_type": "fixed",
        "amount": "1000",
        "currency": "USD",
        "weekly_limit": "",
        "start_date": "2026-12-01",
        "terms": "",
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "50",
    }
    for i in range(3):
        title, amount, due = milestones[i] if i < len(milestones) else ("", "", "")
        data[f"milestones-{i}-title"] = title
        data[f"milestones-{i}-amount"] = amount
        data[f"milestones-{i}-due_date"] = due
    data.update(changes)
    return data


def test_milestones_adding_up_to_more_than_the_price_are_refused(signed_in, now, client_record):
    data = offer_form(client_record, ("Design", "400", ""), ("Build", "700", ""))
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert (
        "The milestones add up to 1,100.00, which is 100.00 more than the fixed price "
        "(1,000.00)." in response.text
    )
    assert not Offer.objects.exists() and not Milestone.objects.exists()


def test_milestones_adding_up_to_less_than_the_price_are_refused(signed_in, now, client_record):
    data = offer_form(client_record, ("Design", "400", ""), ("Build", "500", ""))
    response = signed_in.post(reverse("offer_new"), data)
    assert "which is 100.00 less than the fixed price (1,000.00)" in response.text
    assert not Offer.objects.exists()


def test_milestones_that_add_up_to_the_price_are_kept(signed_in, now, client_record):
    data = offer_form(client_record, ("Design", "400", ""), ("Build", "600", ""))
    assert signed_in.post(reverse("offer_new"), data).status_code == 302
    assert Offer.objects.get().milestones.count() == 2


def test_the_user_may_say_the_milestones_need_not_add_up(signed_in, now, client_record):
    data = offer_form(
        client_record, ("Design", "400", ""), ("Build", "500", ""), milestones_may_differ="on"
    )
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.milestones.count() == 2
    detail = signed_in.get(reverse("offer_detail", args=[offer.pk]))
    assert "100.00 less than the price (1000.00 USD)" in detail.text


def test_the_form_offers_the_choice(signed_in, now):
    response = signed_in.get(reverse("offer_new"))
    assert "The milestones need not add up to the price" in response.text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_a_start_date_outside_2000_to_2099_is_refused(signed_in, now, client_record, day):
    data = offer_form(client_record, start_date=day)
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert "Enter a date between the years 2000 and 2099." in response.text
    assert not Offer.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_milestone_due_date_outside_2000_to_2099_is_refused(signed_in, now, client_record, day):
    data = offer_form(client_record, ("Design", "1000", day))
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert "Enter a date between the years 2000 and 2099." in response.text
    assert not Offer.objects.exists()


def test_the_date_inputs_say_their_range(signed_in, now):
    response = signed_in.get(reverse("offer_new"))
    assert response.text.count('min="2000-01-01" max="2099-12-31"') >= 2
