"""Every object a page or feed touches is fetched through here, scoped to its owner.

Another user's object is a 404, never a 403: a stranger cannot even learn that it exists.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

# The largest id a database's 64-bit integer column holds (SQLite's INTEGER, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


def id_from(value):
    """The positive id written in `value` (a query string's or a button's text), or None.

    Such text can be anything. Surrounding spaces are forgiven, as a form's number field
    forgives them; otherwise only ASCII digits are an id (`int()` would also read "１２" or
    "٣"), and only up to MAX_ID: a larger number is an OverflowError or a database error,
    never a row.
    """
    if not isinstance(value, str):
        return None
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        return None
    # Longer text cannot be an id; checked first, so a huge number is never even parsed.
    if len(digits) > len(str(MAX_ID)):
        return None
    number = int(digits)
    return number if 0 < number <= MAX_ID else None


def owned(request, model_or_queryset, **lookup):
    """The signed-in user's object matching `lookup`, or 404."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.all(), owner=request.user, **lookup)


def owned_queryset(request, model_or_queryset):
    """All of the signed-in user's objects of a kind."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(owner=request.user)


def owned_from_query(request, model_or_queryset, name):
    """The user's object whose id is in the query string `name`, None if absent, else 404."""
    value = request.GET.get(name, "")
    if not value:
        return None
    pk = id_from(value)
    if pk is None:
        raise Http404(f"No such {name}.")
    return owned(request, model_or_queryset, pk=pk)
