"""The reminder sweep: one function used by the queue, cron and the tests alike.

Each batch of due rows is claimed with one conditional UPDATE (status pending → sending,
stamped with this sweep's token and a lease). Only rows this sweep's UPDATE touched are
sent, so any number of sweeps can run at once — queue workers and cron on several
machines — and a reminder goes out once. It does not matter how often the sweep runs: the
query finds whatever is due, so a missed run is made good by the next.

The due rows are cut into batches that keep each freelancer's due reminders together however
large the backlog (`Planner`), and each freelancer gets one e-mail per REMINDERS_PER_EMAIL of
them: after an outage, one e-mail with their ten reminders rather than ten e-mails. Each
reminder is still claimed, marked and shown in the app on its own.

What a crash can cost. Each e-mail has a deadline (EMAIL_SEND_DEADLINE), and its reminders
are marked sent in their own commit as soon as the mail server takes it; the lease is
renewed between e-mails while the sweep is alive. A sweep that dies leaves its claimed rows
to come back when the lease runs out (REMINDER_LEASE, a minute), and only the one e-mail it
had in flight can have been taken by the server without being marked: that e-mail, at most,
goes out twice. The rest were never sent, and go out once.
"""

import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Min, Window
from django.db.models.constants import OnConflict
from django.db.models.functions import RowNumber
from django.template.defaultfilters import pluralize
from django.utils import timezone

from . import quiet
from .channels import plan_reminder_deliveries, send_channel_deliveries, wants_channels
from .delivery import Links, compose, deadline, email_for, wants_email, wants_inapp
from .models import Notification, Reminder, Sweep, expired_claim
from .registry import KINDS, is_still_open
from .unsubscribe import email_muted

log = logging.getLogger(__name__)

SEND, SKIP, CANCEL = "send", "skip", "cancel"
# The most reminders one e-mail lists; a freelancer with more due at once gets several.
REMINDERS_PER_EMAIL = 20
# The most due reminders `send_reminders --dry-run` lists.
PREVIEW_LIMIT = 1000
# What the sweep reads of a claimed row; it writes the rest by UPDATE, never through the row.
SWEEP_FIELDS = ("owner", "kind", "subject_id", "deadline", "lead", "next_attempt_at", "attempts")
# Time to write an e-mail's marks once the server has taken it (and to renew a lease). A
# sweep's worst case is its budget, one e-mail's deadline, then this: the start-up checks
# (reminders/checks.py) hold it inside the queue's timeout, and the lease above one e-mail.
MARK_ALLOWANCE = timedelta(seconds=10)


def send_deadline():
    return timedelta(seconds=settings.EMAIL_SEND_DEADLINE)


@dataclass
class SweepReport:
    sent: int = 0
    skipped: int = 0
    cancelled: int = 0
    retried: int = 0
    failed: int = 0
    reclaimed: int = 0
    emails: int = 0  # the e-mails that carried the reminders sent
    more: int = 0  # (a preview) due reminders it left out
    left: int = 0  # due reminders a sweep stopped at its budget left for the next one
    channels: object = None  # the channels' own sweep (reminders.channels.ChannelReport)
    lines: list = field(default_factory=list)

    def note(self, action, reminder, text):
        self.lines.append((action, reminder.pk, text))

    @property
    def summary(self):
        return (
            f"sent {self.sent}, skipped {self.skipped}, cancelled {self.cancelled}, "
            f"retried {self.retried}, failed {self.failed}, reclaimed {self.reclaimed}; "
            f"{self.emails} e-mail{pluralize(self.emails)}"
        )

    def __str__(self):
        return self.summary


