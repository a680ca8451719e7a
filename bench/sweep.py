"""The reminder sweep at scale: its speed against a raw-SQL floor, its memory, its plan.

The sweep is the real `reminders.tasks.send_due_reminders`, delivering through Django's
in-memory (locmem) mail backend, with its clock fixed a minute after the seed's moment so
the due reminders are the same however long the earlier phases took. Between runs the due
rows are put back as they were seeded (pending, due) and their notifications removed.

The floor moves the same rows with one UPDATE each way, pending → sending (the claim) and
sending → sent (the mark): what the database must do at the least, with no Python per row.

The backlog: a realistic history of 200,000 invitations leaves some tens of thousands of
reminders pending, not a million. To show that the sweep does not grow with the backlog, the
table is then filled up to the target with pending rows due days or weeks ahead (stale start
window rows of the freelancers' invitations, which the send-time check would cancel if they
ever came due); the sweep must never read them.
"""

import gc
import statistics
import time
import tracemalloc
import uuid
from datetime import timedelta

from django.core import mail
from django.core.mail import get_connection
from django.db import connection
from django.db.models import F
from django.test import override_settings

from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders

from .database import analyze
from .seed import BATCH, OWNER_USERNAME, Progress

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
# A sweep stops at REMINDER_SWEEP_BUDGET so a queue worker is never killed mid-send; the
# benchmark times a whole drain, and memory tracing slows a sweep past the default budget.
DRAIN_BUDGET = timedelta(hours=1)
CHUNK = 500  # ids per statement when putting the due rows back


def reset(due_ids):
    """Put the due rows back as seeded: pending, due, never tried; no notifications."""
    for start in range(0, len(due_ids), CHUNK):
        ids = due_ids[start : start + CHUNK]
        Notification.objects.filter(reminder_id__in=ids).delete()
        Reminder.objects.filter(pk__in=ids).update(
            status=Reminder.Status.PENDING,
            next_attempt_at=F("due_at"),
            sent_at=None,
            attempts=0,
            claim_token=None,
            claimed_until=None,
            note="",
            last_error="",
        )


def pending():
    return Reminder.objects.filter(status=Reminder.Status.PENDING).count()


def run(now, due_ids, trace=False):
    """One sweep over the due rows: seconds, peak memory (when traced), what it did."""
    reset(due_ids)
    mail.outbox = []
    backend = get_connection(LOCMEM)
    gc.collect()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with override_settings(REMINDER_SWEEP_BUDGET=DRAIN_BUDGET):
        report = send_due_reminders(now=now, connection=backend)
    seconds = time.perf_counter() - started
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    # Reminders delivered, and the e-mails that carried them (one per freelancer per batch).
    delivered = sum(len(message.reminder_pks) for message in mail.outbox)
    emails = len(mail.outbox)
    mail.outbox = []
    return {
        "seconds": seconds,
        "peak_bytes": peak,
        "sent": report.sent,
        "delivered": delivered,
        "emails": emails,
        "skipped": report.skipped,
        "cancelled": report.cancelled,
        "failed": report.failed + report.retried,
    }


