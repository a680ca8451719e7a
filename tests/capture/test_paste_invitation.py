"""Paste to record, invitations: a pasted notification pre-fills the form and saves nothing."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from capture.invitation import extract_invitation
from capture.text import MAX_PASTE_CHARS, html_to_text, read_paste
from interviews.models import Client, Invitation
from kit.prefill import pasted_initial
from tests.support.instants import NOW
from tests.support.notification_samples import SAMPLES, expected_fields, sample_cases


def reader(zone):
    return User(username="reader", timezone=zone)


# The samples ---------------------------------------------------------------------------


def test_the_sample_set_covers_what_the_issue_asks_for():
    cases = sample_cases("invitation") + sample_cases("offer")
    names = {case.id for case in cases}
    assert len(cases) >= 10
    assert {p.suffix for p in SAMPLES.iterdir()} >= {".txt", ".html", ".json"}
    assert any("forwarded" in n for n in names)
    assert any("german" in n or "spanish" in n for n in names)
    assert any("missing" in n for n in names)
    assert any("hostile" in n for n in names)


@pytest.mark.parametrize(("source", "expected"), sample_cases("invitation"))
def test_each_sample_invitation_yields_its_expected_fields(source, expected):
    with time_machine.travel(datetime.fromisoformat(expected["now"]), tick=False):
        extraction = extract_invitation(
            source.read_text(encoding="utf-8"), reader(expected["timezone"])
        )
    assert extraction.fields == expected_fields(expected)
    assert sorted(extraction.notes) == sorted(expected["notes"])


def test_a_missing_field_gets_a_note_a_person_can_act_on():
    extraction = extract_invitation(
        (SAMPLES / "invitation_missing_fields.txt").read_text(), reader("UTC"), now=NOW
    )
    assert extraction.notes["job_url"] == "No job link found — paste it from the job page."
    assert extraction.notes["client_name"] == "No client name found — type the client's name."
    assert "job_url" not in extraction.fields


def test_hostile_html_leaves_no_script_or_markup_in_any_field():
    extraction = extract_invitation(
        (SAMPLES / "invitation_hostile.html").read_text(), reader("UTC"), now=NOW
    )
    for value in extraction.fields.values():
        text = str(value).lower()
        for trace in ("<", "script", "alert", "javascript", "evil", "onerror", "cookie"):
            assert trace not in text


# Times ---------------------------------------------------------------------------------

NEW_YORK_CASES = [
    # NOW is Wed 25 Nov 2026 12:00 UTC, 07:00 in New York (EST, UTC-5).
    ("Invited 2 hours ago", NOW - timedelta(hours=2)),
    ("Sent 45 minutes ago", NOW - timedelta(minutes=45)),
    ("Received an hour ago", NOW - timedelta(hours=1)),
    ("Received yesterday", datetime(2026, 11, 24, 12, 0, tzinfo=UTC)),
    ("Received yesterday at 3:15 PM", datetime(2026, 11, 24, 20, 15, tzinfo=UTC)),
    ("Received today at 6:00", datetime(2026, 11, 25, 11, 0, tzinfo=UTC)),
    ("Sent Nov 24, 2026 3:15 PM", datetime(2026, 11, 24, 20, 15, tzinfo=UTC)),
    ("Sent 24/11/2026 15:15", datetime(2026, 11, 24, 20, 15, tzinfo=UTC)),
    ("Sent 2026-11-24 15:15", datetime(2026, 11, 24, 20, 15, tzinfo=UTC)),
    ("Sent Nov 24, 2026 3:15 PM UTC", datetime(2026, 11, 24, 15, 15, tzinfo=UTC)),
    ("Sent Nov 24 at 3:15 PM", datetime(2026, 11, 24, 20, 15, tzinfo=UTC)),
    # No year and later in the year than now: the latest such day, last year.
    ("Sent Dec 24 at 3:15 PM", datetime(2025, 12, 24, 20, 15, tzinfo=UTC)),
]


@pytest.mark.parametrize(("phrase", "instant"), NEW_YORK_CASES)
def test_times_are_read_in_the_users_own_zone(now, phrase, instant):
    extraction = extract_invitation(f"Job: Logo design\n{phrase}", reader("America/New_York"))
    assert extraction.fields["notified_at"] == instant
    assert "notified_at" not in extraction.notes


def test_yesterday_is_a_wall_clock_day_across_a_daylight_saving_change():
    # Berlin left summer time at 03:00 on Sun 25 Oct 2026; it is now 13:00 there (CET).
    with time_machine.travel(datetime(2026, 10, 25, 12, 0, tzinfo=UTC), tick=False):
        at_time = extract_invitation("Received yesterday at 3:15 PM", reader("Europe/Berlin"))
        alone = extract_invitation("Received yesterday", reader("Europe/Berlin"))
    # 15:15 CEST (UTC+2) the day before; "yesterday" alone is 13:00 CEST, 25 hours ago.
    assert at_time.fields["notified_at"] == datetime(2026, 10, 24, 13, 15, tzinfo=UTC)
    assert alone.fields["notified_at"] == datetime(2026, 10, 24, 11, 0, tzinfo=UTC)


def test_german_and_spanish_relative_phrasings_are_read(now):
    german = extract_invitation("Einladung erhalten vor 3 Stunden", reader("Europe/Berlin"))
    spanish = extract_invitation("Recibida ayer a las 15:15", reader("Europe/Madrid"))
    assert german.fields["notified_at"] == NOW - timedelta(hours=3)
    assert spanish.fields["notified_at"] == datetime(2026, 11, 24, 14, 15, tzinfo=UTC)


def test_a_time_in_the_future_is_not_taken_but_noted(now):
    # 09:00 today in New York is two hours from now.
    extraction = extract_invitation("Received today at 9:00", reader("America/New_York"))
    assert "notified_at" not in extraction.fields
    assert extraction.notes["notified_at"] == (
        "The time found (Wed 25 Nov 2026 09:00 EST) is in the future — "
        "enter when the invitation arrived."
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "Sent Nov 24, 2026 at 3:15 PM IST",
        "Sent 24 November 2026 15:15 JST",
        "Sent Nov 24, 2026 at 9:00 AM PT",
        "Sent Nov 24, 2026 at 9:00 AM Pacific Time",
    ],
)
def test_a_time_in_a_zone_that_cannot_be_read_is_not_taken_but_noted(now, phrase):
    # Read in the user's own zone instead, each would be hours off without a word.
    extraction = extract_invitation(f"Job: Logo design\n{phrase}", reader("Europe/Berlin"))
    assert "notified_at" not in extraction.fields
    assert extraction.notes["notified_at"].startswith("The time found (")
    assert extraction.notes["notified_at"].endswith(
        ") names a time zone that could not be read — enter when the invitation arrived."
    )


@pytest.mark.parametrize("label", ["Your Time", "(Your Time)"])
def test_a_time_said_to_be_on_the_readers_own_clock_is_read_on_it(now, label):
    extraction = extract_invitation(
        f"Job: Logo design\nSent Nov 24, 2026 at 3:15 PM {label}", reader("Europe/Berlin")
    )
    assert extraction.fields["notified_at"] == datetime(2026, 11, 24, 14, 15, tzinfo=UTC)


def test_a_date_without_a_time_is_not_taken_but_noted(now):
    extraction = extract_invitation("Sent Nov 24, 2026", reader("America/New_York"))
    assert "notified_at" not in extraction.fields
    assert extraction.notes["notified_at"].startswith("Only a date was found (24 Nov 2026)")


def test_when_the_job_was_posted_is_not_taken_for_the_invitation(now):
    extraction = extract_invitation(
        "Posted 3 days ago\nInvited 2 hours ago", reader("America/New_York")
    )
    assert extraction.fields["notified_at"] == NOW - timedelta(hours=2)


# Job links -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://www.upwork.com/jobs/~01abc?source=email", "https://www.upwork.com/jobs/~01abc"),
        (
            "Apply: https://www.upwork.com/freelance-jobs/apply/Logo-design_~01abc/",
            "https://www.upwork.com/freelance-jobs/apply/Logo-design_~01abc/",
        ),
        (
            "Job post: https://jobs.example.org/listing/4821.",
            "https://jobs.example.org/listing/4821",
        ),
        # A link with no job wording near it, an insecure one, and a script are never taken.
        ("Our website: https://acme.example.com/about", None),
        ("Job link: http://www.upwork.com/jobs/~01abc", None),
        ('<a href="javascript:alert(1)">View job</a>', None),
    ],
)
def test_job_links_are_found_and_only_safe_https_ones(text, url):
    extraction = extract_invitation(text, reader("UTC"), now=NOW)
    assert extraction.fields.get("job_url") == url


def test_the_marketplace_job_link_wins_over_other_links_near_job_wording():
    text = (
        "Job help centre: https://support.example.com/jobs-help\n"
        "View job: https://www.upwork.com/jobs/~01right\n"
    )
    extraction = extract_invitation(text, reader("UTC"), now=NOW)
    assert extraction.fields["job_url"] == "https://www.upwork.com/jobs/~01right"


# Input that is not a notification ---------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  ", None])
def test_empty_input_is_refused(text):
    with pytest.raises(ValidationError) as error:
        extract_invitation(text, reader("UTC"), now=NOW)
    assert error.value.messages == ["Paste the text of the notification first."]


def huge_notification():
    """A real invitation with a job description pasted under it thousands of times."""
    head = (SAMPLES / "invitation_email_plain.txt").read_text()
    filler = "We need a dashboard that shows every shipment, every day, in every warehouse. "
    return head + filler * (MAX_PASTE_CHARS // len(filler) + 10)


def test_huge_input_is_refused_with_its_size():
    text = huge_notification()
    assert len(text) > MAX_PASTE_CHARS
    with pytest.raises(ValidationError) as error:
        extract_invitation(text, reader("UTC"), now=NOW)
    (message,) = error.value.messages
    assert message.startswith(f"That is too long to be a notification ({len(text):,} characters")
    assert "at most 100,000" in message


def test_long_input_just_within_the_limit_is_still_read():
    text = huge_notification()[: MAX_PASTE_CHARS - 10]
    extraction = extract_invitation(text, reader("America/New_York"), now=NOW)
    assert extraction.fields["client_name"] == "Northwind Logistics"


@pytest.mark.parametrize(
    "text",
    [
        "Invitation\x00to interview",
        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) * 3 + "Job: Logo",
        "Job: Logo \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd",
    ],
    ids=["nul-byte", "png-header", "control-characters", "replacement-characters"],
)
def test_binary_junk_is_refused(text):
    with pytest.raises(ValidationError) as error:
        extract_invitation(text, reader("UTC"), now=NOW)
    assert error.value.messages[0].startswith("That does not look like text")


def test_a_stray_control_character_in_real_text_is_dropped_not_refused():
    extraction = extract_invitation(
        "Client: Acme\x07 Corp\nJob: Logo design\nInvited 2 hours ago", reader("UTC"), now=NOW
    )
    assert extraction.fields["client_name"] == "Acme Corp"


def test_html_is_reduced_to_its_visible_text():
    markup = (
        "<style>p { color: red }</style><p>Tom &amp; Jerry&rsquo;s&nbsp;Caf&eacute;</p>"
        "<script>alert('x')</script><p>Second<br>line <a href='https://a.example/j'>here</a></p>"
    )
    lines = [line.strip() for line in html_to_text(markup).splitlines() if line.strip()]
    assert lines == ["Tom & Jerry’s Café", "Second", "line here <https://a.example/j>"]


def test_forwarded_mail_noise_is_taken_out_and_the_innermost_headers_kept():
    pasted = read_paste(
        "From: Me <me@example.com>\nDate: Wed, Nov 25, 2026 at 8:00 AM\nSubject: Fwd: Fw: Hi\n\n"
        "---------- Forwarded message ---------\n"
        "> From: Upwork <donotreply@upwork.com>\n> Date: Mon, Nov 23, 2026 at 9:05 AM\n"
        "> Subject: Invitation to interview: Logo\n>\n> >> Hello there\n"
    )
    assert pasted.lines == ["Hello there"]
    assert pasted.headers["date"] == "Mon, Nov 23, 2026 at 9:05 AM"
    assert pasted.headers["subject"] == "Invitation to interview: Logo"


def test_a_reply_quote_line_dates_the_quoted_notification(now):
    text = (
        "Worth a look?\n\n"
        "On Tue, Nov 24, 2026 at 3:15 PM Upwork <donotreply@upwork.com> wrote:\n"
        '> Acme Corp has invited you to interview for the job "Logo design".\n'
    )
    extraction = extract_invitation(text, reader("America/New_York"))
    assert extraction.fields["notified_at"] == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)
    assert extraction.fields["client_name"] == "Acme Corp"
    assert extraction.fields["job_title"] == "Logo design"


# The session copy ------------------------------------------------------------------------


def test_the_session_copy_is_json_and_reads_back_to_form_values():
    extraction = extract_invitation(
        (SAMPLES / "invitation_email_plain.txt").read_text(), reader("America/New_York"), now=NOW
    )
    stored = extraction.to_session()
    assert stored["fields"]["notified_at"] == "2026-11-24T20:15:00+00:00"
    request = SimpleNamespace(session={"pasted_invitation": stored})

    initial, notes = pasted_initial(request, "pasted_invitation")

    assert initial == extraction.fields
    assert notes == extraction.notes
    # Kept for a reload of the form, until the record is saved or the blank form opened.
    assert pasted_initial(request, "pasted_invitation") == (initial, notes)


@pytest.mark.parametrize(
    "stored",
    [None, "junk", {"fields": {"notified_at": "not a time"}}, {"fields": ["x"], "notes": 3}],
)
def test_a_malformed_session_copy_is_dropped(stored):
    request = SimpleNamespace(session={"pasted_invitation": stored})
    assert pasted_initial(request, "pasted_invitation") == ({}, {})


# The paste page ------------------------------------------------------------------------

PASTE_URL = "/invitations/paste/"


def database_rows():
    return Invitation.objects.count(), Client.objects.count()


def test_the_paste_page_is_at_its_address_and_name():
    assert reverse("invitation_paste") == PASTE_URL


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(PASTE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(PASTE_URL, {"text": "Job: Logo"}).status_code == 302
    assert "pasted_invitation" not in client.session


def test_the_owner_sees_a_labelled_text_box(client, owner):
    client.force_login(owner)
    response = client.get(PASTE_URL)
    assert response.status_code == 200
    assert b'<label for="id_text">Notification text' in response.content
    assert b"<textarea" in response.content


def test_pasting_stores_the_values_in_the_session_and_goes_to_the_new_form(client, owner, now):
    client.force_login(owner)
    text = (SAMPLES / "invitation_email_plain.txt").read_text()

    response = client.post(PASTE_URL, {"text": text})

    assert response.status_code == 302
    assert response["Location"] == "/invitations/new/?pasted=1"
    stored = client.session["pasted_invitation"]
    assert stored["fields"]["client_name"] == "Northwind Logistics"
    assert stored["fields"]["notified_at"] == "2026-11-24T20:15:00+00:00"
    assert stored["notes"] == {}
    assert database_rows() == (0, 0)
    initial, _ = pasted_initial(SimpleNamespace(session=client.session), "pasted_invitation")
    assert initial["notified_at"] == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)


def test_what_could_not_be_read_goes_along_as_notes(client, owner, now):
    client.force_login(owner)
    client.post(PASTE_URL, {"text": "New invitation to interview: Logo refresh"})
    stored = client.session["pasted_invitation"]
    assert stored["fields"] == {"job_title": "Logo refresh"}
    assert set(stored["notes"]) == {"client_name", "job_url", "notified_at", "message"}


def test_the_message_after_pasting_says_how_many_fields_were_read(client, owner, now):
    client.force_login(owner)
    response = client.post(
        PASTE_URL, {"text": "New invitation to interview: Logo refresh"}, follow=True
    )
    assert "Read 1 field from the notification. Check them" in response.content.decode()


def test_a_paste_with_nothing_readable_says_so_instead_of_asking_to_check_it(client, owner, now):
    client.force_login(owner)
    response = client.post(PASTE_URL, {"text": "hello there, nothing here"}, follow=True)
    body = response.content.decode()
    assert "Read 0 fields" not in body
    assert "Nothing could be read from the pasted text. Fill in the form yourself" in body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the text of the notification first."),
        ("\x00\x01\x02 binary", "That does not look like text"),
        ("x" * (MAX_PASTE_CHARS + 1), "That is too long to be a notification (100,001 characters"),
    ],
    ids=["empty", "binary", "huge"],
)
def test_bad_input_is_shown_in_the_page_and_nothing_is_stored(client, owner, text, message):
    client.force_login(owner)
    response = client.post(PASTE_URL, {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "pasted_invitation" not in client.session
    assert database_rows() == (0, 0)


def test_a_refused_hostile_paste_is_shown_back_escaped(client, owner):
    client.force_login(owner)
    response = client.post(PASTE_URL, {"text": "<script>alert(1)</script>\x00"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_paste_page_takes_only_get_and_post(client, owner):
    client.force_login(owner)
    assert client.put(PASTE_URL).status_code == 405


def test_one_users_paste_never_reaches_another_user(client, owner, stranger, now):
    client.force_login(owner)
    client.post(PASTE_URL, {"text": "Client: Acme\nJob: Logo"})
    client.logout()
    client.force_login(stranger)
    assert "pasted_invitation" not in client.session
