"""The reminder sweep at scale: its speed against the work it must do, its memory, its plan,
its channels, and a large backlog due at once.

The sweep is the real `reminders.tasks.send_due_reminders`, delivering through Django's
in-memory (locmem) mail backend, with its clock fixed a minute after the seed's moment so
the due reminders are the same however long the earlier phases took. Between runs the due
rows are put back as they were seeded (pending, due) and their notifications removed.

The floor does what the sweep must, the cheapest way (see `floor`): the same due rows
claimed with one UPDATE per batch of the sweep's size, one e-mail per freelancer per batch
built by EmailMultiAlternatives and sent through the same backend, one INSERT per in-app
notification, one UPDATE marking the batch sent.

The backlog: a realistic history of 200,000 invitations leaves some tens of thousands of
reminders pending, not a million. To show that the sweep does not grow with the backlog, the
table is then filled up to the target with pending rows due days or weeks ahead (stale start
window rows of the freelancers' invitations, which the send-time check would cancel if they
ever came due); the sweep must never read them.

Channels: one JSON webhook per freelancer with due reminders, on a recording HTTP endpoint
on loopback; the sweep's channel part (planning the deliveries, then sending them) is timed
per delivery against the same messages sent straight through Apprise.

Many due at once, last: open items are added until `large_due` reminders are due, spread
evenly over the freelancers (at the benchmark's scale 1,000 freelancers with 100 due each:
the freelancers the other phases use, so the planner meets a backlog of a realistic shape),
one sweep runs, and the e-mails each freelancer got are counted against one per
REMINDERS_PER_EMAIL of their due reminders. The added rows are deleted again afterwards.
"""

import gc
import math
import random
import statistics
import time
import tracemalloc
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from interviews.models import Client, Invitation, PreparationItem
from offers.models import Offer
from proposals.models import Proposal
from reminders import channels, tasks
from reminders.models import Channel, ChannelDelivery, Notification, Reminder
from reminders.tasks import REMINDERS_PER_EMAIL, send_due_reminders

from .database import analyze
from .seed import BATCH, OWNER_USERNAME, USERS_PER_CHUNK, Progress, Scale, Seeder

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
    chars = body_chars(mail.outbox)
    mail.outbox = []
    return {
        "seconds": seconds,
        "peak_bytes": peak,
        "sent": report.sent,
        "delivered": delivered,
        "emails": emails,
        "body_chars": chars,
        "skipped": report.skipped,
        "cancelled": report.cancelled,
        "failed": report.failed + report.retried,
    }


def owner_batches(rows, size):
    """Due rows (owner id second) cut into batches of at most `size`, each freelancer's rows
    together where they fit, freelancers in the order of their oldest due row."""
    by_owner = defaultdict(list)
    for row in rows:
        by_owner[row[1]].append(row)
    batches, batch = [], []
    for owned in by_owner.values():
        if batch and len(batch) + len(owned) > size:
            batches.append(batch)
            batch = []
        batch.extend(owned)
        while len(batch) >= size:
            batches.append(batch[:size])
            batch = batch[size:]
    if batch:
        batches.append(batch)
    return batches


def floor_email(rows, address):
    """One e-mail for one freelancer's rows, text and HTML formatted directly, each entry
    about the length of the product's (a title, a sentence, a link)."""
    lines, items = [f"{len(rows)} reminders, the most urgent first.\n"], []
    for number, (pk, _, kind, subject_id, deadline, _) in enumerate(rows, 1):
        what, when = kind.replace("_", " "), f"{deadline:%a %d %b %Y %H:%M} UTC"
        title = f"Your {what} deadline for item {subject_id} — closes {when}"
        words = (
            f"The {what} of item {subject_id} closes on {when}. Act on it before then, "
            "or it closes and cannot be acted on later. The tracker shows the client, the "
            "job and what is left to do."
        )
        link = f"{settings.SITE_URL}/reminders/{pk}/{subject_id}/"
        lines.append(f"{number}. {title}\n{words}\nOpen it: {link}\n")
        items.append(
            f'  <h2>{title}</h2>\n  <p>{words}</p>\n  <p><a href="{link}">Open it</a></p>\n'
        )
    text = "\n".join(lines) + f"\n--\nInvitation Tracker. {settings.SITE_URL}/settings/\n"
    html = (
        f"<!doctype html>\n<html>\n<body>\n<h1>{len(rows)} reminders</h1>\n"
        + "".join(items)
        + "</body>\n</html>\n"
    )
    email = EmailMultiAlternatives(subject=f"{len(rows)} reminders", body=text, to=[address])
    email.attach_alternative(html, "text/html")
    return email