def floor(now, due_ids):
    """The same rows claimed and marked with one raw UPDATE each way: (claim, mark) seconds."""
    reset(due_ids)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    token = Reminder._meta.get_field("claim_token").get_db_prep_value(
        uuid.uuid4(), connection, prepared=False
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    lease = connection.ops.adapt_datetimefield_value(now + timedelta(minutes=5))
    claim = (
        f"UPDATE {table} SET status = %s, claim_token = %s, claimed_until = %s "
        "WHERE status = %s AND next_attempt_at <= %s"
    )
    mark = (
        f"UPDATE {table} SET status = %s, sent_at = %s, attempts = attempts + 1, "
        "claim_token = NULL, claimed_until = NULL, last_error = '' "
        "WHERE status = %s AND claim_token = %s"
    )
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(claim, ["sending", token, lease, "pending", moment])
        claimed = cursor.rowcount
        claimed_at = time.perf_counter()
        cursor.execute(mark, ["sent", moment, "sending", token])
        marked = cursor.rowcount
        finished = time.perf_counter()
    if claimed != len(due_ids) or marked != claimed:
        raise RuntimeError(f"the floor claimed {claimed} and marked {marked} of {len(due_ids)}")
    return claimed_at - started, finished - claimed_at


def grow_backlog(target, now, stream=None):
    """Add pending rows due days to weeks ahead until `target` rows are pending."""
    missing = target - pending()
    if missing <= 0:
        return 0
    subjects = list(
        Reminder.objects.filter(kind="start_window")
        .exclude(owner__username=OWNER_USERNAME)
        .values_list("subject_id", "owner_id")
        .order_by()
        .distinct()
    )
    if not subjects:
        return 0
    progress = Progress("backlog", missing, stream)
    lead = timedelta(hours=2)
    made, added = 0, 0
    while added < missing:
        rows = []
        for number in range(made, made + min(20 * BATCH, missing - added)):
            round_, index = divmod(number, len(subjects))
            subject_id, owner_id = subjects[index]
            deadline = now + timedelta(days=2 + index % 28, minutes=round_ + 1)
            rows.append(
                Reminder(
                    owner_id=owner_id,
                    kind="start_window",
                    subject_id=subject_id,
                    deadline=deadline,
                    lead=lead,
                    due_at=deadline - lead,
                    next_attempt_at=deadline - lead,
                )
            )
        made += len(rows)
        # As the registry does: a row that happens to exist already is kept, not doubled.
        before = pending()
        Reminder.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        added += pending() - before
        progress.advance(len(rows))
    return added


def due_query_plan(now):
    """The database's plan for the sweep's "what is due" query, and whether it uses the
    partial index on pending rows."""
    plan = Reminder.objects.due(now).values_list("pk", flat=True)[:200].explain()
    return plan, "reminder_due_idx" in plan


def measure(seeded, target_pending, runs=3, stream=None):
    now = seeded.now + timedelta(minutes=1)
    due_ids = seeded.due_ids
    small_pending = pending()
    small = run(now, due_ids)
    small_traced = run(now, due_ids, trace=True)

    added = grow_backlog(target_pending, now, stream)
    analyze()  # a million more rows: fresh statistics, as after the seed
    large_pending = pending()
    timed = [run(now, due_ids) for _ in range(runs)]
    large_traced = run(now, due_ids, trace=True)
    floors = [floor(now, due_ids) for _ in range(runs)]
    reset(due_ids)
    plan, uses_index = due_query_plan(now)

    seconds = statistics.median(r["seconds"] for r in timed)
    floor_seconds = statistics.median(claim + mark for claim, mark in floors)
    claim_seconds, mark_seconds = min(floors, key=lambda f: abs(sum(f) - floor_seconds))
    due = len(due_ids)
    return {
        "due": due,
        "pending_small": small_pending,
        "pending_large": large_pending,
        "backlog_rows_added": added,
        "runs": runs,
        "seconds": seconds,
        "reminders_per_second": due / seconds,
        "sent": timed[0]["sent"],
        "delivered": timed[0]["delivered"],
        "emails": timed[0]["emails"],
        "not_sent": timed[0]["skipped"] + timed[0]["cancelled"] + timed[0]["failed"],
        "seconds_at_small_backlog": small["seconds"],
        "floor_seconds": floor_seconds,
        "floor_claim_seconds": claim_seconds,
        "floor_mark_seconds": mark_seconds,
        "us_per_reminder": seconds / due * 1e6,
        "floor_us_per_reminder": floor_seconds / due * 1e6,
        "over_floor": seconds / floor_seconds,
        "sent_traced": [small_traced["sent"], large_traced["sent"]],
        "peak_memory_small_bytes": small_traced["peak_bytes"],
        "peak_memory_large_bytes": large_traced["peak_bytes"],
        "peak_memory_growth": large_traced["peak_bytes"] / small_traced["peak_bytes"] - 1,
        "due_query_plan": plan,
        "due_query_uses_index": uses_index,
    }
