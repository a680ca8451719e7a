"""Statuses that follow from a row's timestamps and the clock, and the one way a row changes them.

A status is never stored: a pending invitation is expired the moment its start deadline
passes, with no job to flip it. Each model names its statuses (a TextChoices), says which
status a row is in at an instant (`status_at(now)` on the row, `status_q(status, now)` in SQL)
and which field holds the deadline while a window is open; everything else is here.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models import Case, F, Func, Q, Value, When
from django.utils import timezone


def counting(queryset):
    """`queryset` as the one row of its count, for a subquery: COUNT as a plain function, not
    an aggregate, so that the ORM adds no GROUP BY."""
    return queryset.order_by().values(counted=Func(F("pk"), function="COUNT"))


def count_sql(**querysets):
    """`(sql, params)` of one query that counts each of the querysets, one subquery each, in
    the order given. All the querysets must be on one database."""
    parts, params = [], []
    for queryset in querysets.values():
        counted = counting(queryset)
        try:
            sql, part_params = counted.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:  # a filter no row can pass, such as none()
            parts.append("0")
            continue
        parts.append(f"({sql})")
        params.extend(part_params)
    return f"SELECT {', '.join(parts)}", params


def fetch_counts(names, sql, params, using="default"):
    """Run a count_sql query: `{name: count}`, the names in the order of the querysets."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def count_each(**querysets):
    """How many rows each queryset has (`{name: count}`), in one query of one subquery each.

    Unlike conditional counts in one aggregate, which test every row against every
    condition, each subquery is a plain filter that can count a range of its own index: the
    cost follows the rows counted, not all the rows the owner ever had. All the querysets
    must be on one database.
    """
    if not querysets:
        return {}
    using = next(iter(querysets.values())).db
    return fetch_counts(list(querysets), *count_sql(**querysets), using=using)


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

    def status_counts_apart(self, now=None):
        """How many rows are in each status at `now`, every status named, each status counted
        by a subquery of its own (count_each): for rows narrowed by indexed columns, where
        each status reads its index range. Rows narrowed by a search are better counted in
        one pass, as each subquery would search again."""
        now = now or timezone.now()
        return count_each(
            **{status.value: self.filter(self.status_q(status, now)) for status in self.statuses}
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