def floor(now, due_ids, backend):
    """The work the sweep must do, done the cheapest way; seconds and what it did.

    One query reads the due rows with their owners' addresses; then per batch (the sweep's
    size, a freelancer's rows together): one UPDATE claims it, one e-mail per freelancer per
    REMINDERS_PER_EMAIL rows goes through `backend`, one INSERT per in-app notification, one
    UPDATE marks the batch sent. Nothing reads the subjects or decides: every row is sent.
    """
    reset(due_ids)
    mail.outbox = []
    reminders = connection.ops.quote_name(Reminder._meta.db_table)
    notifications = connection.ops.quote_name(Notification._meta.db_table)
    claim = (
        f"UPDATE {reminders} SET status = %s, claim_token = %s, claimed_until = %s "
        "WHERE status = %s AND next_attempt_at <= %s AND id IN ({})"
    )
    insert = (
        f"INSERT INTO {notifications} (owner_id, reminder_id, title, body, url, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    mark = (
        f"UPDATE {reminders} SET status = %s, sent_at = %s, attempts = attempts + 1, "
        "claim_token = NULL, claimed_until = NULL, last_error = '' "
        "WHERE status = %s AND claim_token = %s"
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    lease = connection.ops.adapt_datetimefield_value(now + settings.REMINDER_LEASE)
    token_field = Reminder._meta.get_field("claim_token")
    claimed = marked = emails = 0
    claim_seconds = mark_seconds = 0.0
    started = time.perf_counter()
    rows = list(
        Reminder.objects.due(now).values_list(
            "pk", "owner_id", "kind", "subject_id", "deadline", "owner__email"
        )
    )
    with connection.cursor() as cursor:
        for batch in owner_batches(rows, settings.REMINDER_BATCH_SIZE):
            token = token_field.get_db_prep_value(uuid.uuid4(), connection, prepared=False)
            pks = [row[0] for row in batch]
            at = time.perf_counter()
            cursor.execute(
                claim.format(", ".join(["%s"] * len(pks))),
                ["sending", token, lease, "pending", moment, *pks],
            )
            claimed += cursor.rowcount
            claim_seconds += time.perf_counter() - at
            by_owner = defaultdict(list)
            for row in batch:
                by_owner[row[1]].append(row)
            messages = [
                floor_email(owned[start : start + REMINDERS_PER_EMAIL], owned[0][5])
                for owned in by_owner.values()
                for start in range(0, len(owned), REMINDERS_PER_EMAIL)
            ]
            backend.send_messages(messages)
            emails += len(messages)
            at = time.perf_counter()
            with transaction.atomic():
                cursor.executemany(
                    insert,
                    [
                        (
                            owner_id,
                            pk,
                            f"Reminder: {kind} closes soon",
                            "A deadline is near.",
                            f"/reminders/{subject_id}/",
                            moment,
                        )  # fmt: skip
                        for pk, owner_id, kind, subject_id, _, _ in batch
                    ],
                )
                cursor.execute(mark, ["sent", moment, "sending", token])
                marked += cursor.rowcount
            mark_seconds += time.perf_counter() - at
    seconds = time.perf_counter() - started
    if not claimed == marked == len(due_ids):
        raise RuntimeError(f"the floor claimed {claimed} and marked {marked} of {len(due_ids)}")
    chars = body_chars(mail.outbox)
    mail.outbox = []
    return {
        "seconds": seconds,
        "claim_seconds": claim_seconds,
        "mark_seconds": mark_seconds,
        "emails": emails,
        "body_chars": chars,
    }


def body_chars(messages):
    """The e-mails' text and HTML bodies, in characters: the floor's are to be alike."""
    return sum(
        len(message.body) + sum(len(content) for content, _ in message.alternatives)
        for message in messages
    )


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


def measure(seeded, target_pending, runs=3, stream=None, large_due=100_000):
    """Every sweep figure: speed and memory against the floor at a small and a large
    backlog, the due query's plan, channels, and `large_due` reminders due at once."""
    now = seeded.now + timedelta(minutes=1)
    due_ids = seeded.due_ids
    small_pending = pending()
    small = run(now, due_ids)
    small_traced = run(now, due_ids, trace=True)

    added = grow_backlog(target_pending, now, stream)
    analyze()  # a million more rows: fresh statistics, as after the seed
    large_pending = pending()
    timed_runs = [run(now, due_ids) for _ in range(runs)]
    large_traced = run(now, due_ids, trace=True)
    floors = [floor(now, due_ids, get_connection(LOCMEM)) for _ in range(runs)]
    reset(due_ids)
    plan, uses_index = due_query_plan(now)
    with_channels = measure_channels(now, due_ids, runs)
    many = measure_large_due(seeded, now, large_due, stream)

    seconds = statistics.median(r["seconds"] for r in timed_runs)
    floor_seconds = statistics.median(f["seconds"] for f in floors)
    typical = min(floors, key=lambda f: abs(f["seconds"] - floor_seconds))
    due = len(due_ids)
    return {
        "due": due,
        "pending_small": small_pending,
        "pending_large": large_pending,
        "backlog_rows_added": added,
        "runs": runs,
        "seconds": seconds,
        "reminders_per_second": due / seconds,
        "sent": timed_runs[0]["sent"],
        "delivered": timed_runs[0]["delivered"],
        "emails": timed_runs[0]["emails"],
        "not_sent": timed_runs[0]["skipped"] + timed_runs[0]["cancelled"] + timed_runs[0]["failed"],
        "seconds_at_small_backlog": small["seconds"],
        "floor_seconds": floor_seconds,
        "floor_claim_seconds": typical["claim_seconds"],
        "floor_mark_seconds": typical["mark_seconds"],
        "floor_emails": typical["emails"],
        # Text and HTML per reminder, in characters: the floor's e-mails are alike in size.
        "body_chars_per_reminder": timed_runs[0]["body_chars"] / due if due else 0,
        "floor_body_chars_per_reminder": typical["body_chars"] / due if due else 0,
        "us_per_reminder": seconds / due * 1e6,
        "floor_us_per_reminder": floor_seconds / due * 1e6,
        "over_floor": seconds / floor_seconds,
        "sent_traced": [small_traced["sent"], large_traced["sent"]],
        "peak_memory_small_bytes": small_traced["peak_bytes"],
        "peak_memory_large_bytes": large_traced["peak_bytes"],
        "peak_memory_growth": large_traced["peak_bytes"] / small_traced["peak_bytes"] - 1,
        "due_query_plan": plan,
        "due_query_uses_index": uses_index,
        "channels": with_channels,
        "large_due": many,
    }


# Channels ------------------------------------------------------------------------------


@contextmanager
def timed(module, *names):
    """Add up the seconds spent in the functions `names` of `module` while inside; the
    functions themselves are called unchanged."""
    spent = {name: 0.0 for name in names}
    originals = {name: getattr(module, name) for name in names}

    def timer(name, function):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return call

    for name, function in originals.items():
        setattr(module, name, timer(name, function))
    try:
        yield spent
    finally:
        for name, function in originals.items():
            setattr(module, name, function)


def channel_run(now, due_ids):
    """One sweep with channels: the seconds its channel part took, and what it sent."""
    ChannelDelivery.objects.all().delete()
    with timed(tasks, "plan_reminder_deliveries", "send_channel_deliveries") as spent:
        sweep = run(now, due_ids)
    sent = ChannelDelivery.objects.filter(status=ChannelDelivery.Status.SENT).count()
    return {"seconds": sum(spent.values()), "sent": sent, "sweep_sent": sweep["sent"]}


def channel_floor(deliveries, urls):
    """The same deliveries sent straight through Apprise, PER_MESSAGE to a message as the
    sweep groups them, each recorded sent with one INSERT: seconds."""
    import apprise

    table = connection.ops.quote_name(ChannelDelivery._meta.db_table)
    insert = (
        f"INSERT INTO {table} (channel_id, reminder_id, kind, title, body, url, deadline, "
        "status, next_attempt_at, attempts, last_error, sent_at, created_at) "
        "VALUES (%s, %s, 'reminder', %s, '', %s, %s, 'sent', %s, 1, '', %s, %s)"
    )
    by_channel = defaultdict(list)
    for delivery in deliveries:
        by_channel[delivery["channel_id"]].append(delivery)
    ChannelDelivery.objects.all().delete()
    adapt = connection.ops.adapt_datetimefield_value
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for channel_id, rows in by_channel.items():
            rows.sort(key=lambda row: (row["deadline"], row["reminder_id"]))
            for start in range(0, len(rows), channels.PER_MESSAGE):
                part = rows[start : start + channels.PER_MESSAGE]
                body = "\n\n".join(
                    f"{row['title']}\nDeadline {row['deadline']:%a %d %b %H:%M} UTC\n"
                    f"{settings.SITE_URL}{row['url']}"
                    for row in part
                )
                plugin = apprise.Apprise.instantiate(urls[channel_id])
                if not plugin.notify(body=body, title=f"{len(part)} reminders"):
                    raise RuntimeError("the loopback endpoint refused a floor message")
                moment = adapt(timezone.now())
                cursor.executemany(
                    insert,
                    [
                        (
                            channel_id,
                            row["reminder_id"],
                            row["title"],
                            row["url"],
                            adapt(row["deadline"]),
                            moment,
                            moment,
                            moment,
                        )  # fmt: skip
                        for row in part
                    ],
                )
    seconds = time.perf_counter() - started
    ChannelDelivery.objects.all().delete()
    return seconds


def measure_channels(now, due_ids, runs):
    """The sweep delivering to one JSON webhook channel per freelancer with due reminders
    (a recording HTTP endpoint on loopback, through Apprise), per delivery, against the
    same deliveries made straight through Apprise."""
    import apprise

    from tests.support.channels import Endpoint

    reset(due_ids)
    owners = sorted(set(Reminder.objects.due(now).values_list("owner_id", flat=True)))
    with (
        Endpoint() as endpoint,
        override_settings(TRACKER_CHANNELS_ALLOW_PRIVATE=True, CHANNEL_TIMEOUT=5),
    ):
        urls, made = {}, []
        for owner_id in owners:
            channel = Channel(owner_id=owner_id, name="Phone")
            channel.set_url(endpoint.url("json", f"/hook/{owner_id}"))
            made.append(channel)
        Channel.objects.bulk_create(made)
        for channel in Channel.objects.filter(owner_id__in=owners):
            urls[channel.pk] = channel.url
        try:
            # Apprise loads its plugins at the first URL it reads: once per process, before
            # either side is timed.
            apprise.Apprise.instantiate(next(iter(urls.values()), "json://127.0.0.1"))
            timed_runs = [channel_run(now, due_ids) for _ in range(runs)]
            deliveries = list(
                ChannelDelivery.objects.filter(status=ChannelDelivery.Status.SENT).values(
                    "channel_id", "reminder_id", "title", "url", "deadline"
                )
            )
            floors = [channel_floor(deliveries, urls) for _ in range(runs)]
        finally:
            ChannelDelivery.objects.all().delete()
            Channel.objects.filter(pk__in=urls).delete()
            reset(due_ids)
    sent = timed_runs[0]["sent"]
    if not sent or any(r["sent"] != sent for r in timed_runs):
        raise RuntimeError(f"the channel runs sent {[r['sent'] for r in timed_runs]}")
    seconds = statistics.median(r["seconds"] for r in timed_runs)
    floor_seconds = statistics.median(floors)
    return {
        "channels": len(urls),
        "deliveries": sent,
        "seconds": seconds,
        "floor_seconds": floor_seconds,
        "us_per_delivery": seconds / sent * 1e6,
        "floor_us_per_delivery": floor_seconds / sent * 1e6,
        "over_floor": seconds / floor_seconds,
    }


# Many due at once ------------------------------------------------------------------------

# What the large-due phase adds, newest rows last: removed again by id afterwards.
ADDED_MODELS = (Notification, Reminder, Offer, Proposal, PreparationItem, Invitation)


def high_water():
    """The highest id of each model the large-due phase adds rows to."""
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in ADDED_MODELS
    }


