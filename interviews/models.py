"""Clients, invitations to interview, their two windows, and the preparation for each."""

from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Lower
from django.urls import reverse
from django.utils import timezone

from kit.clock import (
    as_utc,
    check_not_future,
    check_plausible,
    format_deadline,
    future_errors,
)
from kit.status import DerivedStatus, StatusQuerySet
from kit.validators import TEXT_LIMIT, validate_single_line


class Client(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients"
    )
    name = models.CharField(max_length=200, validators=[validate_single_line])
    company = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    industry = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    website = models.URLField(max_length=500, blank=True)
    research_notes = models.TextField(
        blank=True, max_length=TEXT_LIMIT, help_text="Their business, industry and previous work."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="client_name_unique_per_owner",
                violation_error_message="You already have a client with this name.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.company})" if self.company else self.name

    def get_absolute_url(self):
        return reverse("client_detail", args=[self.pk])

    def clean(self):
        super().clean()
        # Only the admin can change the owner. The records naming this client stay with
        # their owner, who would be left pointing at someone else's client.
        if self._state.adding or not self.owner_id:
            return
        stored = Client.objects.filter(pk=self.pk).values_list("owner_id", flat=True).first()
        if stored is None or stored == self.owner_id:
            return
        kept = [
            related
            for related in ("invitations", "proposals", "offers")
            if getattr(self, related).exclude(owner_id=self.owner_id).exists()
        ]
        if kept:
            previous = type(self.owner).objects.get(pk=stored).get_username()
            raise ValidationError(
                {
                    "owner": f"{previous}'s {' and '.join(kept)} name this client: it stays "
                    f"with {previous} while they do, or they would name another user's client."
                }
            )


# The longest notification kept as the source of a captured record (as much as a paste).
SOURCE_LIMIT = 100_000


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    EXPIRED = "expired", "Expired"
    LAPSED = "lapsed", "Lapsed"
    DECLINED = "declined", "Declined"
    ARCHIVED = "archived", "Archived"


OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)


def status_q(status, now):
    """The SQL condition for one invitation status at the instant `now`.

    Status is never stored: it follows from the timestamps and the clock, so a pending
    invitation is expired the moment its start deadline passes, with no job to flip it.
    """
    live = Q(declined_at__isnull=True, archived_at__isnull=True)
    not_started = live & Q(started_at__isnull=True)
    started = live & Q(started_at__isnull=False, completed_at__isnull=True)
    conditions = {
        Status.DECLINED: Q(declined_at__isnull=False),
        Status.ARCHIVED: Q(declined_at__isnull=True, archived_at__isnull=False),
        Status.COMPLETED: live & Q(completed_at__isnull=False),
        Status.LAPSED: started & Q(completion_deadline__lte=now),
        Status.IN_PROGRESS: started & Q(completion_deadline__gt=now),
        Status.EXPIRED: not_started & Q(start_deadline__lte=now),
        Status.PENDING: not_started & Q(start_deadline__gt=now),
    }
    return conditions[Status(status)]


def status_case(now):
    """Every invitation's status at the instant `now`, as one SQL `CASE`.

    The same rules as status_q's, taken in an order where each may assume that the ones
    before it did not apply: a fraction of the conditions of the seven status_q side by side,
    and so much quicker to compile.
    """
    return Case(
        When(declined_at__isnull=False, then=Value(Status.DECLINED.value)),
        When(archived_at__isnull=False, then=Value(Status.ARCHIVED.value)),
        When(completed_at__isnull=False, then=Value(Status.COMPLETED.value)),
        When(started_at__isnull=True, start_deadline__gt=now, then=Value(Status.PENDING.value)),
        When(started_at__isnull=True, then=Value(Status.EXPIRED.value)),
        When(completion_deadline__gt=now, then=Value(Status.IN_PROGRESS.value)),
        default=Value(Status.LAPSED.value),
        output_field=models.CharField(),
    )


