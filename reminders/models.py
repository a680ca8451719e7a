"""The reminder outbox: one row per (deadline, lead time), and the in-app notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def expired_claim(now):
    """A row claimed by a sweep whose lease ran out: that process died or stalled.

    A row being sent with no lease at all (an interrupted write, a hand edit) has no sweep
    that will ever finish it: it counts as expired, or it would never be sent.
    """
    return Q(status=Reminder.Status.SENDING) & (
        Q(claimed_until__lt=now) | Q(claimed_until__isnull=True)
    )


class ReminderQuerySet(models.QuerySet):
    def due(self, now, *, with_expired_claims=False):
        """Pending reminders whose (next) attempt time has come, oldest first.

        `with_expired_claims` adds the expired claims a sweep takes back before it looks:
        what a sweep would send, for a preview that must not take them back itself.
        """
        waiting = Q(status=Reminder.Status.PENDING)
        if with_expired_claims:
            waiting |= expired_claim(now)
        return self.filter(waiting, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")

    def expired_claims(self, now):
        """Rows whose sweep died or stalled; see `expired_claim`."""
        return self.filter(expired_claim(now))

    def with_shorter_due(self, now):
        """Annotate `shorter_due`: whether a reminder of the same deadline with a shorter lead
        is due too (and not cancelled). Only the shortest is sent: after an outage, the
        freelancer hears "2 hours left", not also "1 day left".

        A lookup per row in the index of the (kind, subject, deadline, lead) constraint.
        """
        shorter = Reminder.objects.filter(
            kind=OuterRef("kind"),
            subject_id=OuterRef("subject_id"),
            deadline=OuterRef("deadline"),
            lead__lt=OuterRef("lead"),
            due_at__lte=now,
        ).exclude(status=Reminder.Status.CANCELLED)
        return self.annotate(shorter_due=Exists(shorter))

    def with_nudge_sent(self):
        """Annotate `nudge_sent`: whether a reminder of the same kind and subject was sent,
        for any deadline. A one-time nudge (a follow-up) goes out once even when its
        subject's date moved while it was being sent. The same index as `with_shorter_due`.
        """
        sent = Reminder.objects.filter(
            kind=OuterRef("kind"), subject_id=OuterRef("subject_id"), status=Reminder.Status.SENT
        )
        return self.annotate(nudge_sent=Exists(sent))


class Reminder(models.Model):
    """A reminder due `lead` before `deadline`, sent at most once.

    Rows are created when their deadline is created and cancelled when the obligation is met
    or gone; the sweep (`reminders.tasks.send_due_reminders`) claims due rows with a
    conditional UPDATE, delivers them and marks them sent. The rows, not the queue, are the
    source of truth.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    deadline = models.DateTimeField()
    lead = models.DurationField(help_text="How long before the deadline it is due.")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    next_attempt_at = models.DateTimeField()
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="Why it was skipped.")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id", "deadline", "lead"],
                name="reminder_one_per_deadline_and_lead",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="reminder_sent_has_sent_at",
            ),
        ]
        indexes = [
            # reminders.tasks: Reminder.objects.due(now) — the sweep's "what is due" query, and
            # Planner.owners: the freelancers of the oldest due rows.
            models.Index(
                fields=["next_attempt_at"],
                name="reminder_due_idx",
                condition=Q(status="pending"),
            ),
            # reminders.tasks.Planner.due_of: the due rows of a slice of freelancers.
            models.Index(
                fields=["owner", "next_attempt_at"],
                name="reminder_owner_due_idx",
                condition=Q(status="pending"),
            ),
            # reminders.tasks: Reminder.objects.expired_claims(now) — leases to reclaim.
            models.Index(
                fields=["claimed_until"],
                name="reminder_claimed_idx",
                condition=Q(status="sending"),
            ),
            # reminders.registry.sync: a subject's reminders.
            models.Index(fields=["subject_id", "kind"], name="reminder_subject_idx"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.subject_id}, {self.lead} before {self.deadline:%Y-%m-%d %H:%M}Z"


class Sweep(models.Model):
    """When a reminder sweep (queue or cron) last finished, for `/healthz?deep=1`: one row,
    made after every migrate (`reminders.schedule`), so a sweep records itself in one UPDATE."""

    ONE = 1  # the primary key of the one row

    finished_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def record(cls, moment=None):
        if not cls.objects.filter(pk=cls.ONE).update(finished_at=moment or timezone.now()):
            cls.objects.get_or_create(
                pk=cls.ONE, defaults={"finished_at": moment or timezone.now()}
            )

    @classmethod
    def last_finished(cls):
        return cls.objects.filter(pk=cls.ONE).values_list("finished_at", flat=True).first()

    def __str__(self):
        return f"last sweep finished at {self.finished_at}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A reminder as shown in the app; one per sent reminder."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # reminders.context_processors: the unread count in every page's header.
            models.Index(
                fields=["owner"], name="notification_unread_idx", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title


class Channel(models.Model):
    """A phone or chat channel of one freelancer: an Apprise URL, kept encrypted.

    `sealed_url` is the URL encrypted with the first of TRACKER_CHANNEL_KEYS
    (reminders.sealing); `masked_url` is what pages and the admin show of it.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channels"
    )
    name = models.CharField(max_length=80)
    sealed_url = models.TextField(editable=False)
    masked_url = models.CharField("URL", max_length=200, editable=False)
    enabled = models.BooleanField("on", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.masked_url})"

    @property
    def url(self):
        from .sealing import unseal

        return unseal(self.sealed_url)

    def set_url(self, url):
        from .sealing import mask, seal

        self.sealed_url = seal(url)
        self.masked_url = mask(url)


class ChannelDeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=ChannelDelivery.Status.PENDING, next_attempt_at__lte=now)

    def expired_claims(self, now):
        return self.filter(status=ChannelDelivery.Status.SENDING).filter(
            Q(claimed_until__lt=now) | Q(claimed_until__isnull=True)
        )


class ChannelDelivery(models.Model):
    """One message to one channel: a reminder, or a captured invitation.

    The channels' own outbox beside the e-mail one: planned once per (reminder, channel)
    when the reminder is sent, claimed by a conditional UPDATE, retried with back-off and
    kept as failed with its error (reminders.channels).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        CAPTURED = "captured", "Captured invitation"
        TEST = "test", "Test"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Failed"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REMINDER)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    next_attempt_at = models.DateTimeField()
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChannelDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "channel deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "channel"],
                condition=Q(reminder__isnull=False),
                name="channel_delivery_one_per_reminder",
            ),
        ]
        indexes = [
            # reminders.channels: ChannelDelivery.objects.due(now) — what the sweep sends.
            models.Index(
                fields=["next_attempt_at"],
                name="channel_delivery_due_idx",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.channel.name}"
