"""How fast the product takes data in: a CSV import in the queue, the notification reader on
its corpus, and `fetch_mail` from an IMAP server on loopback.

Each runs the product's own code in process, the way the queue or cron would call it, for a
user of its own made for the run.
"""

import contextlib
import csv
import gc
import hashlib
import io
import json
import random
import shutil
import tempfile
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from capture.models import InboundMessage
from capture.reading import read_notification
from pipeline import invitation_import
from pipeline.models import ImportJob
from pipeline.tasks import run_import

from .seed import KINDS_OF, NAMES, TITLES

CORPUS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "notifications"
READER_ROUNDS = 5
HEADER = ["Client", "Company", "Job title", "Job URL", "Message", "Notified at", "Started at",
          "Completed at", "Declined at", "Decline reason", "Archived at"]  # fmt: skip
# How the imported history ended: only ends that leave no reminder pending, so that the
# imported users never add to the sweep's due rows, whenever this phase runs.
ENDS = [("completed", 0.55), ("declined", 0.25), ("archived", 0.20)]


def bench_user(prefix):
    """A user of its own for one run, in a zone with a clock change."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    return User.objects.create_user(name, f"{name}@example.com", timezone="Europe/Berlin")


# CSV import ------------------------------------------------------------------------------


def written(value, zone):
    """A cell as another tracker writes it: times on the user's clock with their offset
    (a local time alone may fall in a clock change, which the import rightly refuses)."""
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat(sep=" ", timespec="minutes")
    return value


def csv_rows(count, rng, now, zone):
    """`count` invitations of another tracker's file: a client among some dozens, a job,
    when it came and how it ended, months to two years ago."""
    start_window = settings.INTERVIEW_START_WINDOW
    completion_window = settings.INTERVIEW_COMPLETION_WINDOW
    clients = max(10, count // 20)
    ends, weights = zip(*ENDS, strict=True)
    for number in range(count):
        client = number * 7919 % clients
        notified = now - timedelta(days=60 + rng.uniform(0, 670))
        notified = notified.replace(second=0, microsecond=0)
        row = {
            "Client": f"{NAMES[client % len(NAMES)]} {KINDS_OF[client % len(KINDS_OF)]} {client}",
            "Company": f"{NAMES[client % len(NAMES)]} Inc.",
            "Job title": rng.choice(TITLES),
            "Job URL": f"https://www.upwork.com/jobs/~{rng.getrandbits(40):x}",
            "Message": "Hi, I came across your profile and would like to invite you.",
            "Notified at": notified,
        }
        end = rng.choices(ends, weights)[0]
        if end == "completed":
            started = notified + start_window * rng.uniform(0.01, 0.9)
            row["Started at"] = started
            row["Completed at"] = started + completion_window * rng.uniform(0.05, 0.9)
        elif end == "declined":
            row["Declined at"] = notified + start_window * rng.uniform(0.01, 0.9)
            row["Decline reason"] = "The budget is too low for the scope."
        else:
            row["Archived at"] = notified + start_window * rng.uniform(0.01, 0.9)
        yield [written(row[name], zone) if name in row else "" for name in HEADER]


def csv_files(rows, zone, seed=26):
    """The CSV text of `rows` invitations, as files the upload accepts: none over the
    product's limits on rows and bytes (a larger file is refused at upload, to be split)."""
    rng, now = random.Random(seed), timezone.now()
    files, buffer, writer, count = [], None, None, 0

    def start():
        out = io.StringIO()
        out_writer = csv.writer(out, lineterminator="\n")
        out_writer.writerow(HEADER)
        return out, out_writer

    for cells in csv_rows(rows, rng, now, ZoneInfo(zone)):
        if buffer is None:
            buffer, writer = start()
            count = 0
        writer.writerow(cells)
        count += 1
        full = count >= invitation_import.MAX_ROWS
        # Room for one more row of about this size, in UTF-8 bytes.
        near = buffer.tell() * 1.05 + 400 >= invitation_import.MAX_FILE_BYTES
        if full or near:
            files.append((buffer.getvalue(), count))
            buffer = None
    if buffer is not None:
        files.append((buffer.getvalue(), count))
    return files


def queued_job(owner, text, rows, number):
    """The job the upload and column pages leave for the queue: columns as guessed."""
    sheet = invitation_import.read_sheet(text)
    return ImportJob.objects.create(
        owner=owner,
        file_name=f"history-{number}.csv",
        text=text,
        digest=hashlib.sha256(text.encode()).hexdigest()[:32],
        rows_total=rows,
        mapping=sheet.guess_mapping(),
        dayfirst=False,
        state=ImportJob.State.QUEUED,
    )


