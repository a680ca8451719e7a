"""Filters every list page shares: several statuses, one client, one month in the user's zone.

The analytics page links each figure to the list behind it with these parameters, such as
`?status=completed&status=lapsed&client=4&month=2026-11`.
"""

import re
from datetime import datetime
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.paginator import Paginator
from django.utils import timezone

from .clock import EARLIEST_YEAR, LATEST_YEAR
from .ownership import id_from
from .search import cleaned, search


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


PAGE_SIZE = 25


class OneAfterOther:
    """Two ordered querysets as one list to paginate: all of `first` (`first_count` rows),
    then `then`. A page reads only the slices of each that it shows.

    For an order no index can give, made of two that indexes can: the open rows by deadline,
    then the closed ones newest first. One ORDER BY over both would sort every row.
    """

    def __init__(self, first, first_count, then):
        self.first, self.first_count, self.then = first, first_count, then

    def __getitem__(self, rows):
        if not isinstance(rows, slice) or rows.step is not None:
            raise TypeError("Ask for a slice of rows, as a page does.")
        start, stop = rows.start or 0, rows.stop
        split = self.first_count
        found = []
        if start < split:
            found += self.first[start : split if stop is None else min(stop, split)]
        if stop is None or stop > split:
            found += self.then[max(0, start - split) : None if stop is None else stop - split]
        return found


def paginate(request, queryset, count=None):
    """The requested page, and the query string that keeps the filters across pages.

    `count` is the number of rows when the caller has counted them already: the paginator
    then takes it instead of asking the database again."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def status_list(request, queryset, statuses, month_field, filter_by_status, search_fields=()):
    """The context of a list page with status chips (`includes/status_filters.html`): the
    rows narrowed to the words searched for, the chosen statuses, client and month, and
    paginated.

    `statuses` is the TextChoices of the list's statuses; `filter_by_status(queryset,
    chosen)` narrows the rows to the chosen values; `search_fields` are the fields the
    search box (`includes/list_search.html`) looks in.
    """
    query = cleaned(request.GET.get("q", ""))
    if search_fields:
        queryset = search(queryset, query, search_fields)
    queryset, narrowed = narrow(request, queryset, month_field)
    chosen = chosen_statuses(request, statuses.values)
    if chosen:
        queryset = filter_by_status(queryset, chosen)
    status = chosen[0] if len(chosen) == 1 else ("several" if chosen else "")
    return {
        "status": status,
        "query": query,
        # The search box keeps the status, client and month shown.
        "search_keeps": [("status", s) for s in chosen] + narrowing_params(request, narrowed),
        "narrowed": narrowed,
        # The status chips keep the client and month the list is narrowed to.
        "narrowing": urlencode(narrowing_params(request, narrowed)),
        # The note above a narrowed list names the statuses shown, even a single one.
        "several": [statuses(s).label for s in chosen] if status == "several" or narrowed else [],
        "statuses": statuses.choices,
        **paginate(request, queryset),
    }
