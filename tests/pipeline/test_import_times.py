"""Importing invitations: times outside 2000-2099, and local times the clocks skip or repeat.

A bad row is reported by its line and the column, and nothing at all is written, as for any
other bad row; never a 500 (the year 1 does not survive the conversion to UTC, nor the year
9999 a 14-day window added to it).
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.urls import reverse

from interviews.models import Invitation
from pipeline.invitation_import import parse_time
from pipeline.portability import INVITATION_HEADER
from tests.support.csv_import import csv_text, outcome, own_row, upload
from tests.support.queued import queue_inline
from tests.support.snapshots import changes, snapshot

BERLIN = ZoneInfo("Europe/Berlin")
YEARS = "is not in the years 2000 to 2099"
OFFSET = "write it with its UTC offset"


@pytest.fixture
def as_owner(owner):
    """The owner (New York) signed in; an error is a 500 page, as a user would see it."""
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


@pytest.fixture
def as_berliner(stranger):
    """A user in Europe/Berlin, signed in."""
    browser = Browser(raise_request_exception=False)
    browser.force_login(stranger)
    return browser


def refused(browser, *rows):
    """Upload our own format with a good first row and `rows`; return the problems shown."""
    before = snapshot()
    response = upload(browser, csv_text(INVITATION_HEADER, own_row(job_title="Fine"), *rows))
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    after = snapshot()
    assert before == after, changes(before, after)
    return response.context["problems"]


# Years outside 2000-2099 ---------------------------------------------------------------

FAR_TIMES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "1999-12-31T23:59:59Z",
    "2100-01-01T00:00:00Z",
    "31/12/9999 23:59",
    "Jan 1, 0001",
]
TIME_COLUMNS = {
    "notified_at": "Notified at",
    "started_at": "Started at",
    "completed_at": "Completed at",
    "declined_at": "Declined at",
    "archived_at": "Archived at",
    "start_deadline": "Start deadline",
    "completion_deadline": "Completion deadline",
}


@pytest.mark.parametrize("text", FAR_TIMES)
@pytest.mark.parametrize("column", TIME_COLUMNS)
@pytest.mark.parametrize("browser", ["as_owner", "as_berliner"])
def test_a_time_outside_2000_to_2099_is_refused_by_line_and_column(
    request, now, browser, column, text
):
    problems = refused(request.getfixturevalue(browser), own_row(**{column: text}))
    assert f"Line 3: “{TIME_COLUMNS[column]}” {YEARS} in your time zone: “{text}”." in problems


@pytest.mark.parametrize("text", ["0001-01-01 09:00", "9999-12-31 09:00", "1999-12-31 09:00"])
def test_a_mapped_file_with_a_far_year_is_refused_too(as_berliner, now, text):
    before = snapshot()
    upload(as_berliner, csv_text(["Customer", "Title", "Invited"], ["Initech", "Job", text]))
    digest = as_berliner.get(reverse("import_mapping")).context["form"]["digest"].value()
    with queue_inline():
        response = as_berliner.post(
            reverse("import_mapping"),
            {
                "client": "0",
                "job_title": "1",
                "notified_at": "2",
                "dayfirst": "1",
                "digest": digest,
            },
        )
    response = outcome(as_berliner, response)
    assert response.status_code == 200
    assert response.context["problems"] == [
        f"Line 2: “Notified at” {YEARS} in your time zone: “{text}”."
    ]
    after = snapshot()
    assert before == after, changes(before, after)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000-01-01T00:00:00Z", datetime(2000, 1, 1, tzinfo=UTC)),
        ("2000-01-01 01:00", datetime(2000, 1, 1, tzinfo=UTC)),
        ("2099-12-31T22:59:59Z", datetime(2099, 12, 31, 22, 59, 59, tzinfo=UTC)),
        ("2099-12-31 23:59", datetime(2099, 12, 31, 22, 59, tzinfo=UTC)),
    ],
)
def test_the_first_and_last_moments_of_2000_to_2099_are_read(text, expected):
    assert parse_time(text, BERLIN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1999-12-31T22:59:59Z",  # 23:59:59 in Berlin
        "1999-12-31 23:30",
        "2100-01-01T00:00:00Z",
        "2099-12-31T23:30:00Z",  # 2100 in Berlin: the same instant a Berlin user's form refuses
        "2099-12-31T23:30:00-05:00",
    ],
)
def test_just_outside_2000_to_2099_on_the_users_clock_is_refused(text):
    with pytest.raises(ValueError, match=YEARS):
        parse_time(text, BERLIN)


def test_an_invitation_from_the_first_moment_of_2000_is_imported(as_owner, now):
    # The owner's clock is New York's, five hours behind UTC in January.
    row = own_row(job_title="Old one", notified_at="2000-01-01T00:00:00-05:00")
    response = upload(as_owner, csv_text(INVITATION_HEADER, row))
    assert response.context["job"].state == "done"
    assert Invitation.objects.get().notified_at == datetime(2000, 1, 1, 5, tzinfo=UTC)


# Local times where the clocks change -----------------------------------------------------


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("notified_at", "2026-03-29 02:30"),
        ("notified_at", "29/03/2026 02:30"),
        ("started_at", "2026-03-29T02:30:00"),
    ],
)
def test_a_local_time_the_clocks_skip_is_refused(as_berliner, now, column, text):
    fields = {column: text}
    if column == "started_at":
        fields["notified_at"] = "2026-03-28T09:00:00+01:00"
    (problem,) = refused(as_berliner, own_row(**fields))
    assert problem.startswith(f"Line 3: “{TIME_COLUMNS[column]}” is a time the clocks skip in ")
    assert "Europe/Berlin (they go forward from CET to CEST)" in problem
    assert f"{OFFSET}, such as 2026-03-29T03:30+02:00 if that was meant" in problem


@pytest.mark.parametrize("text", ["2026-10-25 02:30", "25/10/2026 02:30", "2026-10-25T02:30:00"])
def test_a_local_time_the_clocks_repeat_is_refused(as_berliner, now, text):
    (problem,) = refused(as_berliner, own_row(notified_at=text))
    assert problem.startswith("Line 3: “Notified at” is a time the clocks show twice in ")
    assert "Europe/Berlin (they go back from CEST to CET)" in problem
    assert f"{OFFSET} to say which: 2026-10-25T02:30+02:00 or 2026-10-25T02:30+01:00" in problem


def test_the_users_own_zone_decides_which_times_are_skipped_or_repeated(as_owner, now):
    problems = refused(
        as_owner,
        own_row(job_title="Skipped", notified_at="2026-03-08 02:30"),
        own_row(job_title="Repeated", notified_at="2026-11-01 01:30"),
        own_row(job_title="Fine in New York", notified_at="2026-03-29 02:30"),
    )
    assert len(problems) == 2
    assert problems[0].startswith("Line 3: “Notified at” is a time the clocks skip in ")
    assert "America/New_York (they go forward from EST to EDT)" in problems[0]
    assert problems[1].startswith("Line 4: “Notified at” is a time the clocks show twice in ")
    assert "America/New_York (they go back from EDT to EST)" in problems[1]


def test_the_same_times_with_an_explicit_offset_are_imported(as_berliner, now):
    rows = [
        own_row(job_title="First 02:30", notified_at="2026-10-25T02:30:00+02:00"),
        own_row(job_title="Second 02:30", notified_at="2026-10-25T02:30:00+01:00"),
        own_row(job_title="Written in UTC", notified_at="2026-03-29T01:30:00Z"),
        own_row(job_title="Just after the skip", notified_at="2026-03-29 03:30"),
    ]
    response = upload(as_berliner, csv_text(INVITATION_HEADER, *rows))
    assert response.context["job"].state == "done"
    notified = dict(Invitation.objects.values_list("job_title", "notified_at"))
    assert notified == {
        "First 02:30": datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        "Second 02:30": datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        "Written in UTC": datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        "Just after the skip": datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    }


@pytest.mark.parametrize(
    "text, zone, expected",
    [
        # Santiago's clocks go from 00:00 to 01:00 on 6 September 2026: the day starts at 01:00.
        ("06/09/2026", "America/Santiago", datetime(2026, 9, 6, 4, 0, tzinfo=UTC)),
        ("2026-09-06", "America/Santiago", datetime(2026, 9, 6, 4, 0, tzinfo=UTC)),
        ("2026-03-29", "Europe/Berlin", datetime(2026, 3, 28, 23, 0, tzinfo=UTC)),
    ],
)
def test_a_date_alone_is_the_first_moment_of_that_day_even_when_midnight_is_skipped(
    text, zone, expected
):
    assert parse_time(text, ZoneInfo(zone)) == expected


def test_a_two_digit_year_beside_a_four_digit_clock_is_read():
    assert parse_time("25/11/26 1430", BERLIN) == datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["Jan 1, 0001 10:00", "1 January 0026 10:00", "0099-05-01 10:00"])
def test_a_year_below_100_written_in_four_digits_is_refused(text):
    with pytest.raises(ValueError, match=YEARS):
        parse_time(text, BERLIN)


@pytest.mark.parametrize(
    "text",
    [
        "Nov 20 2026 10:00 +9999",
        "20/11/2026 10:00 UTC+25",
        "2026-11-20 10:00 -2500",
        "2026-11-20T10:00+15:00",
        "2026-11-20T10:00-12:30",
    ],
)
def test_an_offset_no_clock_uses_is_refused_in_plain_words(text):
    with pytest.raises(ValueError, match="has a UTC offset no place uses"):
        parse_time(text, BERLIN)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-20T10:00+14:00", datetime(2026, 11, 19, 20, 0, tzinfo=UTC)),
        ("2026-11-20T10:00-12:00", datetime(2026, 11, 20, 22, 0, tzinfo=UTC)),
    ],
)
def test_the_widest_offsets_in_use_are_read(text, expected):
    assert parse_time(text, BERLIN) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 14:00 three hours ahead of UTC (Moscow, Nairobi) is 11:00 UTC.
        ("2026-11-20 14:00 UTC+3", datetime(2026, 11, 20, 11, 0, tzinfo=UTC)),
        ("2026-11-20 14:00 GMT+3", datetime(2026, 11, 20, 11, 0, tzinfo=UTC)),
        ("20/11/2026 14:00 UTC+03:00", datetime(2026, 11, 20, 11, 0, tzinfo=UTC)),
        ("2026-11-20 14:00 UTC +03:00", datetime(2026, 11, 20, 11, 0, tzinfo=UTC)),
        ("Nov 20, 2026 2:00 PM GMT-5", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
        ("2026-11-20 14:00utc-05:30", datetime(2026, 11, 20, 19, 30, tzinfo=UTC)),
        ("2026-11-20 14:00 UTC+14", datetime(2026, 11, 20, 0, 0, tzinfo=UTC)),
        ("2026-11-20 14:00 UTC", datetime(2026, 11, 20, 14, 0, tzinfo=UTC)),
        ("2026-11-20 14:00 EST -05:00", datetime(2026, 11, 20, 19, 0, tzinfo=UTC)),
    ],
)
def test_an_offset_after_utc_or_gmt_is_read_as_people_write_it(text, expected):
    assert parse_time(text, BERLIN) == expected


def test_a_zone_name_with_a_sign_after_it_is_refused_rather_than_guessed():
    # "EST-5" is UTC-5 to a person and UTC+5 to a POSIX TZ string: too risky to read.
    with pytest.raises(ValueError, match="write an offset such as -05:00"):
        parse_time("2026-11-20 14:00 EST-5", BERLIN)
