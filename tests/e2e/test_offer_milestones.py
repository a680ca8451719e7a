"""A fixed-price offer of more milestones than the form shows at first: the page adds a row
for each one the freelancer asks for, and all of them are saved."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from interviews.models import Client
from offers.models import Offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MILESTONES = [
    ("Discovery", "300"),
    ("Design", "450.50"),
    ("Build", "1200"),
    ("Testing", "250"),
    ("Launch", "99.50"),
]


def test_a_freelancer_adds_milestone_rows_and_saves_them_all(new_page, log_in, screenshot, owner):
    Client.objects.create(owner=owner, name="Globex")
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/offers/new/")
    page.get_by_label("Client", exact=True).select_option(label="Globex")
    page.get_by_label("Job title").fill("Shop rebuild")
    page.get_by_label("Fixed price").check()
    rows = page.locator("[data-milestone-rows] > li")
    expect(rows).to_have_count(3)
    add = page.get_by_role("button", name="Add a milestone")
    add.click()
    add.click()
    expect(rows).to_have_count(5)
    for row, (title, amount) in zip(rows.all(), MILESTONES, strict=True):
        row.get_by_label("Title").fill(title)
        row.get_by_label("Amount").fill(amount)
    screenshot(page, "five-milestones")
    with page.expect_navigation():
        page.get_by_role("button", name="Save offer").last.click()

    offer = Offer.objects.get(owner=owner)
    assert list(offer.milestones.values_list("title", "amount")) == [
        (title, Decimal(amount)) for title, amount in MILESTONES
    ]
    assert offer.amount == sum(Decimal(amount) for _, amount in MILESTONES)


def test_without_javascript_the_button_stays_hidden(new_page, log_in, owner):
    page = new_page(java_script_enabled=False)
    log_in_without_script(page)
    page.goto("/offers/new/")
    expect(page.locator("[data-milestone-rows] > li")).to_have_count(3)
    expect(page.get_by_role("button", name="Add a milestone")).to_be_hidden()


def log_in_without_script(page):
    page.goto("/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("alice-password-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in", exact=True).click()
