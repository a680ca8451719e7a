"""A record's check constraints judged on the instance in hand, without a query each.

Django's `CheckConstraint.validate` asks the database with one SELECT per constraint. For mail
placed by itself that is most of a message's time, while the rules are plain comparisons of
the row's own fields. `full_clean(record)` judges them here with the database's own
three-valued logic (a comparison with NULL is unknown, and an unknown condition passes), and
leaves any condition it cannot read to Django's own query.
"""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Unreadable(Exception):
    """A condition with a lookup or an expression this module does not judge."""


def _operand(record, value):
    if isinstance(value, F):
        if "__" in value.name:
            raise Unreadable(value.name)
        return getattr(record, record._meta.get_field(value.name).attname)
    if hasattr(value, "resolve_expression"):
        raise Unreadable(repr(value))
    return value


def _lookup(record, lookup, value):
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if "__" in kind:
        raise Unreadable(lookup)
    field = getattr(record, record._meta.get_field(name).attname)
    if kind == "isnull":
        return (field is None) == bool(value)
    compare = _COMPARISONS.get(kind)
    if compare is None:
        raise Unreadable(lookup)
    other = _operand(record, value)
    if field is None or other is None:
        return None  # unknown, as SQL has it
    return compare(field, other)


def holds(record, condition):
    """True, False, or None (unknown) for `condition` (a Q) on `record`'s current values."""
    results = [
        holds(record, child) if isinstance(child, Q) else _lookup(record, *child)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise Unreadable(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


def check_constraints(record):
    """Raise ValidationError with the message of each check constraint `record` breaks."""
    errors = []
    for constraint in record._meta.constraints:
        try:
            if not isinstance(constraint, CheckConstraint):
                raise Unreadable(constraint.name)
            broken = holds(record, constraint.condition) is False
        except Unreadable:
            try:
                constraint.validate(type(record), record)
            except ValidationError as error:
                errors.append(error)
            continue
        if broken:
            errors.append(
                ValidationError(
                    constraint.get_violation_error_message(),
                    code=constraint.violation_error_code,
                )
            )
    if errors:
        raise ValidationError(errors)


def full_clean(record, read=()):
    """`record.full_clean()`, its check constraints judged in Python rather than by query.

    `read` names foreign keys whose rows were just read from the database in this
    transaction: asking again whether each exists would be one more query apiece. A link
    left empty is still judged (and refused when it is required).
    """
    known = [name for name in read if getattr(record, record._meta.get_field(name).attname)]
    record.full_clean(exclude=known, validate_constraints=False)
    check_constraints(record)
