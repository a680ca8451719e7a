"""Offers: requested, received with their terms, and accepted as the contract."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from interviews.models import SOURCE_LIMIT, Client
from kit.clock import (
    as_utc,
    check_not_future,
    check_plausible,
    format_deadline,
    future_errors,
    validate_plausible_date,
)
from kit.status import DerivedStatus, StatusQuerySet
from kit.validators import TEXT_LIMIT, validate_single_line
from proposals.models import Proposal, validate_currency

ACKNOWLEDGMENT_SUGGESTIONS = ("Thank you", "Received")


class Status(models.TextChoices):
    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the client"
    EXPIRED = "expired", "Expired"


def status_q(status, now):
    """The SQL condition for one offer status at `now`; like invitations, never stored."""
    live = Q(withdrawn_at__isnull=True, declined_at__isnull=True, accepted_at__isnull=True)
    conditions = {
        Status.WITHDRAWN: Q(withdrawn_at__isnull=False),
        Status.DECLINED: Q(withdrawn_at__isnull=True, declined_at__isnull=False),
        Status.ACCEPTED: Q(
            withdrawn_at__isnull=True, declined_at__isnull=True, accepted_at__isnull=False
        ),
        Status.EXPIRED: live & Q(received_at__isnull=False, expires_at__lte=now),
        Status.RECEIVED: live & Q(received_at__isnull=False, expires_at__gt=now),
        Status.REQUESTED: live & Q(received_at__isnull=True),
    }
    return conditions[Status(status)]


class OfferQuerySet(StatusQuerySet):
    statuses = Status
    status_q = staticmethod(status_q)

    def awaiting_acceptance(self, now=None):
        return self.status(Status.RECEIVED, now=now)

    def unfinished(self):
        """Received and neither accepted, declined nor withdrawn: awaiting acceptance while
        `window_deadline` (the expiry) is ahead, expired after."""
        return self.filter(
            received_at__isnull=False,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            withdrawn_at__isnull=True,
        ).alias(window_deadline=F("expires_at"))

    def with_last_event(self):
        """Annotate `last_event`, when the latest thing happened to each received offer:
        received or accepted."""
        return self.annotate(
            last_event=Greatest("received_at", Coalesce("accepted_at", "received_at"))
        )


class Offer(DerivedStatus, models.Model):
    class ContractType(models.TextChoices):
        HOURLY = "hourly", "Hourly"
        FIXED = "fixed", "Fixed price"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    client = models.ForeignKey(
        Client, on_delete=models.RESTRICT, null=True, blank=True, related_name="offers"
    )
    job_title = models.CharField(max_length=300, validators=[validate_single_line])
    requested_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Defaults to the offer expiry setting after receipt."
    )
    contract_type = models.CharField(
        max_length=10, choices=ContractType.choices, default=ContractType.HOURLY
    )
    amount = models.DecimalField(
        "rate or amount",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The hourly rate, or the fixed price in total.",
    )
    currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    weekly_limit = models.PositiveSmallIntegerField(
        "weekly hour limit",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    start_date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    terms = models.TextField("contract terms", blank=True, max_length=TEXT_LIMIT)
    source_text = models.TextField(
        "original notification",
        max_length=SOURCE_LIMIT,
        blank=True,
        help_text="The notification this offer was read from, as text.",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    acknowledgment = models.CharField(max_length=500, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=TEXT_LIMIT)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    statuses = Status
    # Open: it can still be declined or withdrawn; only a received one has a deadline.
    open_statuses = (Status.REQUESTED, Status.RECEIVED)
    deadline_fields = {Status.RECEIVED: "expires_at"}

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_at__isnull=True)
                | Q(requested_at__isnull=True)
                | Q(received_at__gte=F("requested_at")),
                name="offer_received_after_request",
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True, expires_at__isnull=True)
                | Q(received_at__isnull=False, expires_at__gt=F("received_at")),
                name="offer_expires_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (
                    Q(
                        received_at__isnull=False,
                        accepted_at__gte=F("received_at"),
                        accepted_at__lt=F("expires_at"),
                    )
                    & ~Q(acknowledgment="")
                ),
                name="offer_accepted_in_time_with_acknowledgment",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(declined_at__isnull=True),
                name="offer_not_both_accepted_and_declined",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="offer_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(contract_type="hourly") | Q(weekly_limit__isnull=True),
                name="offer_weekly_limit_only_hourly",
            ),
        ]
        indexes = [
            # The dashboard: a user's offers awaiting acceptance by expiry.
            models.Index(
                fields=["owner", "expires_at"],
                name="offer_awaiting_idx",
                condition=Q(
                    accepted_at__isnull=True,
                    declined_at__isnull=True,
                    withdrawn_at__isnull=True,
                    received_at__isnull=False,
                ),
            ),
            # The dashboard's count of accepted offers (pipeline.dashboard.pipeline_counts).
            models.Index(
                fields=["owner"],
                name="offer_accepted_idx",
                condition=Q(
                    withdrawn_at__isnull=True, declined_at__isnull=True, accepted_at__isnull=False
                ),
            ),
            # The offers list's order, newest first.
            models.Index(fields=["owner", "-created_at", "-id"], name="offer_owner_created_idx"),
        ]

    def __str__(self):
        return f"Offer for {self.job_title}"

    def get_absolute_url(self):
        return reverse("offer_detail", args=[self.pk])

    # Status ----------------------------------------------------------------------------

    def status_at(self, now):
        if self.withdrawn_at:
            return Status.WITHDRAWN
        if self.declined_at:
            return Status.DECLINED
        if self.accepted_at:
            return Status.ACCEPTED
        if self.received_at:
            return Status.EXPIRED if now >= self.expires_at else Status.RECEIVED
        return Status.REQUESTED

    # Rules -----------------------------------------------------------------------------

    @classmethod
    def request_for(cls, proposal, at=None):
        """Record that the client was asked to send an offer for a submitted proposal."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "requested_at", "The request time")
        with transaction.atomic():
            fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if fresh.status != Proposal.Status.SUBMITTED:
                raise ValidationError(
                    "Ask for an offer once the proposal is submitted; this one is "
                    f"{fresh.get_status_display().lower()}."
                )
            if (
                cls.objects.filter(proposal=fresh)
                .status(Status.REQUESTED, Status.RECEIVED)
                .exists()
            ):
                raise ValidationError("This proposal already has an open offer.")
            offer = cls(owner=fresh.owner, proposal=fresh, requested_at=at)
            offer.fill_from_proposal()
            offer.full_clean()
            offer.save()
        return offer

    def fill_from_proposal(self):
        if self.proposal_id:
            self.client_id = self.client_id or self.proposal.client_id
            self.job_title = self.job_title or self.proposal.job_title

    def clean(self):
        super().clean()
        check_plausible(
            self,
            "requested_at",
            "received_at",
            "expires_at",
            "accepted_at",
            "declined_at",
            "withdrawn_at",
        )
        self.fill_from_proposal()
        errors = {}
        if self.proposal_id and self.proposal.owner_id != self.owner_id:
            errors["proposal"] = "That proposal is not yours."
        if self.client_id and self.client.owner_id != self.owner_id:
            errors["client"] = "That client is not yours."
        errors |= future_errors(
            self,
            {
                "requested_at": "The request time",
                "received_at": "The time",
                "accepted_at": "The acceptance time",
                "declined_at": "The decline time",
                "withdrawn_at": "The withdrawal time",
            },
        )
        if self.requested_at and self.received_at and self.received_at < self.requested_at:
            errors["received_at"] = "The offer cannot arrive before it was requested."
        if self.received_at and self.expires_at and self.expires_at <= self.received_at:
            errors["expires_at"] = "The offer must expire after it was received."
        if self.contract_type == self.ContractType.FIXED and self.weekly_limit:
            errors["weekly_limit"] = "A weekly hour limit applies to hourly contracts only."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_from_proposal()
        for field in ("requested_at", "received_at", "expires_at", "accepted_at"):
            setattr(self, field, as_utc(getattr(self, field)))
        if self.received_at and not self.expires_at:
            self.expires_at = self.received_at + settings.OFFER_EXPIRY_DEFAULT
        super().save(*args, **kwargs)

    def receive(self, at=None, expires_at=None, **terms):
        """Record that a requested offer arrived, with its terms and expiry."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "received_at", "The time the offer arrived")

        def check(row):
            if row.status != Status.REQUESTED:
                raise ValidationError(
                    f"Only a requested offer can be received; this one is "
                    f"{row.get_status_display().lower()}."
                )

        changes = dict(
            terms, received_at=at, expires_at=expires_at or at + settings.OFFER_EXPIRY_DEFAULT
        )
        self.transition(check, **changes)

    def accept(self, message, terms_reviewed=False, at=None):
        """Accept the offer: the terms were reviewed and an acknowledgment is sent."""
        message = (message or "").strip()
        at = at or timezone.now()
        errors = {}
        if not terms_reviewed:
            errors["terms_reviewed"] = "Confirm that you reviewed the contract terms."
        if not message:
            errors["acknowledgment"] = (
                "Write an acknowledgment to the client, such as “Thank you” or “Received”."
            )
        if errors:
            raise ValidationError(errors)
        check_not_future(at, "accepted_at", "The acceptance time")

        def check(row):
            status = row.status_at(at)
            if status == Status.EXPIRED:
                raise ValidationError(
                    f"This offer expired on {format_deadline(row.expires_at, row.owner)} and "
                    "can no longer be accepted."
                )
            if status != Status.RECEIVED:
                raise ValidationError(
                    f"Only a received offer can be accepted; this one is "
                    f"{row.get_status_display().lower()}."
                )
            if at < row.received_at:
                raise ValidationError("An offer cannot be accepted before it arrived.")

        with transaction.atomic():
            self.transition(check, accepted_at=at, acknowledgment=message)
            proposal = self.proposal
            if proposal is not None and proposal.status == Proposal.Status.SUBMITTED:
                proposal.mark_hired(at=at)

    def decline(self, reason="", at=None):
        at = at or timezone.now()

        def check(row):
            if row.status not in row.open_statuses:
                raise ValidationError(
                    f"Only an open offer can be declined; this one is "
                    f"{row.get_status_display().lower()}."
                )

        self.transition(check, declined_at=at, decline_reason=(reason or "").strip())

    def withdraw(self, at=None):
        """The client withdrew the offer."""
        at = at or timezone.now()

        def check(row):
            if row.status not in row.open_statuses:
                raise ValidationError(
                    f"Only an open offer can be withdrawn; this one is "
                    f"{row.get_status_display().lower()}."
                )

        self.transition(check, withdrawn_at=at)

    def expire(self, at=None):
        """The marketplace said the offer expired at `at`: an expiry later than that is
        brought forward, so the offer shows expired from then on."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "expires_at", "The expiry time")

        def check(row):
            if row.status_at(at) not in (Status.RECEIVED, Status.EXPIRED) or (
                row.received_at and at <= row.received_at
            ):
                raise ValidationError(
                    f"Only a received offer can expire; this one is "
                    f"{row.get_status_display().lower()}."
                )

        fresh = type(self).objects.get(pk=self.pk)
        if fresh.expires_at and fresh.expires_at <= at:
            return  # already expired by then: nothing moves
        self.transition(check, expires_at=at)

    @property
    def milestone_total(self):
        return sum((m.amount for m in self.milestones.all()), Decimal("0"))


def milestone_gap(price, total):
    """How far the milestones' `total` is from the fixed `price`, in words (`100.00 more`),
    or an empty string when they agree or there is no price."""
    if price is None or total == price:
        return ""
    gap = abs(total - price)
    return f"{gap:,.2f} {'more' if total > price else 'less'}"


class Milestone(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300, validators=[validate_single_line])
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    due_date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="milestone_amount_positive"),
        ]

    def __str__(self):
        return self.title