def send_due_reminders(now=None, *, batch_size=None, connection=None):
    """Send every reminder that is due; safe to run any number of times, anywhere, at once.

    `now` fixes the clock (tests); by default each batch reads the real clock. The sweep
    starts no e-mail after REMINDER_SWEEP_BUDGET, and no mail server exchange of it, the
    last goodbye included, outlasts the budget and one e-mail's deadline.
    """
    report = SweepReport()
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    started = time.monotonic()
    budget = settings.REMINDER_SWEEP_BUDGET.total_seconds()

    def clock():
        return now or timezone.now()

    def in_budget():
        return time.monotonic() - started < budget

    report.reclaimed = reclaim_expired_claims(clock())
    connection = connection or get_connection(fail_silently=False)
    opened = False
    planner = Planner(batch_size)
    with deadline(budget + settings.EMAIL_SEND_DEADLINE):
        try:
            while in_budget():
                # Each batch is a fresh look: rows may have come due, or been given back.
                pks = planner.next_batch(clock())
                if not pks:
                    break
                moment = clock()
                held = Claim(uuid.uuid4(), moment + settings.REMINDER_LEASE, clock)
                # Rows another sweep claimed first are simply not ours.
                rows = claim(held.token, moment, pks)
                if not rows:
                    continue
                if not opened:
                    open_quietly(connection)
                    opened = True
                process(rows, held.token, moment, report, connection, in_budget, held)
        finally:
            if opened:
                close_quietly(connection)
    if not in_budget():
        report.left = Reminder.objects.due(clock()).count()
    # Phone and chat channels: their own outbox, with what is left of the budget.
    remaining = budget - (time.monotonic() - started)
    report.channels = send_channel_deliveries(now, budget=max(remaining, 5))
    Sweep.record()
    if report.sent or report.failed or report.retried:
        log.info("reminder sweep: %s", report.summary)
    return report


@dataclass
class Claim:
    """A batch this sweep holds: its token, and when its lease runs out."""

    token: uuid.UUID
    until: object  # datetime
    clock: object = timezone.now

    def keep(self):
        """Renew the lease when what is left of it would not see one more e-mail through
        (its deadline, then its marks): a live sweep's rows are never taken back, and a dead
        one's come back a lease after its last renewal."""
        moment = self.clock()
        if self.until - moment >= send_deadline() + MARK_ALLOWANCE:
            return
        self.until = moment + settings.REMINDER_LEASE
        Reminder.objects.filter(claim_token=self.token, status=Reminder.Status.SENDING).update(
            claimed_until=self.until
        )


def open_quietly(connection):
    """Open the mail connection once for the sweep (SMTP would otherwise connect per message);
    if the server is down, each message's own attempt fails and is retried later."""
    try:
        connection.open()
    except Exception as error:  # the per-message send reports it on the row
        log.warning("mail connection failed to open: %s", error)


def close_quietly(connection):
    try:
        connection.close()
    except Exception as error:
        log.warning("mail connection failed to close: %s", error)


def reclaim_expired_claims(now):
    """Release rows whose sweep died mid-way, so they are sent after all."""
    return Reminder.objects.expired_claims(now).update(
        status=Reminder.Status.PENDING, claim_token=None, claimed_until=None
    )


def owner_share(batch_size):
    """The most due reminders of one freelancer a batch takes: whole e-mails' worth
    (REMINDERS_PER_EMAIL each), so that a freelancer with more due than a batch holds is
    cut only where an e-mail ends anyway; a batch smaller than one e-mail takes a batchful."""
    whole_emails = batch_size // REMINDERS_PER_EMAIL * REMINDERS_PER_EMAIL
    return whole_emails or batch_size


