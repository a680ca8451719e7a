"""Filters every list page shares: several statuses, one client, one month in the user's zone.

The analytics page links each figure to the list behind it with these parameters, such as
`?status=completed&status=lapsed&client=4&month=2026-11`.
"""

import re
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.utils import timezone

from .clock import EARLIEST_YEAR, LATEST_YEAR
from .ownership import id_from


def chosen_statuses(request, allowed):
    """The valid `status` values asked for, in order, without repeats."""
    seen = []
    for value in request.GET.getlist("status"):
        if value in allowed and value not in seen:
            seen.append(value)
    return seen


# A list is narrowed only to a month of the years any record can have: outside them a month
# is a typo, not a filter, and after 9999-12 the next month is out of Python's range.
MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
MONTH_REFUSED = (
    "The month asked for is not one between 2000-01 and 2099-12 (written like 2026-11), "
    "so the list shows every month."
)


def month_bounds(value):
    """`2026-11` → the first instant of that month and of the next, in the active zone.

    None for anything but YYYY-MM (surrounding spaces aside) from 2000-01 to 2099-12.
    """
    found = MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        return None
    year, month = (int(part) for part in found.groups())
    if not (EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12):
        return None
    start = datetime(year, month, 1)
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
    month = request.GET.get("month", "")
    bounds = month_bounds(month)
    if bounds:
        queryset = queryset.filter(
            **{f"{month_field}__gte": bounds[0], f"{month_field}__lt": bounds[1]}
        )
        applied["month"] = bounds[0].strftime("%B %Y")
    elif month.strip():
        messages.warning(request, MONTH_REFUSED)
    return queryset, applied


def narrowing_params(request, applied):
    """The query parameters of what `narrow` applied, as (name, value) pairs, for links that
    change something else (a status, the order, a search) and keep the client and month."""
    params = []
    if "client" in applied:
        params.append(("client", applied["client"]))
    if "month" in applied:
        params.append(("month", request.GET["month"].strip()))
    return params
