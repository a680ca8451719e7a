"""Phone and chat channels: their own outbox beside the e-mail one.

When the sweep sends a reminder it plans one `ChannelDelivery` per enabled channel of its
owner (a unique row per reminder and channel, so a reminder sent again after a failed
e-mail plans nothing new). `send_channel_deliveries` then claims each channel's due rows
with a conditional UPDATE, sends them as one message through Apprise within a wall-clock
deadline, and marks them sent, or retries them with back-off and finally keeps them as
failed with the channel's own error. The e-mail and each channel never wait for, or
repeat, one another. A sweep killed while a message is in flight leaves that message's rows
claimed until CHANNEL_LEASE runs out: that one message may go twice, nothing else.
"""

import logging
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from kit.clock import format_deadline, time_left

from .models import Channel, ChannelDelivery
from .sealing import checked_plugin

log = logging.getLogger(__name__)

# The most deliveries one message carries: a phone shows the first few anyway.
PER_MESSAGE = 5
# How many channels one look at the due rows takes on.
CHANNELS_PER_LOOK = 50
TITLE_LIMIT = 120


@dataclass
class ChannelReport:
    sent: int = 0
    messages: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    reclaimed: int = 0
    lines: list = field(default_factory=list)

    @property
    def busy(self):
        return any((self.sent, self.retried, self.failed, self.skipped, self.reclaimed))

    @property
    def summary(self):
        return (
            f"channels: sent {self.sent} in {self.messages} message(s), retried {self.retried}, "
            f"failed {self.failed}, skipped {self.skipped}, reclaimed {self.reclaimed}"
        )

    def __str__(self):
        return self.summary


def wants_channels(user):
    return user.channels.filter(enabled=True).exists()


def plan_reminder_deliveries(pairs, now):
    """One delivery per (reminder, enabled channel) for the (row, message) pairs being sent.

    Planned before the e-mail goes, in a commit of its own: a reminder whose e-mail fails and
    is sent again plans nothing new (the unique (reminder, channel) row is already there).
    """
    if not pairs:
        return 0
    owners = {row.owner_id for row, _ in pairs}
    by_owner = defaultdict(list)
    for channel in Channel.objects.filter(owner_id__in=owners, enabled=True).only("pk", "owner_id"):
        by_owner[channel.owner_id].append(channel.pk)
    rows = [
        ChannelDelivery(
            channel_id=channel_id,
            reminder_id=row.pk,
            kind=ChannelDelivery.Kind.REMINDER,
            title=message.title[:300],
            url=message.url[:500],
            deadline=row.deadline,
            next_attempt_at=now,
        )
        for row, message in pairs
        for channel_id in by_owner.get(row.owner_id, ())
    ]
    ChannelDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notify_channels(user, title, body, url, kind=ChannelDelivery.Kind.CAPTURED, now=None):
    """Tell every enabled channel of `user` about something (a captured invitation); the
    next sweep sends it. Nothing is planned when the user switched this kind off."""
    if kind == ChannelDelivery.Kind.CAPTURED and not user.alert_captured:
        return 0
    now = now or timezone.now()
    rows = [
        ChannelDelivery(
            channel=channel,
            kind=kind,
            title=" ".join(title.split())[:300],
            body=body,
            url=url[:500],
            next_attempt_at=now,
        )
        for channel in user.channels.filter(enabled=True)
    ]
    ChannelDelivery.objects.bulk_create(rows)
    return len(rows)


def send_channel_deliveries(now=None, *, budget=None):
    """Send every due channel delivery; safe to run any number of times, anywhere, at once."""
    report = ChannelReport()
    budget = budget if budget is not None else settings.REMINDER_SWEEP_BUDGET.total_seconds()
    started = time.monotonic()

    def clock():
        return now or timezone.now()

    def in_budget():
        return time.monotonic() - started < budget

    report.reclaimed = ChannelDelivery.objects.expired_claims(clock()).update(
        status=ChannelDelivery.Status.PENDING, claim_token=None, claimed_until=None
    )
    while in_budget():
        channel_ids = list(
            ChannelDelivery.objects.due(clock())
            .order_by()
            .values_list("channel_id", flat=True)
            .distinct()[:CHANNELS_PER_LOOK]
        )
        if not channel_ids:
            break
        claimed_any = False
        for channel_id in channel_ids:
            if not in_budget():
                break
            moment = clock()
            token = uuid.uuid4()
            rows = claim(channel_id, token, moment)
            if rows:
                claimed_any = True
                send_claimed(rows, token, moment, report)
        if not claimed_any:
            break  # every due row was another sweep's
    if report.sent or report.failed or report.retried:
        log.info("channel sweep: %s", report.summary)
    return report


def claim(channel_id, token, now):
    """Claim up to PER_MESSAGE of a channel's due deliveries, most urgent first."""
    due = ChannelDelivery.objects.due(now).filter(channel_id=channel_id)
    # The first few, chosen inside the UPDATE itself: one statement, not a read then a write.
    first = due.order_by(F("deadline").asc(nulls_first=True), "pk").values("pk")[:PER_MESSAGE]
    claimed = due.filter(pk__in=first).update(
        status=ChannelDelivery.Status.SENDING,
        claim_token=token,
        claimed_until=now + settings.CHANNEL_LEASE,
    )
    if not claimed:
        return []
    return list(
        ChannelDelivery.objects.filter(claim_token=token, status=ChannelDelivery.Status.SENDING)
        .select_related("channel__owner")
        .order_by(F("deadline").asc(nulls_first=True), "pk")
    )


