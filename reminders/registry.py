"""How the other apps declare their deadlines, and how reminder rows follow them.

Each app describes its deadlines as `DeadlineKind`s and registers them when it is ready
(see `interviews/deadlines.py`). From then on every save of such a model — from a page, the
admin, an import, `seed_demo` or plain code — brings the subject's reminder rows in line
with its deadlines: new rows for a new deadline, cancelled rows for a met one. `reminders`
never imports the other apps; it only knows the kinds registered here.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from kit.rows import insert_rows

from .models import Reminder

KINDS = {}


@dataclass(frozen=True)
class Plan:
    deadline: datetime
    leads: tuple[timedelta, ...]


@dataclass(frozen=True)
class DeadlineKind:
    """One kind of deadline that earns reminders.

    plan(subject) -> Plan or None: the open deadline and its lead times; None once the
        obligation is met or gone.
    open_subjects(user) -> queryset of the user's subjects that may have an open deadline
        (used to reschedule when the user changes lead times).
    message(subject, reminder, now) -> (subject line, body text): what to say, with the
        time actually left.
    """

    name: str
    model: Any
    label: str
    plan: Callable
    open_subjects: Callable
    message: Callable
    select_related: tuple = ()
    # Relations that plan() reads, fetched once per batch of subjects rather than per subject.
    prefetch_related: tuple = ()
    # A nudge sent once per subject ("no reply after N days"), never planned again after it
    # went out, whatever later edits do to the moment it counts from. Deadline kinds are
    # not: a deadline that moves gets reminders for its new time.
    one_time: bool = False
    # Other subjects whose deadlines depend on this one (an offer answers its proposal).
    # They are brought in line too when this one is saved, moved to another or deleted.
    touches: Callable | None = None

    def owner_of(self, subject):
        return subject.owner


def register(kind):
    KINDS[kind.name] = kind
    # One receiver per model, however many kinds it has: each goes through all of them.
    model = kind.model._meta.label
    post_save.connect(_after_save, sender=kind.model, dispatch_uid=f"reminders-save-{model}")
    post_delete.connect(_after_delete, sender=kind.model, dispatch_uid=f"reminders-delete-{model}")
    if kind.touches:
        pre_save.connect(_before_save, sender=kind.model, dispatch_uid=f"reminders-pre-{model}")


def kinds_for(model):
    return [kind for kind in KINDS.values() if kind.model is model]


def sync(subject):
    """Make the subject's reminder rows match its deadlines now."""
    for kind in kinds_for(type(subject)):
        sync_kind(kind, subject)


def sync_kind(kind, subject):
    sync_kind_many(kind, [subject])


def sync_many(subjects):
    """Make many subjects' reminder rows match their deadlines, a few queries in all.

    The same rows as `sync` for each subject (an import writes its invitations with
    `bulk_create`, which sends no `post_save`, and brings their reminders in line here).
    """
    by_model = defaultdict(list)
    for subject in subjects:
        by_model[type(subject)].append(subject)
    for model, group in by_model.items():
        for kind in kinds_for(model):
            sync_kind_many(kind, group)


def sync_kind_many(kind, subjects):
    """Bring the kind's reminder rows in line for each subject: one read, one write each."""
    existing_by_subject = defaultdict(dict)
    rows = Reminder.objects.filter(kind=kind.name, subject_id__in=[s.pk for s in subjects])
    for row in rows:
        existing_by_subject[row.subject_id][(row.deadline, row.lead)] = row
    stale, reopened, moved, created = [], [], defaultdict(list), []
    for subject in subjects:
        existing = existing_by_subject[subject.pk]
        plan = kind.plan(subject)
        wanted = set()
        if plan is not None and not (kind.one_time and already_sent(existing.values())):
            wanted = {(plan.deadline, lead) for lead in plan.leads}
        stale += [row.pk for key, row in existing.items() if key not in wanted]
        reopened += [
            row.pk
            for key, row in existing.items()
            if key in wanted and row.status == Reminder.Status.CANCELLED
        ]
        owner = kind.owner_of(subject)
        # A subject given to another owner takes along what is still to be sent; what was
        # sent stays with the old owner, as history.
        to_send = (Reminder.Status.PENDING, Reminder.Status.CANCELLED)  # cancelled: reopened
        moved[owner] += [
            row.pk
            for key, row in existing.items()
            if key in wanted and row.status in to_send and row.owner_id != owner.pk
        ]
        created += [
            Reminder(
                owner=owner,
                kind=kind.name,
                subject_id=subject.pk,
                deadline=deadline,
                lead=lead,
                due_at=deadline - lead,
                next_attempt_at=deadline - lead,
            )
            for deadline, lead in wanted
            if (deadline, lead) not in existing
        ]
    if stale:
        Reminder.objects.filter(pk__in=stale, status=Reminder.Status.PENDING).update(
            status=Reminder.Status.CANCELLED, note="The deadline changed or was met."
        )
    if reopened:
        Reminder.objects.filter(pk__in=reopened, status=Reminder.Status.CANCELLED).update(
            status=Reminder.Status.PENDING, note="", attempts=0, next_attempt_at=F("due_at")
        )
    for owner, pks in moved.items():
        if pks:
            Reminder.objects.filter(pk__in=pks, status=Reminder.Status.PENDING).update(owner=owner)
    if created:
        # Two saves racing to create the same rows: the unique constraint keeps one.
        insert_rows(created, ignore_conflicts=True)


