"""`?month=YYYY-MM` on the invitation, proposal and offer lists: 2000-01 to 2099-12 only.

Any other month is ignored: the list shows every month and says why, never a 500 (the month
after 9999-12 is beyond Python's dates) and never an empty list for a typo.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.urls import reverse

from kit.lists import MONTH_REFUSED
from proposals.models import Proposal

# The owner's zone; a month's edges are the owner's midnights.
NEW_YORK = ZoneInfo("America/New_York")

# One row in each: the last minutes of 1999, the first of 2000, the last of 2099.
EDGES = {
    "1999-12": datetime(1999, 12, 31, 23, 30, tzinfo=NEW_YORK),
    "2000-01": datetime(2000, 1, 1, 0, 30, tzinfo=NEW_YORK),
    "2099-12": datetime(2099, 12, 31, 23, 30, tzinfo=NEW_YORK),
}
EVERY_MONTH = sorted(EDGES)

LISTS = ["invitation_list", "proposal_list", "offer_list"]


@pytest.fixture
def rows(now, make_invitation, make_proposal, make_offer):
    """An invitation, a submitted proposal and an accepted offer at each edge, named by month."""
    for month, at in EDGES.items():
        make_invitation(job_title=month, notified_at=at)
        make_proposal(job_title=month, status=Proposal.Status.SUBMITTED, submitted_at=at)
        make_offer(
            job_title=month,
            received_at=at - timedelta(minutes=10),
            accepted_at=at,
            acknowledgment="Thank you",
        )


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


def listed(response):
    return sorted(row.job_title for row in response.context["page_obj"].object_list)


def warnings(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    ("month", "shown"),
    [("2000-01", "January 2000"), ("2099-12", "December 2099"), (" 2099-12 ", "December 2099")],
)
def test_a_month_from_2000_01_to_2099_12_narrows_the_list(signed_in, rows, name, month, shown):
    response = signed_in.get(reverse(name), {"month": month})
    assert response.status_code == 200
    assert listed(response) == [month.strip()]
    assert f"in {shown}" in response.text
    assert MONTH_REFUSED not in warnings(response)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "month",
    [
        "1999-12",
        "2100-01",
        "0001-01",
        "9999-12",
        "2026-13",
        "2026-00",
        "20261-01",
        "2026-1",
        "26-11",
        "2026/11",
        "2026-11-01",
        "-2026-11",
        "２０２６-１１",
        "abc",
        "9" * 5000,
    ],
)
def test_any_other_month_is_ignored_and_the_list_says_so(signed_in, rows, name, month):
    response = signed_in.get(reverse(name), {"month": month})
    assert response.status_code == 200
    assert listed(response) == EVERY_MONTH
    assert warnings(response) == [MONTH_REFUSED]
    assert "Show everything" not in response.text  # nothing narrowed


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("month", ["", "  "])
def test_an_empty_month_is_no_month_and_no_warning(signed_in, rows, name, month):
    response = signed_in.get(reverse(name), {"month": month})
    assert response.status_code == 200
    assert listed(response) == EVERY_MONTH
    assert warnings(response) == []


@pytest.mark.parametrize("name", LISTS)
def test_an_ignored_month_keeps_the_other_filters(signed_in, rows, client_record, name):
    response = signed_in.get(reverse(name), {"month": "9999-12", "client": client_record.pk})
    assert response.status_code == 200
    assert listed(response) == EVERY_MONTH
    assert "for one client" in response.text


@pytest.mark.parametrize(
    "name, status, shown",
    [
        ("proposal_list", "submitted", "Submitted"),
        ("offer_list", "accepted", "Accepted"),
        ("invitation_list", "pending", "Pending"),
    ],
)
def test_a_list_narrowed_to_a_month_names_the_one_status_it_shows(
    signed_in, rows, name, status, shown
):
    response = signed_in.get(reverse(name), {"month": "2000-01", "status": status})
    assert response.status_code == 200
    assert f"Showing {shown} in January 2000." in response.text


@pytest.mark.parametrize(
    "name, status", [("proposal_list", "submitted"), ("offer_list", "accepted")]
)
def test_the_status_chips_keep_the_client_and_month_shown(
    signed_in, rows, client_record, name, status
):
    response = signed_in.get(reverse(name), {"month": "2000-01", "client": client_record.pk})
    narrowing = f"client={client_record.pk}&amp;month=2000-01"
    assert f'href="{reverse(name)}?{narrowing}"' in response.text  # "All"
    assert f'href="?status={status}&amp;{narrowing}"' in response.text