def import_run(rows, trace=False):
    """Import `rows` invitations for a new user, each file as the queue runs its job:
    seconds, peak traced memory, and the files it took."""
    owner = bench_user("bench-import")
    files = csv_files(rows, owner.timezone)
    jobs = [queued_job(owner, text, count, n) for n, (text, count) in enumerate(files, 1)]
    del files
    gc.collect()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    for job in jobs:
        run_import(job.pk)
    seconds = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    done = ImportJob.objects.filter(pk__in=[job.pk for job in jobs])
    created = sum(done.values_list("invitations_created", flat=True))
    if created != rows or done.exclude(state=ImportJob.State.DONE).exists():
        states = list(done.values_list("state", "problems"))
        raise RuntimeError(f"the import created {created} of {rows}: {states[:3]}")
    return {"seconds": seconds, "peak_bytes": peak, "jobs": len(jobs)}


def measure_import(rows):
    """A CSV of `rows` invitations through the queue's import task, and its peak memory at
    `rows` against a tenth of them."""
    timed = import_run(rows)
    small = import_run(max(1, rows // 10), trace=True)
    large = import_run(rows, trace=True)
    return {
        "rows": rows,
        "jobs": timed["jobs"],
        "rows_per_job": invitation_import.MAX_ROWS,
        "seconds": timed["seconds"],
        "rows_per_second": rows / timed["seconds"],
        "peak_memory_small_bytes": small["peak_bytes"],
        "peak_memory_large_bytes": large["peak_bytes"],
        "peak_memory_growth": large["peak_bytes"] / small["peak_bytes"] - 1,
    }


# The notification reader ------------------------------------------------------------------


def corpus():
    """`(source, zone, now)` of every sample in the corpus: a raw message as its bytes, a
    paste as its text, read at the instant and in the zone its sidecar names."""
    samples = []
    for sidecar in sorted(CORPUS.glob("*.json")):
        expected = json.loads(sidecar.read_text(encoding="utf-8"))
        (path,) = [p for p in CORPUS.glob(f"{sidecar.stem}.*") if p.suffix != ".json"]
        source = path.read_bytes() if path.suffix == ".eml" else path.read_text(encoding="utf-8")
        samples.append((source, expected["timezone"], datetime.fromisoformat(expected["now"])))
    return samples


def measure_reader(rounds=READER_ROUNDS):
    """`read_notification` over the whole corpus, `rounds` times, in a warm process."""
    samples = corpus()
    users = {zone: User(username="reader", timezone=zone) for _, zone, _ in samples}
    for source, zone, now in samples:  # a first pass loads modules and compiles patterns
        with contextlib.suppress(ValidationError):
            read_notification(source, users[zone], now=now)
    started = time.perf_counter()
    for _ in range(rounds):
        for source, zone, now in samples:
            with contextlib.suppress(ValidationError):
                read_notification(source, users[zone], now=now)
    seconds = time.perf_counter() - started
    read = rounds * len(samples)
    return {
        "samples": len(samples),
        "rounds": rounds,
        "notifications": read,
        "seconds": seconds,
        "notifications_per_second": read / seconds,
    }


# fetch_mail -------------------------------------------------------------------------------


def dovecot():
    """Dovecot's binary, or None."""
    found = shutil.which("dovecot")
    if found:
        return found
    return "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None


def notifications_to(user, count):
    """`count` invitation notifications forwarded to `user`'s address, each a new job."""
    from tests.capture.mail_in import address_of, invitation

    return [invitation(address_of(user), job=number) for number in range(count)]


def measure_fetch_mail(messages):
    """`manage.py fetch_mail` reading `messages` notifications from a Dovecot on loopback
    (started for the run, as the mail-in tests start theirs)."""
    binary = dovecot()
    if binary is None:
        return {"skipped": "Dovecot is not installed (apt-get install dovecot-imapd)"}
    from tests.capture.imap_server import ImapServer

    root = tempfile.mkdtemp(prefix="bench-dovecot-")
    server = ImapServer(root)
    owner = bench_user("bench-mail")
    try:
        server.start(binary)
        server.append(*notifications_to(owner, messages + 1))
        out = StringIO()
        with override_settings(MAIL_IN_ADDRESS="tracker@example.com", MAIL_IN_IMAP=server.config()):
            # One message first, untimed: a process that has served nothing yet loads the
            # URLs and the reader's modules once (as the reader's own first pass does).
            call_command("fetch_mail", limit=1, stdout=StringIO())
            started = time.perf_counter()
            call_command("fetch_mail", limit=messages, stdout=out)
            seconds = time.perf_counter() - started
        kept = InboundMessage.objects.filter(owner=owner).count() - 1
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        # Its captured invitations are open, with reminders ahead: gone with their user.
        owner.delete()
    if kept != messages:
        raise RuntimeError(f"fetch_mail kept {kept} of {messages}: {out.getvalue().strip()}")
    return {"messages": messages, "seconds": seconds, "messages_per_second": messages / seconds}