def remove_added(marks):
    """Delete the rows above each mark, children first, by plain DELETE: no save signals,
    so nothing else moves."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in ADDED_MODELS:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [marks[model]])


def add_due(seeded, count, stream=None):
    """`count` more reminders due now, spread evenly over the freelancers (not the
    dashboard's user): open items as the seed makes them, each with its reminder due."""
    freelancers = list(User.objects.exclude(username=OWNER_USERNAME).order_by("pk"))
    if not freelancers or count <= 0:
        return 0
    clients = {}
    for client in Client.objects.filter(owner__in=freelancers).order_by("pk"):
        clients.setdefault(client.owner_id, []).append(client)
    seeder = Seeder(Scale(invitations_per_user=0), seeded.now, random.Random(26))
    share, extra = divmod(count, len(freelancers))
    progress = Progress("large due", len(freelancers), stream)
    added = 0
    for start in range(0, len(freelancers), USERS_PER_CHUNK):
        chunk = freelancers[start : start + USERS_PER_CHUNK]
        items = [
            (user, seeder.freelancer_items(user, clients[user.pk], share + (start + n < extra)))
            for n, user in enumerate(chunk)
        ]
        with transaction.atomic():
            due_ids, _ = seeder.store(items)
        added += len(due_ids)
        progress.advance(len(chunk))
    return added


def measure_large_due(seeded, now, large_due, stream=None):
    """`large_due` reminders due at once across the freelancers, one sweep: how many e-mails
    each freelancer gets, against one per REMINDERS_PER_EMAIL of their due reminders."""
    due_ids = seeded.due_ids
    reset(due_ids)
    marks = high_water()
    try:
        add_due(seeded, large_due - len(due_ids), stream)
        analyze()
        per_owner = Counter(Reminder.objects.due(now).values_list("owner_id", flat=True))
        mail.outbox = []
        started = time.perf_counter()
        with override_settings(REMINDER_SWEEP_BUDGET=DRAIN_BUDGET):
            report = send_due_reminders(now=now, connection=get_connection(LOCMEM))
        seconds = time.perf_counter() - started
        emails = Counter(message.to[0] for message in mail.outbox)
        mail.outbox = []
    finally:
        remove_added(marks)
        reset(due_ids)
        analyze()
    due, freelancers = sum(per_owner.values()), len(per_owner)
    target = sum(math.ceil(n / REMINDERS_PER_EMAIL) for n in per_owner.values())
    return {
        "due": due,
        "freelancers": freelancers,
        "due_per_freelancer": due / freelancers if freelancers else 0,
        "sent": report.sent,
        "seconds": seconds,
        "emails": sum(emails.values()),
        "emails_per_freelancer": sum(emails.values()) / freelancers if freelancers else 0,
        "most_emails_to_one_freelancer": max(emails.values(), default=0),
        "target_emails_per_freelancer": target / freelancers if freelancers else 0,
    }
