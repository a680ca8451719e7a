"""The sample notifications under tests/fixtures/notifications/, each with its expected fields.

Each sample `NAME.txt`, `NAME.html` or `NAME.eml` (a raw message) has a sidecar `NAME.json`:
the kind (invitation, offer, a status change, unknown, or "refused" for input that is no
notification at all), the instant and the user's time zone to read it at, the fields expected
(times as ISO strings with their offset, amounts as strings), the fields that must stay empty
and carry a note, and optionally `reading` (the message's own Message-ID, time, subject,
sender, or the contact person) and `refused` (the refusal's code).
"""

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "notifications"


def sample_cases(kind):
    cases = []
    for sidecar in sorted(SAMPLES.glob("*.json")):
        expected = json.loads(sidecar.read_text(encoding="utf-8"))
        if expected["kind"] != kind:
            continue
        (source,) = [p for p in SAMPLES.glob(f"{sidecar.stem}.*") if p.suffix != ".json"]
        if not _is_utf8(source):
            # A paste is text; a raw message sent in another charset is read as the bytes it
            # is, by the corpus test (tests/capture/test_notification_corpus.py).
            continue
        cases.append(pytest.param(source, expected, id=sidecar.stem))
    return cases


def _is_utf8(path):
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _typed(name, value):
    if name in ("notified_at", "received_at", "expires_at", "sent_at"):
        return datetime.fromisoformat(value)
    if name == "start_date":
        return date.fromisoformat(value)
    if name == "amount":
        return Decimal(value)
    if name == "milestones":
        return [
            {
                "title": m["title"],
                "amount": Decimal(m["amount"]),
                "due_date": date.fromisoformat(m["due_date"]) if m["due_date"] else None,
            }
            for m in value
        ]
    return value


def expected_fields(expected):
    return {name: _typed(name, value) for name, value in expected["fields"].items()}