class Planner:
    """Plans the sweep's batches: each freelancer's due reminders together, however large the
    backlog, with no more than about a batch of rows in memory at a time.

    A batch is made of bounded looks. First, the freelancers of the oldest due rows, oldest
    first (at most a batchful of rows read, in due order: the due index). Then, slice by
    slice of those freelancers, their due rows (the owner's due index), at most
    `owner_share` of each. The batch takes whole freelancers while they fit; the first who
    does not closes it and comes first in the next. Each slice holds as many freelancers as
    the room left is likely to hold, judged by how many due rows each had so far, so a look
    reads about what the batch takes, whatever the backlog.
    """

    def __init__(self, batch_size, *, with_expired_claims=False):
        self.batch_size = batch_size
        self.share = owner_share(batch_size)
        self.with_expired_claims = with_expired_claims
        # Due rows per freelancer, as last seen: a guess of one e-mail each to begin with.
        self.per_owner = min(REMINDERS_PER_EMAIL, self.share)

    def due(self, now, exclude=()):
        due = Reminder.objects.due(now, with_expired_claims=self.with_expired_claims)
        return due.exclude(pk__in=exclude) if exclude else due

    def owners(self, now, exclude=()):
        """The freelancers of the oldest due rows (a batchful read), oldest first."""
        look = self.due(now, exclude).values_list("owner_id", flat=True)[: self.batch_size]
        return list(dict.fromkeys(look))

    def due_of(self, now, owners, exclude=()):
        """The due rows of `owners`, at most `share` of each, by owner: owners in the order
        of their oldest due row, each owner's oldest first (the owner's due index)."""
        by_owner = {"partition_by": F("owner_id")}
        return (
            self.due(now, exclude)
            .filter(owner_id__in=owners)
            .annotate(
                first_due=Window(Min("next_attempt_at"), **by_owner),
                place=Window(RowNumber(), order_by=[F("next_attempt_at"), F("pk")], **by_owner),
            )
            .filter(place__lte=self.share)
            .order_by("first_due", "owner_id", "place")
            .values_list("pk", "owner_id")
        )

    def rows(self, now, owners, limit, exclude=()):
        """The primary keys of `due_of` owners' rows, at most `limit` in all, one list per
        owner."""
        groups = defaultdict(list)
        for pk, owner_id in self.due_of(now, owners, exclude)[:limit]:
            groups[owner_id].append(pk)
        return list(groups.values())

    def next_batch(self, now, exclude=()):
        """The primary keys of the next batch of due rows (none when nothing is due);
        `exclude`: rows already planned, for a plan that claims nothing (a preview)."""
        owners, batch = self.owners(now, exclude), []
        while owners:
            room = self.batch_size - len(batch)
            wanted = max(1, round(room / self.per_owner))
            part, owners = owners[:wanted], owners[wanted:]
            # One row more than the room: the owner it cuts does not fit, and closes the batch.
            groups = self.rows(now, part, room + 1, exclude)
            whole = groups[:-1] if sum(map(len, groups)) > room else groups
            if whole:
                self.per_owner = max(1, sum(map(len, whole)) / len(whole))
            for pks in groups:
                if batch and len(batch) + len(pks) > self.batch_size:
                    return batch
                batch.extend(pks)
        return batch

    def batches(self, now):
        """Every batch a sweep at `now` would take, claiming nothing (a preview)."""
        planned = []
        while batch := self.next_batch(now, planned):
            planned.extend(batch)
            yield batch


def due_batches(now, batch_size, *, with_expired_claims=False):
    """What is due now, cut into batches of at most `batch_size` rows as a sweep takes them
    (see `Planner`), claiming nothing."""
    planner = Planner(batch_size, with_expired_claims=with_expired_claims)
    return list(planner.batches(now))


def claim(token, now, pks):
    """Claim the rows of `pks` still due; return the rows this sweep now owns.

    The UPDATE itself re-checks that each row is still pending and due, so two sweeps can
    never both own a row: a sweep whose rows another took first claims nothing and goes on.
    Where the database can skip rows another transaction has locked (PostgreSQL), a sweep
    takes only the rows no other sweep is claiming at that moment, rather than wait for them.
    """
    due = Reminder.objects.filter(
        pk__in=pks, status=Reminder.Status.PENDING, next_attempt_at__lte=now
    )
    with transaction.atomic():
        if db_connection.features.has_select_for_update_skip_locked:
            free = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True))
            due = Reminder.objects.filter(pk__in=free)
        claimed = due.update(
            status=Reminder.Status.SENDING,
            claim_token=token,
            claimed_until=now + settings.REMINDER_LEASE,
        )
    if not claimed:
        return []
    rows = list(
        Reminder.objects.filter(claim_token=token, status=Reminder.Status.SENDING)
        .only(*SWEEP_FIELDS)
        .with_shorter_due(now)
        .with_nudge_sent()
    )
    # One query for the batch's owners, each built once, rather than a join that builds
    # the owner again for every one of their reminders.
    # Their addresses come with them (User.reminder_email), in one more query.
    owners = (
        get_user_model()
        .objects.prefetch_related("emailaddress_set")
        .in_bulk({row.owner_id for row in rows})
    )
    for row in rows:
        row.owner = owners[row.owner_id]
    return rows


def load_subjects(rows):
    """The subject of every row, one query per model (and per relation it prefetches).

    Kinds of one model (an invitation's start and completion windows) share the query. A
    subject's owner is its reminder's owner, already loaded with the row: it is handed over
    rather than joined and built again.
    """
    wanted = defaultdict(lambda: defaultdict(set))  # model -> kind name -> subject ids
    for row in rows:
        kind = KINDS.get(row.kind)
        if kind is not None:
            wanted[kind.model][row.kind].add(row.subject_id)
    owners = {row.owner_id: row.owner for row in rows}
    subjects = {}
    for model, kinds in wanted.items():
        declared = [KINDS[name] for name in kinds]
        related = {path for kind in declared for path in kind.select_related if path != "owner"}
        prefetch = {path for kind in declared for path in kind.prefetch_related}
        ids = set().union(*kinds.values())
        found = (
            model.objects.select_related(*sorted(related))
            .prefetch_related(*sorted(prefetch))
            .in_bulk(ids)
        )
        for subject in found.values():
            if subject.owner_id in owners:
                subject.owner = owners[subject.owner_id]
        for name, kind_ids in kinds.items():
            for pk in kind_ids & found.keys():
                subjects[(name, pk)] = found[pk]
    return subjects


