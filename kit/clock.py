"""Times as a person reads them: in their own zone, with the zone named, and time left."""

import zoneinfo
from datetime import UTC
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone


def zone_of(user):
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", None) or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def as_utc(moment):
    """The same instant in UTC. Arithmetic on an aware datetime in a local zone is wall-clock
    arithmetic in Python (14 days after 10:00 is 10:00, across a DST change too), so
    deadlines are always computed on UTC values: elapsed time, 14 × 24 hours."""
    return moment.astimezone(UTC) if moment is not None else None


def format_deadline(moment, user=None, fmt="%a %d %b %Y %H:%M"):
    """`Thu 27 Nov 2025 15:00 EST` in the user's zone (or the active one, without a user).

    The abbreviation names the zone, so nobody has to guess which clock a deadline is on.
    """
    zone = zone_of(user) if user is not None else timezone.get_current_timezone()
    local = moment.astimezone(zone)
    return f"{local.strftime(fmt)} {local.tzname()}"


def span_words(seconds, under_a_minute="less than a minute"):
    """A span in whole units, as people say it: `2 days 4 h`, `5 h 7 min`, `45 min`."""
    hours, minutes = divmod(int(seconds) // 60, 60)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if not days and minutes:
        parts.append(f"{minutes} min")
    return " ".join(parts) or under_a_minute


def time_left(deadline, now=None):
    """A short phrase for the time between now and `deadline`: `2 days 4 h`, `45 min`.

    Elapsed time (instants, not wall clocks), so a daylight-saving change never adds or
    removes an hour from what the user is told. Works the same for time overdue.
    """
    now = now or timezone.now()
    return span_words(abs((deadline - now).total_seconds()))


def check_not_future(moment, field, label, now=None):
    """Refuse an event recorded as happening later than now."""
    now = now or timezone.now()
    if moment > now:
        raise ValidationError({field: f"{label} cannot be in the future."})


def future_errors(instance, labels, now=None):
    """`{field: message}` for each of the events `labels` names (`{field: label}`) that
    `instance` records as happening later than now: a record of what happened is not a plan."""
    now = now or timezone.now()
    return {
        field: f"{label} cannot be in the future."
        for field, label in labels.items()
        if getattr(instance, field) is not None and getattr(instance, field) > now
    }


# Moments outside this span cannot be real events here, and at the far edges they do not
# survive a conversion to UTC or a window or a reminder's lead time added or taken off them.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
OUT_OF_RANGE = "Enter a date between the years 2000 and 2099."


def is_plausible(moment, user=None):
    """Whether `moment` falls in the years 2000 to 2099 on the user's clock.

    The user's clock (the active one, without a user), because that is the year they typed
    and the one their pages show: 23:30 on 31 December 2099 in New York is still 2099 there,
    although UTC is already in 2100. Far years are refused before any conversion, which near
    the year 1 or 9999 would overflow.
    """
    if not EARLIEST_YEAR - 1 <= moment.year <= LATEST_YEAR + 1:
        return False
    zone = zone_of(user) if user is not None else timezone.get_current_timezone()
    return EARLIEST_YEAR <= moment.astimezone(zone).year <= LATEST_YEAR


def validate_plausible_date(day):
    """A calendar date (a start date, a due date) in the years 2000 to 2099."""
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")


# What a date input shows as its range (`min` and `max`), as validate_plausible_date checks.
DATE_INPUT_RANGE = {"min": f"{EARLIEST_YEAR}-01-01", "max": f"{LATEST_YEAR}-12-31"}


def check_plausible(instance, *fields):
    """Refuse, field by field, any moment outside the years 2000 to 2099 on the owner's clock.

    While an admin form has no owner yet, the active zone stands in for the owner's.
    """
    owner = instance.owner if instance.owner_id else None
    errors = {}
    for field in fields:
        moment = getattr(instance, field)
        if moment is not None and not is_plausible(moment, owner):
            errors[field] = OUT_OF_RANGE
    if errors:
        raise ValidationError(errors)


# Zone names: the ones a person picks, and the old names (links) that stand for them -------


def _tzdata_file(name):
    """A file of the time zone database (tzdata.zi, zone.tab), from the tzdata package or
    the system's zoneinfo folders; None when neither ships it."""
    try:
        from importlib.resources import files

        return files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, OSError):
        pass
    for folder in zoneinfo.TZPATH:
        try:
            return (Path(folder) / name).read_text(encoding="utf-8")
        except OSError:
            continue
    return None


@cache
def country_zones():
    """The zones the database lists for the places people live (zone.tab): one name per
    region of each country, `Asia/Kolkata` and `Europe/Oslo` but not `Asia/Calcutta` or
    `US/Eastern`. Empty if zone.tab cannot be found."""
    zones = set()
    for line in (_tzdata_file("zone.tab") or "").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            zones.add(parts[2].strip())
    return frozenset(zones)


@cache
def zone_links():
    """`{"Asia/Calcutta": "Asia/Kolkata", ...}`: each old or alternative zone name (a link in
    the database, tzdata.zi) that no country lists, and the zone it stands for."""
    links = {}
    for line in (_tzdata_file("tzdata.zi") or "").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    # UTC is offered by that name (it is the default), though the database links it to Etc/UTC.
    listed = country_zones() | {"UTC"}
    return {alias: target for alias, target in links.items() if alias not in listed}


def canonical_zone(name):
    """The name a person picks for a zone: `Asia/Calcutta` → `Asia/Kolkata`; others as they are."""
    return zone_links().get(name, name)
