"""What the property tests share: Hypothesis's settings, zones whose clocks change, the
strategies that draw notices and windows, and a savepoint per example."""

import zoneinfo
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.db import transaction
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

from interviews.models import Invitation

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    # The owner and client fixtures are created once and only read; each example's own rows
    # are rolled back (see `rolled_back`), so sharing the fixtures between examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Zones whose clocks change, including half-hour (Lord Howe) and southern-hemisphere changes.
CHANGING_ZONES = (
    "America/New_York",
    "America/Santiago",
    "America/St_Johns",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
)


MINUTE = timedelta(minutes=1)


@contextmanager
def rolled_back():
    """One example's rows, undone when it ends so that the next example starts clean."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def elapsed(later, earlier):
    """Elapsed time between two instants, whatever zones they are written in."""
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def wall_clock(moment):
    return moment.replace(tzinfo=None)


@lru_cache
def clock_changes(zone_name, year):
    """The instants (to the second) at which `zone_name` changed its UTC offset in `year`."""
    zone = zoneinfo.ZoneInfo(zone_name)

    def offset(instant):
        return instant.astimezone(zone).utcoffset()

    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        if offset(day) != offset(following):
            low, high = day, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            found.append(high)
        day = following
    return tuple(found)


windows = st.integers(min_value=1, max_value=60 * 24 * 60).map(lambda m: m * MINUTE)


@st.composite
def any_notice(draw):
    """Any instant from 2001 to 2090 (the years the tracker accepts), in any IANA zone."""
    return draw(
        st.datetimes(
            min_value=datetime(2001, 1, 1),
            max_value=datetime(2090, 1, 1),
            timezones=st.timezones(),
            allow_imaginary=False,
        )
    )


@st.composite
def notice_near_a_clock_change(draw, window):
    """An instant, in a zone whose clock changes, such that `window` from it crosses a change
    (or ends or begins within a day of one)."""
    zone_name = draw(st.sampled_from(CHANGING_ZONES))
    year = draw(st.integers(min_value=2001, max_value=2045))
    changes = clock_changes(zone_name, year)
    assume(changes)  # Santiago and others had years without a change
    change = draw(st.sampled_from(changes))
    before_change = draw(
        st.timedeltas(min_value=-timedelta(days=1), max_value=window + timedelta(days=1))
    )
    return (change - before_change).astimezone(zoneinfo.ZoneInfo(zone_name))


@st.composite
def window_and_notice(draw):
    window = draw(windows)
    notice = draw(st.one_of(any_notice(), notice_near_a_clock_change(window)))
    return window, notice


def record(owner, client, notified_at):
    return Invitation.objects.create(
        owner=owner, client=client, job_title="Property", notified_at=notified_at
    )