class Choices:
    """What each freelancer of a batch chose (e-mail, the app, channels), read once per
    freelancer rather than once per reminder: their confirmed address is looked up among
    their addresses, and their channels asked of the database."""

    def __init__(self):
        self.email = {}  # owner id -> whether reminders go to them by e-mail
        self.any = {}  # owner id -> whether reminders reach them any way at all

    def wants_email(self, owner):
        if owner.pk not in self.email:
            self.email[owner.pk] = wants_email(owner)
        return self.email[owner.pk]

    def wants_any(self, owner):
        if owner.pk not in self.any:
            self.any[owner.pk] = bool(
                self.wants_email(owner) or wants_inapp(owner) or wants_channels(owner)
            )
        return self.any[owner.pk]


def decide(row, subject, now, choices=None):
    """What to do with one due reminder, and why: send, skip, or cancel. The row comes
    annotated `with_shorter_due` and `with_nudge_sent`; `choices` (a `Choices`) holds its
    batch's freelancers' choices."""
    choices = choices or Choices()
    kind = KINDS.get(row.kind)
    if kind is None or subject is None:
        return CANCEL, "Its subject no longer exists."
    if subject.owner_id != row.owner_id:
        # Never remind someone of what is no longer theirs.
        return CANCEL, "Its subject now belongs to someone else."
    if kind.one_time and row.nudge_sent:
        return CANCEL, "This nudge was already sent once."
    if not is_still_open(kind, subject, row):
        return CANCEL, "The obligation was met or its deadline changed."
    if row.deadline <= now:
        return SKIP, "The deadline had passed; a late reminder is not sent."
    if row.shorter_due:
        return SKIP, "A shorter reminder of the same deadline is due or was sent; only one is sent."
    if not choices.wants_any(row.owner):
        return SKIP, "Reminders are turned off for this user."
    return SEND, ""


def process(rows, token, now, report, connection, in_budget=lambda: True, held=None):
    """Decide each claimed row, then send the e-mails one by one, each settled (marked sent,
    or to be retried) in its own commit as soon as the mail server has answered."""
    held = held or Claim(token, now + settings.REMINDER_LEASE)
    subjects, links, choices = load_subjects(rows), Links(), Choices()
    inapp_only, closed, unsent = Outcome(now), defaultdict(list), []
    by_email = defaultdict(list)  # owner id -> [(row, message)] to e-mail
    quiet_held, to_channels = defaultdict(list), []  # quiet hours; channel deliveries to plan

    for row in rows:
        subject = subjects.get((row.kind, row.subject_id))
        action, why = decide(row, subject, now, choices)
        if action != SEND:
            closed[(action, why)].append(row.pk)
            report.note(action, row, why)
            continue
        message = compose(KINDS[row.kind], subject, row, now, links)
        # Quiet hours (reminders.quiet): e-mail and channels wait, the app shows it now.
        if (held_until := quiet.held_until(row, now)) is not None:
            quiet_held[held_until].append(row.pk)
            inapp_only.show_in_app(row, message)
            continue
        to_channels.append((row, message))
        if choices.wants_email(row.owner) and not email_muted(row.owner, row.kind):
            by_email[row.owner_id].append((row, message))
            # Shown in the app now, with the batch's other notifications in one INSERT: the
            # app does not wait for the mail server, whatever it answers.
            inapp_only.show_in_app(row, message)
        else:
            inapp_only.delivered(row, message, report)
    quiet.hold(token, quiet_held)
    # The channels' own outbox (reminders.channels), planned before the e-mail goes.
    plan_reminder_deliveries(to_channels, now)
    # What involves no mail server first, so that a sweep stopped among its e-mails has
    # nothing else to redo.
    mark(token, now, inapp_only, closed, report)
    for deliveries in by_email.values():
        for part in email_parts(deliveries):
            if not in_budget():
                # A slow mail server: stop inside the budget, before the queue's timeout
                # kills this sweep; the next sweep sends the rest.
                unsent.extend(row.pk for row, _ in part)
                continue
            held.keep()
            owner = part[0][0].owner
            outcome = Outcome(now, shown=True)
            try:
                if not connection.send_messages([email_for(part, owner)]):
                    raise RuntimeError("the mail backend accepted no message")
            except Exception as error:  # any backend failure: keep the rows, try again later
                error = f"{type(error).__name__}: {error}"[:1000]
                for row, message in part:
                    outcome.failed(row, message, error)
                # A broken connection is dropped; the next message opens a fresh one.
                close_quietly(connection)
            else:
                report.emails += 1
                for row, message in part:
                    outcome.delivered(row, message, report)
            # The server has answered: its answer is recorded now, before the next e-mail.
            mark(token, now, outcome, {}, report)
    if unsent:
        Reminder.objects.filter(pk__in=unsent, claim_token=token).update(
            status=Reminder.Status.PENDING, claim_token=None, claimed_until=None
        )


