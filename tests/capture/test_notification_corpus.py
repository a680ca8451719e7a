"""The notification corpus: every sample read by the one reader, every field checked.

Each sample under tests/fixtures/notifications/ has a sidecar `.json` with its kind, the
fields it must give, and the fields that must stay empty (with a note). A field read with a
value the sidecar does not give is a wrong value, and fails the test as surely as a miss.
"""

import contextlib
import json
import time
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import User
from capture.reading import read_notification
from tests.support.notification_samples import SAMPLES, expected_fields

SIDECARS = sorted(SAMPLES.glob("*.json"))


def source_of(sidecar):
    (source,) = [p for p in SAMPLES.glob(f"{sidecar.stem}.*") if p.suffix != ".json"]
    # A raw message is read as the bytes it is; a paste as the text the user had.
    return source.read_bytes() if source.suffix == ".eml" else source.read_text(encoding="utf-8")


def read_sample(sidecar):
    expected = json.loads(sidecar.read_text(encoding="utf-8"))
    user = User(username="reader", timezone=expected["timezone"])
    with time_machine.travel(datetime.fromisoformat(expected["now"]), tick=False):
        try:
            return expected, read_notification(source_of(sidecar), user)
        except ValidationError as error:
            return expected, error


def compare(expected, reading):
    """`(right, total, wrong)`: fields right out of those checked, and what was wrong."""
    if "refused" in expected:
        refused = isinstance(reading, ValidationError) and reading.code == expected["refused"]
        return int(refused), 1, [] if refused else [("refused", expected["refused"], reading)]
    if isinstance(reading, ValidationError):
        return 0, 1, [("read", "a reading", reading.messages)]
    want = expected_fields(expected)
    right, wrong = 0, []
    if reading.kind == expected["kind"]:
        right += 1
    else:
        wrong.append(("kind", expected["kind"], reading.kind))
    for name, value in want.items():
        if reading.fields.get(name) == value:
            right += 1
        else:
            wrong.append((name, value, reading.fields.get(name)))
    for name in expected["notes"]:
        if name in want:
            continue  # a note beside a value read (the contact person, an expiry passed)
        if name not in reading.fields and name in reading.notes:
            right += 1
        else:
            wrong.append((name, "empty, with a note", reading.fields.get(name)))
    for name, value in reading.fields.items():
        if name not in want:
            wrong.append((name, "empty", value))
    for name, value in expected.get("reading", {}).items():
        got = getattr(reading, name)
        if name == "sent_at":
            value = datetime.fromisoformat(value)
        if got == value:
            right += 1
        else:
            wrong.append((name, value, got))
    total = 1 + len(want) + len([n for n in expected["notes"] if n not in want])
    return right, total + len(expected.get("reading", {})), wrong


def test_the_corpus_is_large_and_covers_every_kind_and_shape():
    kinds = {json.loads(s.read_text(encoding="utf-8"))["kind"] for s in SIDECARS}
    suffixes = {p.suffix for p in SAMPLES.iterdir()}
    assert len(SIDECARS) >= 60
    assert kinds >= {
        "invitation",
        "offer",
        "invitation_withdrawn",
        "job_closed",
        "offer_withdrawn",
        "offer_expired",
        "contract_started",
        "unknown",
    }
    assert suffixes >= {".txt", ".html", ".eml", ".json"}


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[s.stem for s in SIDECARS])
def test_each_sample_gives_its_fields_and_no_wrong_value(sidecar):
    expected, reading = read_sample(sidecar)
    right, total, wrong = compare(expected, reading)
    assert wrong == [], f"{sidecar.stem}: {right}/{total} right; wrong: {wrong}"


def test_the_share_of_fields_right_and_the_pace_are_printed(capsys):
    right = total = 0
    for sidecar in SIDECARS:
        expected, reading = read_sample(sidecar)
        got, out_of, _ = compare(expected, reading)
        right, total = right + got, total + out_of
    # The pace of a warm process (modules loaded, patterns compiled), reading only.
    loaded = [(json.loads(s.read_text(encoding="utf-8")), source_of(s)) for s in SIDECARS]
    started = time.perf_counter()
    for expected, source in loaded:
        user = User(username="reader", timezone=expected["timezone"])
        with contextlib.suppress(ValidationError):
            read_notification(source, user, now=datetime.fromisoformat(expected["now"]))
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\nNotification corpus: {right}/{total} fields right ({right / total:.1%}) "
            f"in {len(SIDECARS)} samples; {len(SIDECARS) / elapsed:.0f} notifications/s"
        )
    assert right == total