def open_q(now, through=""):
    """The condition for an open invitation (pending or in progress) at `now`; with
    `through` (`"invitations__"`), said of the invitations related through that path, as an
    aggregate's filter needs it."""
    condition = Q(pk__in=[])
    for status in OPEN_STATUSES:
        condition |= status_q(status, now)
    return _through(condition, through) if through else condition


def _through(condition, path):
    """`condition` with each lookup taken through the relation `path`."""
    moved = Q()
    moved.connector, moved.negated = condition.connector, condition.negated
    moved.children = [
        _through(child, path) if isinstance(child, Q) else (path + child[0], child[1])
        for child in condition.children
    ]
    return moved


# Neither completed, declined nor archived: pending, in progress, expired or lapsed.
UNFINISHED = Q(declined_at__isnull=True, archived_at__isnull=True, completed_at__isnull=True)
# The end of an unfinished invitation's last window (a constraint keeps completion_deadline set
# exactly when started_at is).
WINDOW_DEADLINE = Coalesce("completion_deadline", "start_deadline")
# When the latest thing happened to an invitation: received, started, completed or declined.
LAST_EVENT = Greatest(
    "notified_at",
    Coalesce("started_at", "notified_at"),
    Coalesce("completed_at", "notified_at"),
    Coalesce("declined_at", "notified_at"),
)


