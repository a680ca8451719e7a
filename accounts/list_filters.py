"""Filters every list page shares: several statuses, one client, one month in the user's zone.

The analytics page links each figure to the list behind it with these parameters, such as
`?status=completed&status=lapsed&client=4&month=2026-11`.
"""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .ownership import id_from


def chosen_statuses(request, allowed):
    """The valid `status` values asked for, in order, without repeats."""
    seen = []
    for value in request.GET.getlist("status"):
        if value in allowed and value not in seen:
            seen.append(value)
    return seen


def month_bounds(value):
    """`2026-11` → the first instant of that month and of the next, in the active zone."""
    try:
        start = datetime.strptime(value, "%Y-%m")
    except (TypeError, ValueError):
        return None
    zone = timezone.get_current_timezone()
    first = start.replace(tzinfo=zone)
    return first, (start + relativedelta(months=1)).replace(tzinfo=zone)


def narrow(request, queryset, month_field):
    """Apply `client` and `month`; return the queryset and a description of what applied."""
    applied = {}
    # A malformed client id filters nothing, as if none were given.
    client = id_from(request.GET.get("client"))
    if client is not None:
        queryset = queryset.filter(client_id=client)
        applied["client"] = client
    bounds = month_bounds(request.GET.get("month", ""))
    if bounds:
        queryset = queryset.filter(
            **{f"{month_field}__gte": bounds[0], f"{month_field}__lt": bounds[1]}
        )
        applied["month"] = bounds[0].strftime("%B %Y")
    return queryset, applied
