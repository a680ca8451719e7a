"""The one notification reader's public entry point: what it says about a notification
beside its fields, and what it refuses."""

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as email_policy

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from capture.message import MAX_MESSAGE_BYTES
from capture.reading import KINDS, read_notification
from capture.times import TimeReader
from tests.support.notification_samples import SAMPLES

from ..conftest import NOW


def reader(zone="America/New_York"):
    return User(username="reader", timezone=zone)


def message(body, subject="Invitation to interview: Logo refresh", **headers):
    mail = EmailMessage(policy=email_policy)
    mail["From"] = headers.get("sender", "Upwork <donotreply@upwork.com>")
    mail["To"] = "alice@example.com"
    mail["Subject"] = subject
    mail["Date"] = headers.get("date", "Tue, 24 Nov 2026 15:15:00 -0500")
    mail["Message-ID"] = headers.get("message_id", "<abc-123@upwork.example>")
    mail.set_content(body, cte=headers.get("cte", "quoted-printable"))
    return mail


INVITATION = 'Acme Corp has invited you to interview for the job "Logo refresh".\n'


def test_a_raw_message_gives_its_own_id_time_subject_and_sender(now):
    reading = read_notification(message(INVITATION).as_bytes(), reader())
    assert reading.kind == "invitation"
    assert reading.message_id == "abc-123@upwork.example"
    assert reading.sent_at == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)
    assert reading.subject == "Invitation to interview: Logo refresh"
    assert reading.sender == "Upwork <donotreply@upwork.com>"
    assert reading.fields["notified_at"] == reading.sent_at
    assert reading.fields["client_name"] == "Acme Corp"


def test_a_messages_source_pasted_as_text_is_read_as_the_message(now):
    source = message("Acme Corp has invited you to interview for the job " * 3 + '"Logo".\n')
    reading = read_notification(source.as_string(), reader())
    assert reading.message_id == "abc-123@upwork.example"
    assert reading.fields["job_title"] == "Logo"
    assert "Content-Transfer-Encoding" not in reading.source_text


def test_the_source_text_is_the_visible_text_without_markup(now):
    reading = read_notification(
        "<p><b>Acme Corp</b> has invited you to interview for the job &quot;Logo&quot;.</p>"
        "<script>alert(1)</script>",
        reader(),
    )
    assert reading.source_text == 'Acme Corp has invited you to interview for the job "Logo".'


def test_a_forwarded_blocks_date_is_read_on_the_users_clock(now):
    text = (
        "---------- Forwarded message ---------\nFrom: Upwork <donotreply@upwork.com>\n"
        "Date: Tue, Nov 24, 2026 at 3:15 PM\nSubject: Invitation to interview: Logo\n\n"
        + INVITATION
    )
    berlin = read_notification(text, reader("Europe/Berlin"))
    tokyo = read_notification(text, reader("Asia/Tokyo"))
    assert berlin.sent_at == datetime(2026, 11, 24, 14, 15, tzinfo=UTC)
    assert tokyo.sent_at == datetime(2026, 11, 24, 6, 15, tzinfo=UTC)


def test_a_forward_in_the_body_of_a_raw_message_dates_the_original_not_the_forward(now):
    body = (
        "Have a look.\n\n---------- Forwarded message ---------\n"
        "From: Upwork <donotreply@upwork.com>\nDate: Mon, Nov 23, 2026 at 9:05 AM\n"
        "Subject: Invitation to interview: Logo\n\n" + INVITATION
    )
    raw = message(body, subject="Fwd: Invitation to interview: Logo", date="Wed, 25 Nov 2026")
    reading = read_notification(raw.as_bytes(), reader())
    assert reading.fields["notified_at"] == datetime(2026, 11, 23, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (INVITATION, "invitation"),
        ('Acme Corp sent you an offer for "Logo".\nRate: $40/hr', "offer"),
        (
            'Acme Corp has withdrawn their invitation to interview for "Logo".',
            "invitation_withdrawn",
        ),
        ('The job "Logo" has been closed.', "job_closed"),
        ('Acme Corp has withdrawn the offer for "Logo".', "offer_withdrawn"),
        ('Your offer from Acme Corp for "Logo" has expired.', "offer_expired"),
        ("Your contract with Acme Corp has started.", "contract_started"),
        ("Five tips for a better profile.", "unknown"),
    ],
)
def test_each_kind_of_mail_is_recognised_and_named(now, text, kind):
    reading = read_notification(text, reader())
    assert reading.kind == kind
    assert reading.recognised == kind