@dataclass
class Outcome:
    """What became of some claimed rows, to be written in one commit."""

    now: object  # datetime: the batch's moment
    sent: list = field(default_factory=list)
    notifications: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # (row, error)
    # Whether the rows' notifications were written already, before their e-mail went.
    shown: bool = False

    def delivered(self, row, message, report):
        self.sent.append(row.pk)
        report.note("sent", row, message.title)
        self.show_in_app(row, message)

    def failed(self, row, message, error):
        self.failures.append((row, error))
        # The app is not the mail server: its notification does not wait for it.
        self.show_in_app(row, message)

    def show_in_app(self, row, message):
        # At most one per reminder (a unique reminder link): a row whose e-mail failed gets
        # its notification at once, and its later successful retry adds none.
        if wants_inapp(row.owner) and not self.shown:
            # The row's values in NOTIFICATION_COLUMNS' order: a model instance per
            # notification would only be taken apart again by `insert_notifications`.
            self.notifications.append(
                (row.owner_id, row.pk, message.title, message.body, message.url, self.now)
            )


NOTIFICATION_COLUMNS = ("owner_id", "reminder_id", "title", "body", "url", "created_at")


def insert_notifications(notifications):
    """Write `notifications` (tuples of NOTIFICATION_COLUMNS' values) in one executemany,
    skipping a reminder that has one already (a row sent again after its sweep died, or
    whose e-mail failed before).

    The same rows as `bulk_create(ignore_conflicts=True)` would write, without building an
    INSERT through the ORM for each: the sweep writes one per reminder it sends.
    """
    if not notifications:
        return
    ops = db_connection.ops
    table = ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in NOTIFICATION_COLUMNS)
    places = ", ".join(["%s"] * len(NOTIFICATION_COLUMNS))
    ignore = OnConflict.IGNORE
    sql = (
        f"{ops.insert_statement(on_conflict=ignore)} {table} ({columns}) VALUES ({places}) "
        f"{ops.on_conflict_suffix_sql([], ignore, None, None)}"
    ).strip()
    moments = {}  # a batch's notifications share one moment: adapted once
    params = []
    for *values, created_at in notifications:
        if created_at not in moments:
            moments[created_at] = ops.adapt_datetimefield_value(created_at)
        params.append((*values, moments[created_at]))
    with db_connection.cursor() as cursor:
        cursor.executemany(sql, params)


def email_parts(deliveries):
    """One freelancer's (row, message) pairs as the e-mails that carry them: most urgent
    first, at most REMINDERS_PER_EMAIL in each."""
    ordered = sorted(deliveries, key=lambda pair: (pair[0].deadline, pair[0].pk))
    return [
        ordered[start : start + REMINDERS_PER_EMAIL]
        for start in range(0, len(ordered), REMINDERS_PER_EMAIL)
    ]


