"""Statuses that follow from a row's timestamps and the clock, and the one way a row changes them.

A status is never stored: a pending invitation is expired the moment its start deadline
passes, with no job to flip it. Each model names its statuses (a TextChoices), says which
status a row is in at an instant (`status_at(now)` on the row, `status_q(status, now)` in SQL)
and which field holds the deadline while a window is open; everything else is here.
"""

from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone


class StatusQuerySet(models.QuerySet):
    """Filtering and annotating by a derived status.

    A subclass sets `statuses` (the TextChoices) and `status_q(status, now)`, the SQL
    condition for one status at the instant `now`.
    """

    statuses = None

    def status_q(self, status, now):
        raise NotImplementedError

    def status_case(self, now):
        """Every row's status at `now` as one SQL `CASE`, a `When` per status."""
        return Case(
            *(
                When(self.status_q(status, now), then=Value(status.value))
                for status in self.statuses
            ),
            output_field=models.CharField(),
        )

    def with_status(self, now=None):
        """Annotate `current_status`, each row's status at `now`."""
        now = now or timezone.now()
        return self.annotate(current_status=self.status_case(now))

    def status(self, *statuses, now=None):
        """The rows in any of `statuses` at `now`; none for no status."""
        now = now or timezone.now()
        condition = Q(pk__in=[])
        for status in statuses:
            condition |= self.status_q(status, now)
        return self.filter(condition)


class DerivedStatus:
    """What a row with a derived status shows, and its state changes (`transition`).

    Mixed into a model before `models.Model`. The model sets `statuses` (the TextChoices),
    `open_statuses`, `deadline_fields` (`{status: field}`: which field holds the deadline
    while the row is in that status) and defines `status_at(now)`.
    """

    statuses = None
    open_statuses = ()
    deadline_fields = {}

    def status_at(self, now):
        raise NotImplementedError

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.statuses(self.status).label

    @property
    def is_open(self):
        return self.status in self.open_statuses

    @property
    def current_deadline(self):
        """The end of the window that is open now, or None."""
        return self.deadline_at(timezone.now())

    def deadline_at(self, moment):
        """The end of the window open at `moment`, or None."""
        field = self.deadline_fields.get(self.status_at(moment))
        return getattr(self, field) if field else None

    def transition(self, check, **changes):
        """Change the row's state: re-read it under the write lock, check the rule on the
        fresh row (`check(row)` raises ValidationError to refuse), apply `changes`, validate
        the whole row and save it; then this instance is refreshed. Returns the fresh row.

        Checking on a fresh row inside the transaction means two requests racing to change
        one row cannot both pass the check against a stale copy. Validating the whole row
        (`full_clean()`: fields, `clean()`, constraints) holds every change to the rules a
        form or the admin holds it to.
        """
        with transaction.atomic():
            fresh = type(self).objects.select_for_update().get(pk=self.pk)
            check(fresh)
            for field, value in changes.items():
                setattr(fresh, field, value)
            fresh.full_clean()
            fresh.save()
        self.refresh_from_db()
        return fresh
