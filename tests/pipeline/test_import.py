"""Importing invitations from CSV: our export round-trips, foreign files are mapped, bad rows
are reported by line and nothing is written until the whole file is right."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation, PreparationItem
from pipeline.invitation_import import MAX_FILE_BYTES, parse_time
from pipeline.portability import INVITATION_HEADER, invitations_csv
from reminders.models import Reminder
from tests.support.csv_import import csv_text, outcome, own_row, snapshot, summary, upload
from tests.support.instants import NOW
from tests.support.queued import queue_inline

NEW_YORK = User(timezone="America/New_York").zone


def without_ids(text):
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return [row[1:] for row in rows]


@pytest.fixture
def importer(db, now):
    """A second freelancer, in the owner's zone, who imports the owner's export."""
    return User.objects.create_user(
        "bob", "bob@example.com", "bob-password-1", timezone="America/New_York"
    )


@pytest.fixture
def every_status(now, owner, client_record, make_invitation):
    """One invitation in each status, with text that needs care in a CSV."""
    other = Client.objects.create(owner=owner, name="Globex, Ltd", company="=Globex")
    make_invitation(
        notified_at=NOW - timedelta(hours=5, microseconds=1234),
        job_title="Pending, with a comma",
        job_url="https://www.upwork.com/jobs/~01",
        message='Line one\nLine two; "quoted" — ünïcödé',
    )
    make_invitation(notified_at=NOW - timedelta(days=15), job_title="Expired")
    running = make_invitation(notified_at=NOW - timedelta(days=2), job_title="Running")
    running.start(at=NOW - timedelta(hours=3))
    lapsed = make_invitation(client=other, notified_at=NOW - timedelta(days=5), job_title="Lapsed")
    lapsed.start(at=NOW - timedelta(days=4))
    done = make_invitation(client=other, notified_at=NOW - timedelta(days=3), job_title="=Done")
    done.start(at=NOW - timedelta(days=2))
    done.complete(at=NOW - timedelta(days=1))
    make_invitation(job_title="Declined").decline("-Not my field", at=NOW - timedelta(minutes=5))
    make_invitation(job_title="Archived").archive(at=NOW - timedelta(minutes=1))
    return owner


# Round trip -----------------------------------------------------------------------------


def test_our_export_round_trips_exactly(client, every_status, importer):
    exported = invitations_csv(every_status)
    client.force_login(importer)
    response = upload(client, exported)
    message = summary(response)
    assert message == "Imported 7 invitations with 2 new clients."

    again = invitations_csv(importer)
    assert without_ids(again) == without_ids(exported)
    statuses = [row[10] for row in without_ids(again)[1:]]
    assert sorted(statuses) == sorted(
        ["pending", "expired", "in_progress", "lapsed", "completed", "declined", "archived"]
    )
    assert Client.objects.get(owner=importer, name="Globex, Ltd").company == "=Globex"


def test_the_round_trip_keeps_deadlines_after_the_window_setting_changed(
    client, every_status, importer, settings
):
    exported = invitations_csv(every_status)
    settings.INTERVIEW_START_WINDOW = timedelta(days=7)
    settings.INTERVIEW_COMPLETION_WINDOW = timedelta(hours=24)
    client.force_login(importer)
    upload(client, exported)
    assert without_ids(invitations_csv(importer)) == without_ids(exported)


def test_a_round_trip_into_another_zone_keeps_the_instants(client, every_status, stranger):
    exported = invitations_csv(every_status)
    client.force_login(stranger)
    upload(client, exported)
    fields = ("job_title", "notified_at", "start_deadline", "started_at", "completed_at")
    mine = sorted(Invitation.objects.filter(owner=every_status).values_list(*fields))
    theirs = sorted(Invitation.objects.filter(owner=stranger).values_list(*fields))
    assert theirs == mine


def test_imported_invitations_get_their_preparation_and_reminders(client, every_status, importer):
    client.force_login(importer)
    upload(client, invitations_csv(every_status))
    pending = Invitation.objects.get(owner=importer, job_title="Pending, with a comma")
    assert PreparationItem.objects.filter(invitation=pending).count() == 4
    leads = Reminder.objects.filter(owner=importer, kind="start_window", subject_id=pending.pk)
    assert sorted(r.lead for r in leads) == [timedelta(hours=h) for h in (2, 24, 72)]
    running = Invitation.objects.get(owner=importer, job_title="Running")
    assert Reminder.objects.filter(kind="completion_window", subject_id=running.pk).count() == 3


def test_clients_are_reused_by_name_whatever_the_case(client, every_status, importer):
    Client.objects.create(owner=importer, name="ACME", company="Kept as it was")
    client.force_login(importer)
    response = upload(client, invitations_csv(every_status))
    assert "with 1 new client." in summary(response)
    assert Client.objects.filter(owner=importer).count() == 2
    assert Client.objects.get(owner=importer, name="ACME").invitations.count() == 5


def test_importing_the_same_file_twice_adds_nothing_the_second_time(client, every_status, importer):
    exported = invitations_csv(every_status)
    client.force_login(importer)
    upload(client, exported)
    before = snapshot()
    response = upload(client, exported)
    assert snapshot() == before
    message = summary(response)
    assert message == ("Imported 0 invitations. 7 rows were already in your tracker and skipped.")


def test_a_row_repeated_in_the_file_is_not_said_to_be_in_the_tracker(client, owner, now):
    client.force_login(owner)
    text = csv_text(INVITATION_HEADER, own_row(), own_row(), own_row(job_title="Other"))
    response = upload(client, text)
    assert Invitation.objects.count() == 2
    message = summary(response)
    assert message == (
        "Imported 2 invitations with 1 new client. 1 row repeated an earlier row of the file "
        "and was skipped."
    )
    response = upload(client, text)
    message = summary(response)
    assert message == "Imported 0 invitations. 3 rows were already in your tracker and skipped."


def test_importing_my_own_export_back_changes_nothing(client, every_status):
    client.force_login(every_status)
    before = snapshot()
    upload(client, invitations_csv(every_status))
    assert snapshot() == before


BAD_ROWS = [
    ({"client": ""}, "“Client” is missing"),
    ({"job_title": "   "}, "“Job title” is missing"),
    ({"notified_at": ""}, "“Notified at” is missing"),
    ({"notified_at": "next tuesday-ish"}, "“Notified at” is not a date and time we can read"),
    ({"notified_at": "25/11"}, "“Notified at” needs a full date"),
    ({"notified_at": "2026-11-24 09:00 XYZT"}, "names a time zone we cannot read"),
    ({"notified_at": "2026-11-26T09:00:00-05:00"}, "“Notified at” is in the future"),
    ({"started_at": "2026-12-01T09:00:00-05:00"}, "“Started at” is in the future"),
    ({"job_url": "javascript:alert(1)"}, "“Job URL” is not a web address"),
    ({"job_url": "not a url"}, "“Job URL” is not a web address"),
    ({"job_title": "x" * 301}, "“Job title” is 301 characters long; the limit is 300"),
    ({"client": "c" * 201}, "“Client” is 201 characters long; the limit is 200"),
    ({"message": "m" * 10_001}, "“Message” is 10001 characters long; the limit is 10000"),
    (
        {"started_at": "2026-11-24T08:00:00-05:00"},
        "it started before the invitation was notified",
    ),
    ({"completed_at": "2026-11-24T10:00:00-05:00"}, "it was completed but never started"),
    ({"declined_at": "2026-11-24T10:00:00-05:00"}, "it was declined without a reason"),
    ({"decline_reason": "Busy"}, "it has a decline reason but no decline time"),
    (
        {"archived_at": "2026-11-24T08:00:00-05:00"},
        "it was archived before the invitation was notified",
    ),
    (
        {"notified_at": "2026-11-01T09:00:00-05:00", "started_at": "2026-11-20T09:00:00-05:00"},
        "after the start deadline this notice time gives",
    ),
    (
        {
            "notified_at": "2026-11-20T09:00:00-05:00",
            "started_at": "2026-11-21T09:00:00-05:00",
            "completed_at": "2026-11-24T09:00:00-05:00",
        },
        "The interview must be completed before the completion deadline.",
    ),
    (
        {
            "notified_at": "2026-11-01T09:00:00-05:00",
            "declined_at": "2026-11-20T09:00:00-05:00",
            "decline_reason": "Too late",
        },
        "it was declined after its start window closed",
    ),
    (
        {"start_deadline": "2026-11-24T08:00:00-05:00"},
        "its start deadline is not after the notification time",
    ),
]


@pytest.mark.parametrize(("changes", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_by_line_and_nothing_is_written(client, owner, now, changes, reason):
    client.force_login(owner)
    text = csv_text(INVITATION_HEADER, own_row(job_title="Fine"), own_row(**changes))
    before = snapshot()
    response = upload(client, text)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) >= 1
    assert all(p.startswith("Line 3: ") for p in problems)
    assert any(reason.lower() in p.lower() for p in problems), problems
    assert "Nothing was imported" in response.content.decode()
    assert snapshot() == before


def test_a_row_with_too_many_cells_is_refused(client, owner, now):
    client.force_login(owner)
    text = csv_text(INVITATION_HEADER, [*own_row(), "extra"])
    response = upload(client, text)
    assert response.context["problems"] == [
        "Line 2: it has 17 cells but the header names 16 columns."
    ]
    assert Invitation.objects.count() == 0


def test_every_bad_row_is_reported_with_its_own_line(client, owner, now):
    client.force_login(owner)
    text = csv_text(
        INVITATION_HEADER,
        own_row(client=""),
        own_row(message="Has a\nline break in it"),  # lines 3 and 4 of the file
        own_row(notified_at="soon"),
        own_row(job_title=""),
    )
    response = upload(client, text)
    assert [p.split(":")[0] for p in response.context["problems"]] == [
        "Line 2",
        "Line 5",
        "Line 6",
    ]
    assert Invitation.objects.count() == 0


def test_the_file_size_is_limited(client, owner, now):
    client.force_login(owner)
    big = csv_text(INVITATION_HEADER, own_row()) + "x" * MAX_FILE_BYTES
    response = upload(client, big)
    assert response.status_code == 200
    assert f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB" in response.content.decode()
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),  # Django's own message
        (b"\x00\x01\x02PK", "not a CSV file"),
        (",,,\r\n", "The first line must name the columns."),
        ("client,job title\r\n", "The file has a header but no rows."),
    ],
)
def test_a_file_that_is_not_a_usable_csv_is_refused(client, owner, now, data, message):
    client.force_login(owner)
    response = upload(client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Invitation.objects.count() == 0


def test_a_windows_1252_file_is_read(client, owner, now):
    client.force_login(owner)
    text = csv_text(INVITATION_HEADER, own_row(client="Café Crème"))
    upload(client, text, encoding="cp1252")
    assert Client.objects.get(owner=owner).name == "Café Crème"


def test_a_utf_16_file_as_excel_saves_unicode_text_is_read(client, owner, now):
    # Excel's "Unicode Text": UTF-16 with a byte order mark, tab separated.
    client.force_login(owner)
    text = "\r\n".join("\t".join(row) for row in (INVITATION_HEADER, own_row(client="Zoë 東京")))
    for encoding in ("utf-16", "utf-16-be"):
        Invitation.objects.all().delete()
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        response = upload(client, data)
        assert response.context["job"].state == "done", response.content.decode()
        assert Invitation.objects.get().client.name == "Zoë 東京"


# A foreign file and its columns ---------------------------------------------------------

FOREIGN = csv_text(
    ["Customer", "Title", "Link", "Invited", "Notes"],
    ["Initech", "Fix the TPS reports", "https://jobs.test/1", "25/11/2026 2am", "Urgent"],
    ["Umbrella", "Lab dashboard", "", "2026-11-20 14:00", ""],
    ["Initech", "Printer driver", "", "2026-11-24T09:30:00+01:00", ""],
)


def test_a_foreign_file_goes_to_the_column_mapping(client, owner, now):
    client.force_login(owner)
    response = upload(client, FOREIGN, name="other-tracker.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("import_mapping")
    page = client.get(reverse("import_mapping"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "other-tracker.csv" in html
    assert "Fix the TPS reports" in html  # the preview
    form = page.context["form"]
    assert form["client"].initial == "0"
    assert form["job_title"].initial == "1"
    assert form["job_url"].initial == "2"
    assert form["notified_at"].initial == "3"
    assert form["dayfirst"].initial == "0"  # a New York user writes the month first
    assert Invitation.objects.count() == 0


def mapping(**changes):
    data = {
        "client": "0",
        "job_title": "1",
        "job_url": "2",
        "notified_at": "3",
        "message": "4",
        "dayfirst": "1",
    }
    return {**data, **changes}


def post_mapping(client, **changes):
    digest = client.get(reverse("import_mapping")).context["form"]["digest"].value()
    with queue_inline():
        response = client.post(reverse("import_mapping"), {**mapping(**changes), "digest": digest})
    return outcome(client, response)


def test_a_mapped_foreign_file_is_imported_in_the_users_zone(client, owner, now):
    client.force_login(owner)
    upload(client, FOREIGN)
    response = post_mapping(client)
    assert "Imported 3 invitations with 2 new clients." in summary(response)
    tps = Invitation.objects.get(job_title="Fix the TPS reports")
    # 02:00 in New York on 25 November is 07:00 UTC.
    assert tps.notified_at == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert tps.start_deadline == tps.notified_at + timedelta(days=14)
    assert tps.job_url == "https://jobs.test/1"
    assert tps.message == "Urgent"
    assert Invitation.objects.get(job_title="Lab dashboard").notified_at == datetime(
        2026, 11, 20, 19, 0, tzinfo=UTC
    )
    # An explicit offset wins over the user's zone.
    assert Invitation.objects.get(job_title="Printer driver").notified_at == datetime(
        2026, 11, 24, 8, 30, tzinfo=UTC
    )
    assert Client.objects.get(name="Initech").invitations.count() == 2
    assert "invitation_import" not in client.session


def test_month_first_dates_are_read_as_chosen(client, owner, now):
    client.force_login(owner)
    upload(
        client, csv_text(["Customer", "Title", "Invited"], ["Initech", "Job", "11/03/2026 9:00"])
    )
    post_mapping(client, job_url="", message="", notified_at="2", dayfirst="0")
    assert Invitation.objects.get().notified_at == datetime(2026, 11, 3, 14, 0, tzinfo=UTC)


def test_a_semicolon_separated_file_is_read(client, owner, now):
    client.force_login(owner)
    upload(client, "Client;Job title;Notified at\r\nInitech;Job;2026-11-24 10:00\r\n")
    response = post_mapping(client, job_url="", message="", notified_at="2", job_title="1")
    assert summary(response) == "Imported 1 invitation with 1 new client."
    assert Invitation.objects.get().client.name == "Initech"


def test_the_mapping_needs_the_required_columns(client, owner, now):
    client.force_login(owner)
    upload(client, FOREIGN)
    response = post_mapping(client, notified_at="")
    assert response.status_code == 200
    assert "Choose the column that holds the notified at." in response.content.decode()
    assert Invitation.objects.count() == 0


def test_bad_rows_in_a_mapped_file_are_reported_and_nothing_is_written(client, owner, now):
    client.force_login(owner)
    upload(client, FOREIGN)
    # The notes column is no web address; line 2 is refused, the empty ones are fine.
    response = post_mapping(client, job_url="4", message="")
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Line 2: “Job URL” is not a web address starting with http:// or https://: “Urgent”."
    ]
    assert snapshot() == (0, 0, 0)
    # The file is still there: choosing other columns works.
    job = response.context["job"]
    assert 'name="choose_again"' in response.text
    with queue_inline():
        again = client.post(reverse("import_mapping"), {"choose_again": job.pk})
    assert again["Location"] == reverse("import_mapping")
    assert summary(post_mapping(client)).startswith("Imported 3 invitations")
    assert Invitation.objects.count() == 3


def test_a_stale_mapping_form_is_refused(client, owner, now):
    client.force_login(owner)
    upload(client, FOREIGN)
    response = client.post(reverse("import_mapping"), {**mapping(), "digest": "old"})
    assert "The file changed in another tab" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_the_mapping_page_without_a_file_goes_back_to_the_upload(client, owner):
    client.force_login(owner)
    response = client.get(reverse("import_mapping"))
    assert response["Location"] == reverse("import_invitations")


def test_a_stranger_never_sees_my_waiting_file(client, owner, stranger, now):
    client.force_login(owner)
    upload(client, FOREIGN)
    client.force_login(stranger)  # a new session
    assert client.get(reverse("import_mapping"))["Location"] == reverse("import_invitations")
    assert client.post(reverse("import_mapping"), mapping()).status_code == 302
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("name", ["import_invitations", "import_mapping"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_upload_page_shows_for_the_owner(client, owner):
    client.force_login(owner)
    response = client.get(reverse("import_invitations"))
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


# Reading times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2026-11-25 14:00", True, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)),
        ("25/11/2026 2pm", True, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)),
        ("2026-11-25T14:00:00-05:00", True, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)),
        ("2026-11-25T14:00:00Z", True, datetime(2026, 11, 25, 14, 0, tzinfo=UTC)),
        ("2026-03-04", True, datetime(2026, 3, 4, 5, 0, tzinfo=UTC)),  # never day-first
        ("2026/03/04 10:00", True, datetime(2026, 3, 4, 15, 0, tzinfo=UTC)),
        ("03/04/2026 10:00", True, datetime(2026, 4, 3, 14, 0, tzinfo=UTC)),  # EDT
        ("03/04/2026 10:00", False, datetime(2026, 3, 4, 15, 0, tzinfo=UTC)),
        ("Nov 25, 2026 2:00 PM", False, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)),
        ("25.11.2026 14:00", True, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)),
    ],
)
def test_common_time_formats_are_read_in_the_users_zone(text, dayfirst, expected):
    assert parse_time(text, NEW_YORK, dayfirst) == expected


@pytest.mark.parametrize("text", ["2pm", "tomorrow", "25/11", "2026-11-25 14:00 EST", "99/99/2026"])
def test_incomplete_or_unreadable_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_time(text, NEW_YORK)


def test_a_database_refusal_half_way_rolls_back_its_batch(client, owner, now, monkeypatch):
    from django.db import IntegrityError

    from pipeline import invitation_import

    def refuse(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed")

    # The invitations of the batch are written, then the database refuses its preparation.
    monkeypatch.setattr(invitation_import, "insert_values", refuse)
    client.force_login(owner)
    text = csv_text(INVITATION_HEADER, own_row(job_title="First"), own_row(job_title="Second"))
    response = upload(client, text)
    assert response.context["problems"] == [
        "Line 2: it breaks a rule of the database; nothing from this line on was imported."
    ]
    assert snapshot() == (0, 0, 0)


def test_an_upload_without_a_file_is_refused(client, owner):
    client.force_login(owner)
    response = client.post(reverse("import_invitations"), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("stash", [{"name": "x"}, "a string", ["text"], {"name": "x", "text": 1}])
def test_a_stashed_file_in_another_shape_asks_for_the_file_again(client, owner, stash):
    client.force_login(owner)
    session = client.session
    session["invitation_import"] = stash
    session.save()
    response = client.get(reverse("import_mapping"))
    assert response.status_code == 302
    assert response["Location"] == reverse("import_invitations")
    assert "invitation_import" not in client.session