def mark(token, now, outcome, closed, report):
    """Write `outcome` and the `closed` rows ((action, why) -> ids) in one commit. Only rows
    this sweep still holds (its token) are written."""
    if not (outcome.sent or outcome.notifications or outcome.failures or closed):
        return
    with transaction.atomic():
        if outcome.sent:
            report.sent += mark_sent(token, now, outcome.sent)
        # One notification per reminder, even if a reclaimed row was sent twice or its
        # e-mail failed before.
        insert_notifications(outcome.notifications)
        for (action, why), ids in closed.items():
            status = Reminder.Status.SKIPPED if action == SKIP else Reminder.Status.CANCELLED
            count = Reminder.objects.filter(pk__in=ids, claim_token=token).update(
                status=status, note=why, claim_token=None, claimed_until=None
            )
            if action == SKIP:
                report.skipped += count
            else:
                report.cancelled += count
        delays = settings.REMINDER_RETRY_DELAYS
        for row, error in outcome.failures:
            attempt = row.attempts + 1
            if attempt > len(delays):
                status, next_attempt = Reminder.Status.FAILED, row.next_attempt_at
                report.failed += 1
                report.note("failed", row, error)
            else:
                status, next_attempt = Reminder.Status.PENDING, now + delays[attempt - 1]
                report.retried += 1
                report.note("retry", row, error)
            Reminder.objects.filter(pk=row.pk, claim_token=token).update(
                status=status,
                attempts=attempt,
                next_attempt_at=next_attempt,
                last_error=error,
                claim_token=None,
                claimed_until=None,
            )


def mark_sent(token, now, pks):
    """Mark the rows of `pks` this sweep holds (its token) sent at `now`; how many it marked.

    The sweep's most frequent write, one per e-mail: written here as the one UPDATE the ORM
    would compile each time.
    """
    ops = db_connection.ops
    columns = {name: ops.quote_name(name) for name in ("id", "claim_token")}
    token = Reminder._meta.get_field("claim_token").get_db_prep_value(
        token, db_connection, prepared=False
    )
    sql = (
        f"UPDATE {ops.quote_name(Reminder._meta.db_table)} SET status = %s, sent_at = %s, "
        "attempts = attempts + 1, claim_token = NULL, claimed_until = NULL, last_error = '' "
        f"WHERE {columns['claim_token']} = %s "
        f"AND {columns['id']} IN ({', '.join(['%s'] * len(pks))})"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [Reminder.Status.SENT, ops.adapt_datetimefield_value(now), token, *pks])
        return cursor.rowcount


def preview_due_reminders(now=None, limit=None):
    """What a sweep would do now, changing nothing (for `send_reminders --dry-run`).

    It plans the batches a sweep would and takes each whole, with the same decisions and
    the same e-mails, until the next would pass `limit` reminders (PREVIEW_LIMIT); the
    report's `more` counts the due reminders it left out. The expired claims a sweep would
    take back first are planned with the due rows, and marked, but left as they are.
    """
    now = now or timezone.now()
    limit = limit or PREVIEW_LIMIT
    report = SweepReport()
    report.reclaimed = Reminder.objects.expired_claims(now).count()
    previewed = 0
    planner = Planner(settings.REMINDER_BATCH_SIZE, with_expired_claims=True)
    for pks in planner.batches(now):
        if previewed and previewed + len(pks) > limit:
            break
        place = {pk: i for i, pk in enumerate(pks)}
        rows = sorted(
            Reminder.objects.filter(pk__in=pks)
            .select_related("owner")
            .prefetch_related("owner__emailaddress_set")
            .with_shorter_due(now)
            .with_nudge_sent()
            .annotate(expired_claim=expired_claim(now)),
            key=lambda row: place[row.pk],
        )
        preview_batch(rows, now, report)
        previewed += len(rows)
    # Rows may be sent or changed meanwhile; never fewer than none.
    due = Reminder.objects.due(now, with_expired_claims=True)
    report.more = max(0, due.count() - previewed)
    return report


def preview_batch(rows, now, report):
    subjects, links, choices = load_subjects(rows), Links(), Choices()
    by_email = defaultdict(list)  # owner id -> [(row, message)] that would be e-mailed
    for row in rows:
        subject = subjects.get((row.kind, row.subject_id))
        action, why = decide(row, subject, now, choices)
        reclaimed = " (reclaimed first)" if row.expired_claim else ""
        if action == SEND:
            message = compose(KINDS[row.kind], subject, row, now, links)
            report.sent += 1
            report.note("would send", row, message.title + reclaimed)
            if choices.wants_email(row.owner) and not email_muted(row.owner, row.kind):
                by_email[row.owner_id].append((row, message))
        else:
            report.skipped += action == SKIP
            report.cancelled += action == CANCEL
            report.note(f"would {action}", row, why + reclaimed)
    report.emails += sum(len(email_parts(deliveries)) for deliveries in by_email.values())
