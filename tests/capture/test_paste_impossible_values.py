"""Paste to record: an impossible date, year or offset in the text is as if none was found.

It is never guessed at (a wrong date) and never a server error: the field is left for the
user to fill in, with the note that says so.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import User
from capture.invitation import extract_invitation
from capture.offer import extract_offer
from interviews.models import Client, Invitation
from offers.models import Offer

NO_NOTICE = "No time found — enter when the invitation arrived."
NO_RECEIPT = "No time found — enter when the offer arrived."
NO_EXPIRY = "No expiry found — the usual expiry after receipt will apply."
NO_START = "No start date found — enter when the contract starts."

IMPOSSIBLE = [
    "Nov 24, 2026 at 3:15 PM (UTC+25:00)",
    "Nov 24, 2026 at 3:15 PM +25:00",
    "Nov 24, 2026 at 3:15 PM UTC+99",
    "Nov 24, 2026 at 3:15 PM GMT-1300",
    "Nov 24, 2026 at 3:15 PM GMT+05:75",
    "2026-11-24T15:15:00+25:00",
    "yesterday at 3:15 PM UTC+99",
    "Jan 1, 0001 at 12:30 AM",
    "0001-01-01T00:30:00+05:00",
    "9999-12-31T23:00:00-05:00",
    "Dec 31, 9999 at 11:00 PM",
    "Jan 1, 2100 at 9:00 AM",
    "1999-12-31 10:00",
    "April 31, 2026 at 3:15 PM",
    "31 April 2026 15:15",
    "31/04/2026 15:15",
    "30 February 2026 15:15",
    "Feb 29, 2026 at 3:15 PM",
    "29.02.2025 15:15",
    # No year, read on 25 November 2026: neither this year nor last has a 29 February.
    "Feb 29 at 3:15 PM",
]


def reader():
    return User(username="reader", timezone="America/New_York")


def invitation_text(when):
    return (
        "Acme Corp has invited you to interview for “Logo refresh”.\n"
        f"Invitation sent: {when}\n"
        "https://www.upwork.com/jobs/~0123\n"
    )


def offer_text(when):
    return (
        "Acme Corp sent you an offer for “Logo refresh”.\n"
        "Hourly rate: $40/hr\n"
        f"Offer received: {when}\n"
        f"Start date: {when}\n"
        f"Expires: {when}\n"
    )


# The parsers ---------------------------------------------------------------------------


@pytest.mark.parametrize("when", IMPOSSIBLE)
def test_an_impossible_notice_time_is_not_read(now, when):
    extraction = extract_invitation(invitation_text(when), reader())
    assert "notified_at" not in extraction.fields
    assert extraction.notes["notified_at"] == NO_NOTICE
    assert extraction.fields["job_title"] == "Logo refresh"


@pytest.mark.parametrize("when", IMPOSSIBLE)
def test_an_impossible_offer_time_start_or_expiry_is_not_read(now, when):
    extraction = extract_offer(offer_text(when), reader())
    assert not {"received_at", "start_date", "expires_at"} & set(extraction.fields)
    assert extraction.notes["received_at"] == NO_RECEIPT
    assert extraction.notes["start_date"] == NO_START
    assert extraction.notes["expires_at"] == NO_EXPIRY
    assert extraction.fields["amount"] == 40


def test_an_impossible_milestone_due_date_is_left_out(now):
    text = (
        "Acme Corp sent you an offer for “Logo refresh”.\n"
        "Contract type: Fixed price\n"
        "Milestones:\n"
        "1. Sketches — $200 due Feb 30, 2027\n"
        "2. Final logo — $300 due Mar 15, 2027\n"
    )
    milestones = extract_offer(text, reader()).fields["milestones"]
    assert [m["due_date"] for m in milestones] == [None, date(2027, 3, 15)]


@pytest.mark.parametrize(
    "when, read",
    [
        ("Nov 24, 2026 at 3:15 PM (UTC+14:00)", datetime(2026, 11, 24, 1, 15, tzinfo=UTC)),
        ("Nov 24, 2026 at 3:15 PM GMT-1200", datetime(2026, 11, 25, 3, 15, tzinfo=UTC)),
        ("Nov 24, 2026 at 3:15 PM +05:45", datetime(2026, 11, 24, 9, 30, tzinfo=UTC)),
        ("Jan 1, 2000 at 12:30 AM", datetime(2000, 1, 1, 5, 30, tzinfo=UTC)),
        ("Feb 29, 2024 at 3:15 PM", datetime(2024, 2, 29, 20, 15, tzinfo=UTC)),
    ],
)
def test_a_possible_edge_is_still_read(now, when, read):
    extraction = extract_invitation(invitation_text(when), reader())
    assert extraction.fields["notified_at"] == read


@pytest.mark.parametrize(
    "today, read",
    [
        # The day before a leap day: this year's is still to come, last year had none.
        (datetime(2028, 2, 28, 12, 0, tzinfo=UTC), None),
        (datetime(2028, 3, 5, 12, 0, tzinfo=UTC), datetime(2028, 2, 29, 20, 15, tzinfo=UTC)),
        # In January, last year's 29 February.
        (datetime(2029, 1, 10, 12, 0, tzinfo=UTC), datetime(2028, 2, 29, 20, 15, tzinfo=UTC)),
    ],
)
def test_a_leap_day_without_a_year_is_judged_against_the_year_it_falls_in(today, read):
    with time_machine.travel(today, tick=False):
        extraction = extract_invitation(invitation_text("Feb 29 at 3:15 PM"), reader())
    assert extraction.fields.get("notified_at") == read
    if read is None:
        assert extraction.notes["notified_at"] == NO_NOTICE


# The pages -----------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize("when", IMPOSSIBLE)
def test_the_invitation_paste_page_leaves_an_impossible_time_to_the_user(now, signed_in, when):
    response = signed_in.post("/invitations/paste/", {"text": invitation_text(when)})
    assert response.status_code == 302
    stored = signed_in.session["pasted_invitation"]
    assert "notified_at" not in stored["fields"]
    assert stored["notes"]["notified_at"] == NO_NOTICE
    form = signed_in.get(response["Location"])
    assert form.status_code == 200
    assert NO_NOTICE in form.content.decode()
    assert (Invitation.objects.count(), Client.objects.count()) == (0, 0)


@pytest.mark.parametrize("when", IMPOSSIBLE)
def test_the_offer_paste_page_leaves_an_impossible_time_to_the_user(now, signed_in, when):
    response = signed_in.post("/offers/paste/", {"text": offer_text(when)})
    assert response.status_code == 302
    stored = signed_in.session["pasted_offer"]
    assert not {"received_at", "start_date", "expires_at"} & set(stored["fields"])
    assert stored["notes"]["received_at"] == NO_RECEIPT
    form = signed_in.get(response["Location"])
    assert form.status_code == 200
    assert NO_RECEIPT in form.content.decode()
    assert not Offer.objects.exists()


def test_the_paste_page_reads_a_leap_day_without_a_year_from_last_year(client, owner):
    with time_machine.travel(datetime(2029, 1, 10, 12, 0, tzinfo=UTC), tick=False):
        client.force_login(owner)
        response = client.post(
            "/invitations/paste/", {"text": invitation_text("Feb 29 at 3:15 PM")}
        )
        stored = client.session["pasted_invitation"]
    assert response.status_code == 302
    assert stored["fields"]["notified_at"] == "2028-02-29T20:15:00+00:00"


def test_the_first_moment_of_the_text_is_not_taken_over_an_impossible_one(now):
    text = invitation_text("Nov 24, 2026 at 3:15 PM UTC+99") + "Sent Nov 23, 2026 at 9:00 AM\n"
    extraction = extract_invitation(text, reader())
    assert extraction.fields["notified_at"] == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