def test_a_page_that_expects_a_kind_reads_it_as_that_and_still_says_what_it_looked_like(now):
    reading = read_notification(
        'Acme Corp sent you an offer for "Logo".', reader(), kind="invitation"
    )
    assert reading.kind == "invitation"
    assert reading.recognised == "offer"


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        read_notification(INVITATION, reader(), kind="newsletter")
    assert "unknown" in KINDS


def test_an_unread_field_is_empty_with_a_note_never_a_guess(now):
    reading = read_notification("Acme Corp has invited you to interview.", reader())
    assert reading.fields == {"client_name": "Acme Corp"}
    assert set(reading.notes) == {"job_title", "job_url", "notified_at", "message"}


def test_the_person_writing_for_the_client_is_the_contact_and_the_company_the_client(now):
    reading = read_notification(
        "Sarah Mitchell from FitTrack Labs has invited you to interview for the following job:"
        "\n\nMobile app onboarding redesign\n",
        reader(),
    )
    assert reading.fields["client_name"] == "FitTrack Labs"
    assert reading.fields["job_title"] == "Mobile app onboarding redesign"
    assert reading.contact == "Sarah Mitchell"
    assert "Sarah Mitchell" in reading.notes["client_name"]


def test_an_offer_without_an_expiry_leaves_it_empty_with_a_note(now):
    reading = read_notification(
        message(
            "Acme Corp sent you an offer.\nHourly rate: $40/hr\n", subject="New offer"
        ).as_bytes(),
        reader(),
    )
    assert "expires_at" not in reading.fields
    assert reading.notes["expires_at"].startswith("No expiry found")


def test_an_expiry_in_days_counts_from_the_offers_own_time_not_from_now(now):
    sent = "Mon, 23 Nov 2026 12:00:00 +0000"
    reading = read_notification(
        message(
            "Acme Corp sent you an offer.\nHourly rate: $40/hr\nThis offer expires in 7 days.\n",
            subject="New offer",
            date=sent,
        ).as_bytes(),
        reader(),
    )
    assert reading.fields["received_at"] == NOW - timedelta(days=2)
    assert reading.fields["expires_at"] == NOW + timedelta(days=5)


# What is refused -------------------------------------------------------------------------


def test_a_raw_message_too_large_is_refused_with_its_size():
    raw = message("x" * 100).as_bytes() + b"y" * MAX_MESSAGE_BYTES
    with pytest.raises(ValidationError) as error:
        read_notification(raw, reader())
    assert error.value.code == "too_large"
    assert "at most 2.0 MB" in error.value.messages[0]


def test_a_message_with_thousands_of_parts_is_refused_before_it_is_parsed():
    parts = b"".join(b"--B\nContent-Type: text/plain\n\npart %d\n" % n for n in range(5000))
    raw = b'From: x@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"'
    with pytest.raises(ValidationError) as error:
        read_notification(raw + b"\n\n" + parts + b"--B--\n", reader())
    assert error.value.code == "too_many_parts"


def test_binary_bytes_are_refused_as_not_text():
    with pytest.raises(ValidationError) as error:
        read_notification(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, reader())
    assert error.value.code == "binary"


def test_a_message_forwarded_inside_itself_past_the_limit_reads_nothing():
    raw = (SAMPLES / "hostile_nesting_bomb.eml").read_bytes()
    reading = read_notification(raw, reader())
    assert reading.kind == "unknown"
    assert reading.fields == {}
    assert "forwarded inside itself" in reading.notes["message"]


# The dateparser fallback -----------------------------------------------------------------


def test_the_fallback_counts_from_the_base_it_is_given(now):
    times = TimeReader(reader("Europe/Rome"))
    base = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    (moment,) = times.fallback("3 ore fa", base=base)
    assert moment.value == base - timedelta(hours=3)


@pytest.mark.parametrize(
    "phrase", ["12 marzo 2150", "il y a 3 heures UTC+99", "Nov 24, 2026 at 3:15 PM +25:00"]
)
def test_the_fallback_never_takes_what_the_projects_rules_refuse(now, phrase):
    assert TimeReader(reader("Europe/Rome")).fallback(phrase) == []
