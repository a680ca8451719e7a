"""Queries of a fixed shape, compiled once and run again with new values."""

from datetime import UTC, datetime, timedelta

from django.db import connections

# Stand-ins no real value has: a moment in 2001 and numbers below any primary key.
_MOMENT = datetime(2001, 2, 3, 4, 5, 6, 700_000, tzinfo=UTC)
_NUMBER = -7_000_000_000


def _stand_ins(values, round_):
    """A stand-in for each value, distinct from each other and from those of the other round."""
    stand_ins = {}
    for number, (name, value) in enumerate(sorted(values.items())):
        offset = 2 * number + round_
        if isinstance(value, datetime):
            stand_ins[name] = _MOMENT + timedelta(seconds=offset, microseconds=offset)
        elif isinstance(value, int) and not isinstance(value, bool):
            stand_ins[name] = _NUMBER - offset
        else:
            raise TypeError(f"{name}: only moments and whole numbers can be prepared")
    return stand_ins


class Prepared:
    """A query that `build(**values)` returns as `(sql, params)`, compiled once per database
    and then run with other values in the same places.

    The ORM takes longer to build and compile a page's queries than the database takes to
    run them: the dashboard's have the same shape on every request, only the user and the
    clock change. `build` must put each value into the query as it is given, never one
    derived from it (`now - MISSED_WITHIN`): pass that as a value of its own. Preparing
    compiles twice, with two sets of stand-ins, and refuses a query in which anything but
    the stand-ins differs.
    """

    def __init__(self, build):
        self.build = build
        self._compiled = {}  # database alias → (sql, params, {position: (name, adapt)})

    def sql(self, using="default", **values):
        """The query's SQL and parameters for `values`."""
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._prepare(using, values)
        sql, params, slots = compiled
        params = list(params)
        for position, (name, adapt) in slots.items():
            params[position] = adapt(values[name])
        return sql, params

    def _prepare(self, using, values):
        first, second = _stand_ins(values, 0), _stand_ins(values, 1)
        sql, params = self.build(**first)
        other_sql, other_params = self.build(**second)
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("The query's shape changes with its values: it cannot be prepared.")
        ops = connections[using].ops
        adapters = [lambda value: value, ops.adapt_datetimefield_value]
        slots = {}
        for position, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            slots[position] = _slot(one, other, first, second, adapters)
            if slots[position] is None:
                raise ValueError(
                    f"Parameter {position} follows from a value without being one: pass it "
                    "to the query as a value of its own."
                )
        return sql, tuple(params), slots


def _slot(one, other, first, second, adapters):
    """`(name, adapt)` of the value whose two stand-ins, adapted, are `one` and `other`."""
    for name in first:
        for adapt in adapters:
            if one == _adapted(adapt, first[name]) and other == _adapted(adapt, second[name]):
                return name, adapt
    return None


def _adapted(adapt, value):
    try:
        return adapt(value)
    except (TypeError, ValueError, AttributeError):
        return object()  # equal to nothing


def compiled(queryset):
    """`(sql, params)` of a queryset, as a Prepared query's build returns them."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()
