"""The sample notifications under tests/fixtures/notifications/, each with its expected fields.

Each sample `NAME.txt` or `NAME.html` has a sidecar `NAME.json`: the kind (invitation or
offer), the instant and the user's time zone to read it at, the fields expected (times as ISO
strings with their offset, amounts as strings) and the fields expected to carry a note.
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
        cases.append(pytest.param(source, expected, id=sidecar.stem))
    return cases


def _typed(name, value):
    if name in ("notified_at", "received_at", "expires_at"):
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
