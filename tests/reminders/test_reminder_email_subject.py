"""A reminder's subject is sent as RFC 2047 encoded words that read back exactly as written."""

import email
import email.policy
from email.header import decode_header
from types import SimpleNamespace

import pytest
from django.core.mail import BadHeaderError

from reminders.delivery import Message, email_for, encoded_subject

SUBJECTS = [
    "Start your interview with Zoë Łukasiewicz 株式会社 — 2 h left, closes Wed 11 Mar 11:00 EDT",
    "Offer from Ωmega — expires in 3 days",
    "€" * 13 + "x" + "€" * 40,  # three-byte characters on both sides of a word's end
    "🙂" * 30,  # four-byte characters
    "Ω" * 300,
    "é",
]


def sent(title):
    message = Message(title=title, body="Body", url="/invitations/1/")
    user = SimpleNamespace(pk=1, timezone="UTC", email="alice@example.com")
    return email_for([(SimpleNamespace(pk=1, kind="proposal_followup"), message)], user)


@pytest.mark.parametrize("title", SUBJECTS)
def test_each_encoded_word_holds_whole_characters_and_fits_a_header_line(title):
    words = encoded_subject(title).split(" ")
    decoded = []
    for word in words:
        assert len(word) <= 75  # RFC 2047's limit for one encoded word
        ((raw, charset),) = decode_header(word)
        assert charset == "utf-8"
        decoded.append(raw.decode("utf-8"))  # raises if a character was cut in two
    assert "".join(decoded) == title


@pytest.mark.parametrize("title", SUBJECTS)
def test_the_sent_subject_reads_back_as_written_on_lines_of_at_most_78(title):
    raw = sent(title).message().as_bytes()
    head = raw.split(b"\n\n", 1)[0].decode("ascii")
    # The unsubscribe link is one URL, which no header folding may break (RFC 2369 asks
    # mail programs to tolerate that, not all do): it stays whole, within RFC 5322's 998.
    lines = [line for line in head.splitlines() if "/reminders/unsubscribe/" not in line]
    assert max(len(line) for line in lines) <= 78
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == title


def test_an_ascii_subject_stays_readable():
    raw = sent("Follow up with Acme").message().as_bytes()
    assert b"\nSubject: Follow up with Acme\n" in raw


@pytest.mark.parametrize("title", ["Zoë\nBcc: someone@example.com", "Zoë\rX", "Acme\nBcc: x"])
def test_a_line_break_in_the_subject_is_refused_as_django_refuses_it(title):
    with pytest.raises(BadHeaderError):
        sent(title).message()