class InvitationQuerySet(StatusQuerySet):
    statuses = Status
    status_q = staticmethod(status_q)
    status_case = staticmethod(status_case)

    def with_status(self, now=None):
        """Annotate `current_status` and `next_deadline` (the open window's end) in SQL."""
        now = now or timezone.now()
        return super().with_status(now).with_next_deadline(now)

    def status_counts(self, now=None):
        """How many rows are in each status at `now`, every status named (0 for none), in
        one grouped query."""
        now = now or timezone.now()
        grouped = (
            self.annotate(counted_status=status_case(now))
            .order_by()
            .values_list("counted_status")
            .annotate(rows=Count("pk"))
        )
        return {status.value: 0 for status in Status} | dict(grouped)

    def with_next_deadline(self, now=None):
        """Annotate `next_deadline` alone: the open window's end, None when none is open.

        For pages that show the status from the row itself (`status_at`): the status
        conditions are compiled anew for every query, and are its largest part.
        """
        now = now or timezone.now()
        return self.annotate(
            next_deadline=Case(
                When(status_q(Status.PENDING, now), then=F("start_deadline")),
                When(status_q(Status.IN_PROGRESS, now), then=F("completion_deadline")),
                default=None,
                output_field=models.DateTimeField(),
            ),
        )

    def open(self, now=None):
        return self.filter(open_q(now or timezone.now()))

    def unfinished(self):
        """Pending, in progress, expired or lapsed: neither completed, declined nor archived,
        whatever the clock says. Each has the end of its last window as `window_deadline`
        (a constraint keeps completion_deadline set exactly when started_at is), so with the
        clock it is open while `window_deadline > now` and missed after; plain comparisons,
        much quicker to compile than status_q's conditions."""
        return self.filter(UNFINISHED).alias(window_deadline=WINDOW_DEADLINE)

    def with_last_event(self):
        """Annotate `last_event`, when the latest thing happened to each invitation."""
        return self.annotate(last_event=LAST_EVENT)

    def due_soon(self, within, now=None):
        """Open invitations whose current window closes within `within`."""
        now = now or timezone.now()
        return (
            self.with_status(now)
            .open(now)
            .filter(next_deadline__lte=now + within)
            .order_by("next_deadline")
        )

    def open_by_deadline(self, now=None):
        """The open rows, nearest deadline first (newest first among equals): the first part
        of by_next_deadline's order, read from invitation_unfinished_idx in order."""
        now = now or timezone.now()
        return (
            self.unfinished()
            .filter(window_deadline__gt=now)
            .order_by("window_deadline", "-notified_at", "-pk")
        )

    def closed_newest_first(self, now=None):
        """The rows not open at `now`, newest first: the rest of by_next_deadline's order."""
        closed = [status for status in Status if status not in OPEN_STATUSES]
        return self.status(*closed, now=now or timezone.now()).order_by("-notified_at", "-pk")

    def by_next_deadline(self):
        """Open windows first, nearest deadline first; closed ones after, newest first."""
        return self.order_by(F("next_deadline").asc(nulls_last=True), "-notified_at", "-pk")

    def with_preparation(self):
        """Annotate `preparation_done`, the number of points marked done.

        A subquery per row rather than a join with GROUP BY: grouping every one of a user's
        invitations by all their columns made the list's page query and its count slow, and
        the count can now leave the annotation out.
        """
        done = (
            PreparationItem.objects.filter(invitation=OuterRef("pk"), done=True)
            .order_by()
            .values("invitation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(preparation_done=Coalesce(Subquery(done), 0))


class Invitation(DerivedStatus, models.Model):
    """A client's invitation to interview, and the two windows it opens.

    The start deadline is stored when the invitation is recorded and the completion deadline
    when the interview starts, from the window settings then in force; later changes to the
    settings never move them.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    client = models.ForeignKey(Client, on_delete=models.RESTRICT, related_name="invitations")
    job_title = models.CharField(max_length=300, validators=[validate_single_line])
    job_url = models.URLField("job URL", max_length=1000, blank=True)
    message = models.TextField("client's message", max_length=TEXT_LIMIT, blank=True)
    screening_questions = models.TextField(
        max_length=TEXT_LIMIT,
        blank=True,
        help_text="The client's screening questions, one per line; a proposal for this "
        "invitation starts with them.",
    )
    source_text = models.TextField(
        "original notification",
        max_length=SOURCE_LIMIT,
        blank=True,
        help_text="The notification this invitation was read from, as text.",
    )
    captured = models.BooleanField(
        "captured — check it",
        default=False,
        help_text="Recorded by itself from a forwarded notification; not yet checked.",
    )
    notified_at = models.DateTimeField(
        "notified at", help_text="When the marketplace notified you of the invitation."
    )
    start_deadline = models.DateTimeField(editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    completion_deadline = models.DateTimeField(null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=TEXT_LIMIT, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvitationQuerySet.as_manager()

    statuses = Status
    open_statuses = OPEN_STATUSES
    deadline_fields = {Status.PENDING: "start_deadline", Status.IN_PROGRESS: "completion_deadline"}

    class Meta:
        ordering = ["-notified_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_deadline__gt=F("notified_at")),
                name="invitation_start_deadline_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True)
                | Q(started_at__gte=F("notified_at"), started_at__lt=F("start_deadline")),
                name="invitation_started_within_start_window",
                violation_error_message="The interview must start within its start window.",
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True, completion_deadline__isnull=True)
                | Q(started_at__isnull=False, completion_deadline__gt=F("started_at")),
                name="invitation_completion_deadline_follows_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(
                    started_at__isnull=False,
                    completed_at__gte=F("started_at"),
                    completed_at__lt=F("completion_deadline"),
                ),
                name="invitation_completed_within_completion_window",
                violation_error_message="The interview must be completed within its "
                "completion window, after it started.",
            ),
            models.CheckConstraint(
                condition=Q(declined_at__isnull=True)
                | (Q(declined_at__gte=F("notified_at")) & ~Q(decline_reason="")),
                name="invitation_declined_with_reason",
            ),
        ]
        indexes = [
            # The dashboard and the list: a user's open start windows by deadline.
            models.Index(
                fields=["owner", "start_deadline"],
                name="invitation_open_start_idx",
                condition=Q(
                    started_at__isnull=True, declined_at__isnull=True, archived_at__isnull=True
                ),
            ),
            # The dashboard and the list: a user's running interviews by completion deadline.
            models.Index(
                fields=["owner", "completion_deadline"],
                name="invitation_running_idx",
                condition=Q(
                    started_at__isnull=False,
                    completed_at__isnull=True,
                    declined_at__isnull=True,
                    archived_at__isnull=True,
                ),
            ),
            # The invitation list's default order.
            models.Index(fields=["owner", "-notified_at"], name="invitation_owner_notified_idx"),
            # The dashboard's and the list's counts of finished invitations, each the range
            # of one index (pipeline.dashboard.pipeline_counts, status_counts_apart); with
            # the notice time, a month of them too.
            models.Index(
                fields=["owner", "notified_at"],
                name="invitation_completed_idx",
                condition=Q(
                    completed_at__isnull=False, declined_at__isnull=True, archived_at__isnull=True
                ),
            ),
            models.Index(
                fields=["owner", "notified_at"],
                name="invitation_declined_idx",
                condition=Q(declined_at__isnull=False),
            ),
            models.Index(
                fields=["owner", "notified_at"],
                name="invitation_archived_idx",
                condition=Q(declined_at__isnull=True, archived_at__isnull=False),
            ),
            # The dashboard's "what is due": a user's unfinished invitations by window end.
            models.Index(
                "owner", WINDOW_DEADLINE, name="invitation_unfinished_idx", condition=UNFINISHED
            ),
            # The clients list's invitation count of each shown client, read from the index
            # alone (interviews.views._invitation_counts).
            models.Index(fields=["client", "owner"], name="invitation_client_owner_idx"),
            # The dashboard's recent activity: a user's invitations, latest event first.
            models.Index(
                "owner", LAST_EVENT.desc(), F("id").desc(), name="invitation_last_event_idx"
            ),
        ]

    def __str__(self):
        return f"{self.job_title} — {self.client.name}"

    def get_absolute_url(self):
        return reverse("invitation_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the events as loaded, so that correcting one moves its deadline with it.
        instance._loaded_events = {
            "notified_at": instance.__dict__.get("notified_at"),
            "started_at": instance.__dict__.get("started_at"),
        }
        # And its client and owner as loaded: see clean().
        instance._loaded_link = (
            instance.__dict__.get("owner_id"),
            instance.__dict__.get("client_id"),
        )
        return instance

    # Status ----------------------------------------------------------------------------

    def status_at(self, now):
        if self.declined_at:
            return Status.DECLINED
        if self.archived_at:
            return Status.ARCHIVED
        if self.completed_at:
            return Status.COMPLETED
        if self.started_at:
            return Status.LAPSED if now >= self.completion_deadline else Status.IN_PROGRESS
        return Status.EXPIRED if now >= self.start_deadline else Status.PENDING

    @property
    def current_window_start(self):
        return self.started_at if self.started_at else self.notified_at

    # Rules -----------------------------------------------------------------------------

    def compute_deadlines(self):
        """Store the start (and completion) deadline for the events recorded on this row."""
        for field in ("notified_at", "started_at", "completed_at", "declined_at", "archived_at"):
            setattr(self, field, as_utc(getattr(self, field)))
        loaded = getattr(self, "_loaded_events", {})
        if self.notified_at is not None:
            old_notice = loaded.get("notified_at")
            if self.start_deadline is None or old_notice is None:
                self.start_deadline = self.notified_at + settings.INTERVIEW_START_WINDOW
            elif old_notice != self.notified_at:
                # A corrected notice time moves the deadline by the window it was given.
                self.start_deadline = self.notified_at + (self.start_deadline - old_notice)
        if self.started_at is None:
            self.completion_deadline = None
        else:
            old_start = loaded.get("started_at")
            if self.completion_deadline is None or old_start is None:
                self.completion_deadline = self.started_at + settings.INTERVIEW_COMPLETION_WINDOW
            elif old_start != self.started_at:
                self.completion_deadline = self.started_at + (self.completion_deadline - old_start)
        # The deadlines now follow these events: computing again (clean() then save(), as
        # a form or the admin does) must not move them a second time.
        self._loaded_events = {"notified_at": self.notified_at, "started_at": self.started_at}

    def _local(self, moment):
        # In the owner's zone; in the active one while an admin form has no owner yet.
        return format_deadline(moment, self.owner if self.owner_id else None)

    def clean(self):
        super().clean()
        # The admin can pick any client; forms offer only the owner's. The link is judged
        # when it is made or changed: a row linked to another user's client before this
        # rule existed is not refused a start or a decline, which leaves the link as it is.
        link = (self.owner_id, self.client_id)
        if (
            self.owner_id
            and self.client_id
            and link != getattr(self, "_loaded_link", None)
            and self.client.owner_id != self.owner_id
        ):
            raise ValidationError({"client": "That client is not yours."})
        check_plausible(
            self, "notified_at", "started_at", "completed_at", "declined_at", "archived_at"
        )
        if self.notified_at is None:
            return
        check_not_future(self.notified_at, "notified_at", "The notification time")
        self.compute_deadlines()
        errors = {}
        if self.started_at:
            if self.started_at < self.notified_at:
                errors["started_at"] = (
                    f"The interview started on {self._local(self.started_at)}; "
                    "the invitation cannot have arrived after that."
                )
            elif self.started_at >= self.start_deadline:
                errors["started_at"] = (
                    f"The interview started on {self._local(self.started_at)}, after the start "
                    f"deadline this notice time gives ({self._local(self.start_deadline)})."
                )
        if self.completed_at:
            if not self.started_at:
                errors["completed_at"] = "An interview cannot be completed before it starts."
            elif self.completed_at < self.started_at:
                errors["completed_at"] = "The interview cannot be completed before it started."
            elif self.completed_at >= self.completion_deadline:
                errors["completed_at"] = (
                    "The interview must be completed before the completion deadline."
                )
        if self.declined_at and not self.decline_reason.strip():
            errors["decline_reason"] = "Say why you declined."
        # A corrected notice time must still come before a recorded decline or archiving.
        for field, event in (("declined_at", "declined"), ("archived_at", "archived")):
            moment = getattr(self, field)
            if moment and moment < self.notified_at and field not in errors:
                errors[field] = (
                    f"You {event} this invitation on {self._local(moment)}; "
                    "it cannot have arrived later."
                )
        # An event in the future says more than any other problem with its time.
        errors |= future_errors(
            self,
            {
                "started_at": "The start time",
                "completed_at": "The completion time",
                "declined_at": "The decline time",
                "archived_at": "The archive time",
            },
        )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        creating = self._state.adding
        self.compute_deadlines()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                PreparationItem.objects.bulk_create(
                    [PreparationItem(invitation=self, point=point) for point in Point.values]
                )
        self._loaded_events = {"notified_at": self.notified_at, "started_at": self.started_at}

    def transition(self, check, **changes):
        fresh = super().transition(check, **changes)
        # Refreshed from the row just saved: its deadlines follow these events.
        self._loaded_events = {"notified_at": self.notified_at, "started_at": self.started_at}
        return fresh

    def start(self, at=None):
        """Record that the interview started (now, or at `at`), opening the completion window."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "started_at", "The start time")

        def check(row):
            # Judged at the moment of the event: recording today an interview that really
            # started yesterday, inside its window, is fine.
            status = row.status_at(at)
            if status == Status.EXPIRED:
                raise ValidationError(
                    {
                        "started_at": "This invitation expired on "
                        f"{format_deadline(row.start_deadline, row.owner)}: a start can only "
                        "be recorded before then."
                    }
                )
            if status != Status.PENDING:
                raise ValidationError(
                    {
                        "started_at": f"Only a pending invitation can be started; this one is "
                        f"{Status(status).label.lower()}."
                    }
                )
            if at < row.notified_at:
                raise ValidationError(
                    {"started_at": "The interview cannot start before the invitation arrived."}
                )
            if at >= row.start_deadline:
                raise ValidationError(
                    {
                        "started_at": "That is after the start deadline "
                        f"({format_deadline(row.start_deadline, row.owner)})."
                    }
                )

        self.transition(check, started_at=at)

    def complete(self, at=None):
        """Record that the interview was completed and submitted."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "completed_at", "The completion time")

        def check(row):
            status = row.status_at(at)
            if status in (Status.PENDING, Status.EXPIRED):
                raise ValidationError({"completed_at": "Start the interview before completing it."})
            if status == Status.LAPSED:
                raise ValidationError(
                    {
                        "completed_at": "The completion window closed on "
                        f"{format_deadline(row.completion_deadline, row.owner)}: a completion "
                        "can only be recorded before then."
                    }
                )
            if status != Status.IN_PROGRESS:
                raise ValidationError(
                    {
                        "completed_at": f"Only an interview in progress can be completed; this "
                        f"one is {Status(status).label.lower()}."
                    }
                )
            if at < row.started_at:
                raise ValidationError(
                    {"completed_at": "The interview cannot be completed before it started."}
                )
            if at >= row.completion_deadline:
                raise ValidationError(
                    {
                        "completed_at": "That is after the completion deadline "
                        f"({format_deadline(row.completion_deadline, row.owner)})."
                    }
                )

        self.transition(check, completed_at=at)

    def decline(self, reason, at=None):
        """Decline the invitation, keeping the reason."""
        reason = (reason or "").strip()
        at = at or timezone.now()
        if not reason:
            raise ValidationError({"decline_reason": "Say why you are declining."})
        check_not_future(at, "declined_at", "The decline time")

        def check(row):
            if row.status_at(at) not in OPEN_STATUSES:
                raise ValidationError(
                    {
                        "decline_reason": "Only an open invitation can be declined; this one is "
                        f"{row.get_status_display().lower()}."
                    }
                )
            if at < row.notified_at:
                raise ValidationError(
                    {"declined_at": "An invitation cannot be declined before it arrived."}
                )

        self.transition(check, declined_at=at, decline_reason=reason)

    def archive(self, at=None):
        """Set the invitation aside (ignore it); its reminders stop."""
        at = as_utc(at or timezone.now())
        check_not_future(at, "archived_at", "The archive time")

        def check(row):
            if row.archived_at or row.declined_at:
                raise ValidationError(
                    f"This invitation is already {row.get_status_display().lower()}."
                )
            if at < row.notified_at:
                raise ValidationError(
                    {"archived_at": "An invitation cannot be archived before it arrived."}
                )

        self.transition(check, archived_at=at)

    # Screening questions -------------------------------------------------------------

    @property
    def question_list(self):
        """The screening questions, one per non-empty line."""
        return [line.strip() for line in self.screening_questions.splitlines() if line.strip()]

    # Preparation -----------------------------------------------------------------------

    @property
    def preparation_progress(self):
        """Done points as a fraction (0 to 1); uses the annotation when the list has it."""
        done = getattr(self, "preparation_done", None)
        if done is None:
            done = sum(1 for item in self.preparation.all() if item.done)
        return done / len(Point.values)


class Point(models.TextChoices):
    RESEARCH = "research", "Research the client"
    QUESTIONS = "questions", "Prepare relevant questions"
    COMMUNICATION = "communication", "Communication"
    EXAMPLES = "examples", "Real-life examples"


POINT_HINTS = {
    Point.RESEARCH: "Their business, industry and previous work.",
    Point.QUESTIONS: "Questions that show you understood the job.",
    Point.COMMUNICATION: "Professional and concise; answer the client's concerns.",
    Point.EXAMPLES: "Examples from past work that prove the skills asked for.",
}


class PreparationItem(models.Model):
    """One of the four preparation points for an invitation, with notes and a done mark."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="preparation")
    point = models.CharField(max_length=20, choices=Point.choices)
    notes = models.TextField(blank=True, max_length=TEXT_LIMIT)
    done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Case(*(When(point=p, then=Value(i)) for i, p in enumerate(Point.values)))]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "point"], name="preparation_one_item_per_point"
            ),
        ]

    def __str__(self):
        return self.get_point_display()

    @property
    def hint(self):
        return POINT_HINTS[Point(self.point)]


def count_preparation(invitations):
    """Set `preparation_done`, the points marked done, on each of `invitations` (a page of
    rows), from one query: the list's page query compiled its subquery per row in longer
    than this takes to run."""
    invitations = list(invitations)
    done = Counter(
        PreparationItem.objects.filter(invitation__in=[row.pk for row in invitations], done=True)
        .order_by()
        .values_list("invitation_id", flat=True)
    )
    for invitation in invitations:
        invitation.preparation_done = done[invitation.pk]
    return invitations