def already_sent(rows):
    """Whether one of the rows went out. A row still being sent does not count: its sweep
    cancels it if the deadline moved meanwhile, so the row for the new deadline must exist;
    if it went out after all, the sweep cancels the new one (`with_nudge_sent`)."""
    return any(row.status == Reminder.Status.SENT for row in rows)


def is_still_open(kind, subject, reminder):
    """Whether the reminder's deadline is still the subject's open deadline."""
    plan = kind.plan(subject)
    return plan is not None and plan.deadline == reminder.deadline


def resync_user(user):
    """Reschedule every open deadline of a user (after their lead times changed)."""
    for kind in KINDS.values():
        subjects = kind.open_subjects(user).select_related(*kind.select_related)
        for subject in subjects.prefetch_related(*kind.prefetch_related):
            sync_kind(kind, subject)


def touched_by(subject):
    """The other subjects whose deadlines depend on this one."""
    kinds = [kind for kind in kinds_for(type(subject)) if kind.touches]
    return [other for kind in kinds for other in kind.touches(subject)]


def sync_all(subjects):
    """Sync each subject once, as stored now: one held in memory (an offer's proposal, read
    before the proposal was closed) may be stale, or deleted meanwhile."""
    wanted = defaultdict(set)
    for subject in subjects:
        wanted[type(subject)].add(subject.pk)
    for model, pks in wanted.items():
        for subject in model.objects.filter(pk__in=pks):
            sync(subject)


def _before_save(sender, instance, raw=False, **kwargs):
    """Remember what the stored row touched: an offer moved to another proposal (or to
    none) no longer answers the one it left, whose follow-up is due again."""
    instance._reminders_touched_before = []
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).first()
    if stored is not None:
        instance._reminders_touched_before = touched_by(stored)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: rows arrive as stored, with their reminders
        return
    touched = getattr(instance, "_reminders_touched_before", [])
    instance._reminders_touched_before = []
    for kind in kinds_for(sender):
        sync_kind(kind, instance)
    sync_all(touched + touched_by(instance))


def deleted_on_its_own(sender, origin):
    """Whether a subject was deleted for itself (a page, the admin, code), not swept away
    with its owner's account, whose deletion has already gathered the rows it removes."""
    if isinstance(origin, QuerySet):
        return origin.model is sender
    return isinstance(origin, sender)


def _after_delete(sender, instance, origin=None, **kwargs):
    for kind in kinds_for(sender):
        Reminder.objects.filter(
            kind=kind.name, subject_id=instance.pk, status=Reminder.Status.PENDING
        ).update(status=Reminder.Status.CANCELLED, note="Its subject was deleted.")
    if deleted_on_its_own(sender, origin):
        # A deleted offer no longer answers its proposal: the proposal waits again.
        sync_all(touched_by(instance))


PREFERENCE_FIELDS = (
    "start_reminder_hours",
    "completion_reminder_hours",
    "offer_reminder_hours",
    "proposal_followup_days",
    "offer_request_followup_days",
)


def _user_before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or not instance.pk:
        instance._reminder_prefs_changed = False
        return
    before = sender.objects.filter(pk=instance.pk).values(*PREFERENCE_FIELDS).first()
    instance._reminder_prefs_changed = before is not None and any(
        before[field] != getattr(instance, field) for field in PREFERENCE_FIELDS
    )


def _user_after_save(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_reminder_prefs_changed", False):
        instance._reminder_prefs_changed = False
        resync_user(instance)


def connect_user_preferences(user_model):
    pre_save.connect(_user_before_save, sender=user_model, dispatch_uid="reminders-user-pre")
    post_save.connect(_user_after_save, sender=user_model, dispatch_uid="reminders-user-post")
