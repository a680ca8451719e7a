"""The Inbox: every message that arrived by mail, what was read from it and what was done.

Nothing received is dropped: a message that could not be read or placed stays here, for the
user to turn into a record (the pre-filled form) or dismiss.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DUPLICATE = "duplicate", "Already captured"
    UNPLACED = "unplaced", "Not placed — check it"
    FAILED = "failed", "Could not be read"
    DISMISSED = "dismissed", "Dismissed"
    RECORDED = "recorded", "Recorded by hand"


# Outcomes that ask the user to do something.
NEEDS_ACTION = (Outcome.UNPLACED, Outcome.FAILED)


class InboundMessageQuerySet(models.QuerySet):
    def needing_action(self):
        return self.filter(outcome__in=NEEDS_ACTION)


class InboundMessage(models.Model):
    """One received message, kept under the user whose token its address carried."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbound_messages"
    )
    received_at = models.DateTimeField()
    # The message's own Message-ID, or one made from its content when it has none: the key
    # that makes the same message, delivered twice, one row (see the constraint below).
    message_id = models.CharField(max_length=500)
    subject = models.CharField(max_length=500, blank=True)
    sender = models.CharField(max_length=500, blank=True)
    # The raw message, as received (up to MAIL_IN_MAX_BYTES); shown only as text.
    source = models.BinaryField()
    via = models.CharField(max_length=20, blank=True, help_text="imap, or the provider's name")
    kind = models.CharField(max_length=30, blank=True)
    fields_read = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True)
    invitation = models.ForeignKey(
        "interviews.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )

    objects = InboundMessageQuerySet.as_manager()

    # Set on the row `receive` returns when the message had been received before.
    repeated = False

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            # capture.mailin.receive: a message delivered twice (two fetch runs, IMAP and a
            # webhook, a provider's retry) is claimed by whichever insert wins.
            models.UniqueConstraint(
                fields=["owner", "message_id"], name="inbound_message_once_per_owner"
            ),
        ]

    def __str__(self):
        return self.subject or "(no subject)"

    def get_absolute_url(self):
        return reverse("inbox_message", args=[self.pk])

    @property
    def record(self):
        return self.invitation or self.offer

    @property
    def needs_action(self):
        return self.outcome in NEEDS_ACTION

    def source_text(self):
        return bytes(self.source).decode("utf-8", "replace")