def send_claimed(rows, token, now, report):
    channel = rows[0].channel
    late = [row for row in rows if row.deadline is not None and row.deadline <= now]
    why = ""
    if not channel.enabled:
        late, why = rows, "The channel is off."
    elif late:
        why = "The deadline had passed; a late reminder is not sent."
    if late:
        report.skipped += ChannelDelivery.objects.filter(
            pk__in=[row.pk for row in late], claim_token=token
        ).update(
            status=ChannelDelivery.Status.SKIPPED,
            last_error=why,
            claim_token=None,
            claimed_until=None,
        )
    rows = [row for row in rows if row not in late]
    if not rows:
        return
    title, body = message_for(rows, channel.owner, now)
    error = deliver(channel, title, body)
    pks = [row.pk for row in rows]
    if error is None:
        report.messages += 1
        report.sent += ChannelDelivery.objects.filter(pk__in=pks, claim_token=token).update(
            status=ChannelDelivery.Status.SENT,
            sent_at=now,
            attempts=F("attempts") + 1,
            last_error="",
            claim_token=None,
            claimed_until=None,
        )
        return
    delays = settings.CHANNEL_RETRY_DELAYS
    for row in rows:
        attempt = row.attempts + 1
        if attempt > len(delays):
            status, next_attempt = ChannelDelivery.Status.FAILED, row.next_attempt_at
            report.failed += 1
        else:
            status, next_attempt = ChannelDelivery.Status.PENDING, now + delays[attempt - 1]
            report.retried += 1
        ChannelDelivery.objects.filter(pk=row.pk, claim_token=token).update(
            status=status,
            attempts=attempt,
            next_attempt_at=next_attempt,
            last_error=error,
            claim_token=None,
            claimed_until=None,
        )
    # The channel's name only: its URL holds the user's tokens.
    log.warning("channel %s (#%s) failed: %s", channel.name, channel.pk, error)


def message_for(rows, user, now):
    """A message short enough for a phone: each item's title, its deadline in the user's
    zone with the time left, and the link; the most urgent first."""
    entries = []
    for row in rows:
        lines = [row.title[:TITLE_LIMIT]]
        if row.deadline is not None:
            lines.append(
                f"Deadline {format_deadline(row.deadline, user, '%a %d %b %H:%M')} "
                f"({time_left(row.deadline, now)} left)"
            )
        elif row.body:
            lines.append(row.body[:200])
        if row.url:
            lines.append(settings.SITE_URL + row.url)
        entries.append("\n".join(lines))
    if len(rows) == 1:
        title, _, rest = entries[0].partition("\n")
        return title, rest
    return f"{len(rows)} reminders, the most urgent first", "\n\n".join(entries)


class _ThreadLog(logging.Handler):
    """Apprise's warnings from one thread: a channel's own error, in its words."""

    def __init__(self, thread_id):
        super().__init__(logging.WARNING)
        self.thread_id = thread_id
        self.messages = []

    def emit(self, record):
        if record.thread == self.thread_id:
            self.messages.append(record.getMessage())


def deliver(channel, title, body, url=None):
    """Send one message to a channel; None when it went, else the error in plain words.

    Apprise's own connect and read timeouts bound each request, and a watchdog bounds the
    whole send: a channel that hangs is reported as failed after CHANNEL_TIMEOUT + 5 s.
    """

    url = url if url is not None else channel.url
    try:
        # The plugin the checks read is the one that sends: built once per message.
        plugin = checked_plugin(url)
    except ValidationError as error:
        return " ".join(error.messages)
    outcome = {}

    def send():
        handler = _ThreadLog(threading.get_ident())
        apprise_log = logging.getLogger("apprise")
        apprise_log.addHandler(handler)
        try:
            plugin.socket_connect_timeout = settings.CHANNEL_TIMEOUT
            plugin.socket_read_timeout = settings.CHANNEL_TIMEOUT
            outcome["ok"] = bool(plugin.notify(body=body or title, title=title))
        except Exception as error:  # a plugin's own bug: kept as this channel's error
            outcome["error"] = f"{type(error).__name__}: {error}"
        finally:
            apprise_log.removeHandler(handler)
            outcome["log"] = handler.messages

    worker = threading.Thread(target=send, daemon=True, name=f"channel-{channel.pk}")
    worker.start()
    worker.join(settings.CHANNEL_TIMEOUT + 5)
    if worker.is_alive():
        return f"The channel did not answer within {settings.CHANNEL_TIMEOUT + 5} seconds."
    if outcome.get("ok"):
        return None
    said = outcome.get("error") or "; ".join(outcome.get("log") or [])
    return (said or "The channel refused the message.")[:1000]


def send_test(channel):
    """Send a test message now; None when it went, else the channel's error."""
    return deliver(
        channel,
        "Test from Invitation Tracker",
        f"Channel “{channel.name}” works: reminders will reach you here.",
    )


def retry(deliveries):
    """Send failed deliveries again at the next sweep; returns how many."""
    return deliveries.filter(status=ChannelDelivery.Status.FAILED).update(
        status=ChannelDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
