"""Proposal templates, proposals and their screening questions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from interviews.models import Client, Invitation
from interviews.models import Status as InvitationStatus
from kit.clock import as_utc, check_not_future, check_plausible, future_errors
from kit.validators import TEXT_LIMIT, validate_single_line

from .checker import check_proposal
from .letters import COVER_LETTER_LIMIT, PLACEHOLDERS, fill_placeholders
from .question_stems import normalise

CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "PLN", "SEK", "NOK", "DKK", "JPY")


def validate_currency(value):
    if value not in CURRENCIES:
        raise ValidationError(
            "“%(value)s” is not a currency we support (use one of %(list)s).",
            params={"value": value, "list": ", ".join(CURRENCIES)},
            code="invalid_currency",
        )


class ProposalTemplate(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_templates"
    )
    name = models.CharField(max_length=120, validators=[validate_single_line])
    invitation_opening = models.TextField(
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="Opening used when the proposal answers an invitation: thank the client "
        "for inviting you.",
        default="Hi {client_name}, thank you for inviting me to interview for {job_title}.",
    )
    job_post_opening = models.TextField(
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="Opening used for an ordinary job post.",
        default="Hi {client_name}, I read your post for {job_title} with interest.",
    )
    body = models.TextField(
        max_length=TEXT_LIMIT,
        help_text="Placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="proposal_template_name_unique_per_owner",
                violation_error_message="You already have a template with this name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("template_edit", args=[self.pk])

    def render(self, values, for_invitation):
        """The cover letter for these placeholder values, and the unknown placeholders."""
        opening = self.invitation_opening if for_invitation else self.job_post_opening
        text = "\n\n".join(part.strip() for part in (opening, self.body) if part.strip())
        return fill_placeholders(text, values)


class ProposalQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Proposal.Status.SUBMITTED)


class Proposal(models.Model):
    """A response to an invitation, or to an ordinary job post when it has no invitation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DECLINED = "declined", "Declined by the client"
        HIRED = "hired", "Hired"

    class BidType(models.TextChoices):
        HOURLY = "hourly", "Hourly rate"
        FIXED = "fixed", "Fixed price"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    client = models.ForeignKey(
        Client, on_delete=models.RESTRICT, null=True, blank=True, related_name="proposals"
    )
    job_title = models.CharField(max_length=300, validators=[validate_single_line])
    job_url = models.URLField("job URL", max_length=1000, blank=True)
    template = models.ForeignKey(
        ProposalTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cover_letter = models.TextField(blank=True, validators=[MaxLengthValidator(COVER_LETTER_LIMIT)])
    bid_type = models.CharField(max_length=10, choices=BidType.choices, default=BidType.HOURLY)
    bid_amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    connects_spent = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last run of the proposal checker (proposals.checker): a list of
    # {"code", "label", "passed", "message"}. Warnings only; they never block submission.
    check_results = models.JSONField(default=list, blank=True, editable=False)
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("cover_letter"), COVER_LETTER_LIMIT),
                name="proposal_cover_letter_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(bid_amount__isnull=True) | Q(bid_amount__gt=0),
                name="proposal_bid_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="proposal_sent_has_submitted_at",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="proposal_owner_status_idx"),
            # The proposals list's order: its page is read in order and stops at the page's
            # end, instead of sorting every proposal the user ever wrote.
            models.Index(fields=["owner", "-created_at", "-id"], name="proposal_owner_created_idx"),
        ]

    def __str__(self):
        return f"Proposal for {self.job_title}"

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    def clean(self):
        super().clean()
        # The follow-up nudge is counted in days from the submission.
        check_plausible(self, "submitted_at", "closed_at")
        if self.invitation_id and self.invitation.owner_id != self.owner_id:
            raise ValidationError({"invitation": "That invitation is not yours."})
        if self.client_id and self.client.owner_id != self.owner_id:
            raise ValidationError({"client": "That client is not yours."})
        if self.template_id and self.template.owner_id != self.owner_id:
            raise ValidationError({"template": "That template is not yours."})
        errors = future_errors(
            self, {"submitted_at": "The submission time", "closed_at": "The closing time"}
        )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.invitation_id:
            # A proposal that answers an invitation is for that invitation's job and client.
            self.client_id = self.invitation.client_id
            self.job_title = self.job_title or self.invitation.job_title
            self.job_url = self.job_url or self.invitation.job_url
        # Stored moments are UTC, so the follow-up is counted in elapsed time across a DST change.
        for field in ("submitted_at", "closed_at", "checked_at"):
            setattr(self, field, as_utc(getattr(self, field)))
        super().save(*args, **kwargs)

    def placeholder_values(self):
        # Before the first save, a proposal answering an invitation has only the invitation.
        invitation = self.invitation if self.invitation_id else None
        client = self.client or (invitation.client if invitation else None)
        return {
            "client_name": client.name if client else "",
            "client_company": (client.company or client.name) if client else "",
            "job_title": self.job_title or (invitation.job_title if invitation else ""),
            "job_url": self.job_url or (invitation.job_url if invitation else ""),
            "my_name": self.owner.display_name(),
        }

    def fill_from_template(self, template):
        self.template = template
        self.cover_letter, unknown = template.render(
            self.placeholder_values(), for_invitation=bool(self.invitation_id)
        )
        return unknown

    def _set_status(self, allowed, status, at_field, at, message):
        with transaction.atomic():
            fresh = type(self).objects.select_for_update().get(pk=self.pk)
            if fresh.status not in allowed:
                raise ValidationError(message.format(status=fresh.get_status_display().lower()))
            fresh.status = status
            setattr(fresh, at_field, as_utc(at))
            fresh.save()
        self.refresh_from_db()

    # Checklist -------------------------------------------------------------------------

    def run_check(self, at=None):
        """Run the proposal checker and store its result on the row; returns the items.

        Only the two check fields are written: a check is not an edit of the proposal.
        """
        items = check_proposal(self)
        self.check_results = [item.as_dict() for item in items]
        self.checked_at = at or timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            check_results=self.check_results, checked_at=self.checked_at
        )
        return items

    @property
    def check_warnings(self):
        """The failing items of the last stored check."""
        return [item for item in self.check_results or [] if not item.get("passed")]

    def take_invitation_questions(self):
        """Start the screening questions from the invitation's (read from its notification),
        in their order; only while the proposal has none, so it never doubles them.

        Returns how many were added.
        """
        if self.invitation_id is None or self.questions.exists():
            return 0
        questions = self.invitation.question_list
        for position, text in enumerate(questions):
            ScreeningQuestion(proposal=self, position=position, question=text).save()
        return len(questions)

    # Status ----------------------------------------------------------------------------

    def submission_blockers(self):
        """What keeps this draft from being submitted, by field: the only rules that block.

        The checklist's other points are advice; these are not (the checklist marks the
        screening questions as the one of its points that blocks).
        """
        blockers = {}
        if not self.cover_letter.strip():
            blockers["cover_letter"] = "Write the cover letter before submitting."
        if self.bid_amount is None:
            blockers["bid_amount"] = "Enter your rate or bid before submitting."
        unanswered = [q for q in self.questions.all() if not q.answer.strip()] if self.pk else []
        if unanswered:
            blockers["__all__"] = (
                f"Answer every screening question before submitting ({len(unanswered)} left)."
            )
        return blockers

    def submit(self, at=None):
        """Submit a draft. The checklist runs and is stored too; its warnings never block.

        Returns the checklist's items, so the page can show what still needs attention.
        """
        at = as_utc(at or timezone.now())
        check_not_future(at, "submitted_at", "The submission time")
        blockers = self.submission_blockers()
        if blockers:
            raise ValidationError(blockers)
        if self.invitation_id and at < self.invitation.notified_at:
            raise ValidationError(
                {"submitted_at": "A proposal cannot be submitted before its invitation arrived."}
            )
        with transaction.atomic():
            self._set_status(
                [self.Status.DRAFT],
                self.Status.SUBMITTED,
                "submitted_at",
                at,
                "Only a draft can be submitted; this proposal is {status}.",
            )
            self._complete_invitation(at)
        return self.run_check(at=at)

    def _complete_invitation(self, at):
        """Submitting the proposal that answers an interview in progress completes it.

        The completion window asks for the interview to be completed and submitted; the
        proposal is that submission. Done through the invitation's own `complete()`, and only
        while its window is open: a lapsed or unstarted interview stays as it is.
        """
        invitation = self.invitation
        if invitation is None or invitation.owner_id != self.owner_id:
            return
        if invitation.status_at(at) == InvitationStatus.IN_PROGRESS:
            invitation.complete(at)

    def withdraw(self, at=None):
        self._set_status(
            [self.Status.SUBMITTED],
            self.Status.WITHDRAWN,
            "closed_at",
            at or timezone.now(),
            "Only a submitted proposal can be withdrawn; this one is {status}.",
        )

    def mark_declined(self, at=None):
        self._set_status(
            [self.Status.SUBMITTED],
            self.Status.DECLINED,
            "closed_at",
            at or timezone.now(),
            "Only a submitted proposal can be declined by the client; this one is {status}.",
        )

    def mark_hired(self, at=None):
        self._set_status(
            [self.Status.SUBMITTED],
            self.Status.HIRED,
            "closed_at",
            at or timezone.now(),
            "Only a submitted proposal can lead to a hire; this one is {status}.",
        )


class ScreeningQuestion(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.TextField(max_length=TEXT_LIMIT)
    answer = models.TextField(blank=True, max_length=TEXT_LIMIT)
    # The question's words as the question bank compares them (proposals.question_stems),
    # kept on save so that earlier answers are pre-filtered in SQL.
    normalized = models.CharField(max_length=500, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        self.normalized = normalise(self.question)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "question" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized"}
        super().save(*args, **kwargs)

    def __str__(self):
        return self.question[:80]

    def move(self, up):
        """Swap this question with the one above (or below) it; at either end, nothing moves."""
        with transaction.atomic():
            order = list(self.proposal.questions.select_for_update())
            index = next(i for i, q in enumerate(order) if q.pk == self.pk)
            other = index - 1 if up else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
            renumber_questions(order)


def renumber_questions(questions):
    """Store positions 0, 1, 2… in the given order, so the order survives later additions."""
    changed = []
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            changed.append(question)
    ScreeningQuestion.objects.bulk_update(changed, ["position"])
