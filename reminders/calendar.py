"""Open deadlines as iCalendar events, for a subscribed feed or a one-off download.

The events come from the deadline kinds registered in `reminders.registry`, so this module
never imports the apps whose deadlines it shows. Only the hard deadlines are events (start
windows, completion windows, offer expiries); the follow-up nudges are not.

Every time is a UTC instant (`…Z`), so no VTIMEZONE is needed and every calendar application
shows the deadline at the right moment in its own zone; X-WR-TIMEZONE names the user's zone
for the applications that use it as the calendar's display zone.
"""

import re
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration, vText

from kit.clock import format_deadline

from .registry import KINDS, Plan

# The kinds shown in the calendar: what each event's title starts with, and how its
# description says when the deadline falls.
FEED_KINDS = {
    "start_window": ("Start interview", "The start window closes"),
    "completion_window": ("Complete interview", "The completion window closes"),
    "offer_expiry": ("Offer expires", "The offer expires"),
}

PRODID = "-//Invitation Tracker//Deadlines//EN"
# How often a subscribing application should fetch the feed again (a hint; Google decides
# for itself, Apple and Outlook follow it).
REFRESH_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """One open deadline of one subject."""

    kind: Any
    subject: Any
    plan: Plan


def feed_kinds():
    return [KINDS[name] for name in FEED_KINDS if name in KINDS]


def kinds_for_label(label):
    """The calendar's deadline kinds for a model given by its label (`interviews.invitation`)."""
    return [kind for kind in feed_kinds() if kind.model._meta.label_lower == label]


def _entry(kind, subject, now):
    plan = kind.plan(subject)
    # A deadline that has passed is no longer open: the window closed unmet.
    if plan is None or plan.deadline <= now:
        return None
    return Entry(kind, subject, plan)


def open_entries(user, now=None):
    """Every open deadline of the user, nearest first; one query per kind."""
    now = now or timezone.now()
    entries = []
    for kind in feed_kinds():
        for subject in kind.open_subjects(user).select_related(*kind.select_related):
            entry = _entry(kind, subject, now)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.plan.deadline, e.kind.name, e.subject.pk))
    return entries


def subject_entries(subject, now=None):
    """The open deadlines of one subject (an invitation has at most one at a time)."""
    now = now or timezone.now()
    entries = (_entry(kind, subject, now) for kind in kinds_for_label(subject._meta.label_lower))
    return [entry for entry in entries if entry is not None]


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(kind, subject):
    """Stable for a (kind, subject): a changed deadline replaces its event, never duplicates."""
    return f"{kind.name}-{subject.pk}@{_host()}"


def link(subject):
    """The subject's page on this site."""
    return settings.SITE_URL + subject.get_absolute_url()


# RFC 5545 allows no control character in a text value but the tab (3.3.11); the icalendar
# library escapes the line breaks, and anything else of the kind becomes a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def summary(entry):
    subject = entry.subject
    title = f"{FEED_KINDS[entry.kind.name][0]}: {subject.job_title}"
    client = getattr(subject, "client", None)
    text = f"{title} — {client.name}" if client is not None else title
    return _CONTROL.sub(" ", text)


def _event(entry, user, now):
    subject, plan = entry.subject, entry.plan
    deadline = plan.deadline.astimezone(UTC)
    url = link(subject)
    event = Event()
    event.add("uid", uid(entry.kind, subject))
    event.add("dtstamp", now.astimezone(UTC))
    updated = getattr(subject, "updated_at", None)
    if updated is not None:
        event.add("last-modified", updated.astimezone(UTC))
    # A deadline is an instant, not a meeting: zero length, and it never blocks busy time.
    # Zero length is a DTSTART without DTEND (RFC 5545 3.6.1): a DTEND must be later.
    event.add("dtstart", deadline)
    event.add("transp", "TRANSPARENT")
    event.add("summary", summary(entry))
    event.add(
        "description",
        f"{FEED_KINDS[entry.kind.name][1]} on {format_deadline(deadline, user)}.\n"
        f"Open it in Invitation Tracker: {url}",
    )
    event.add("url", url)
    event.add("categories", [entry.kind.label])
    for lead in sorted(plan.leads, reverse=True):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(entry))
        alarm.add("trigger", -lead)
        event.add_component(alarm)
    return event


def build_calendar(user, entries, name, now=None):
    """A VCALENDAR with one VEVENT (and its alarms) per entry."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText(user.timezone))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for entry in entries:
        calendar.add_component(_event(entry, user, now))
    return calendar


def feed(user, now=None):
    """The user's whole calendar: every open deadline."""
    now = now or timezone.now()
    return build_calendar(
        user, open_entries(user, now), f"Invitation Tracker — {user.get_username()}", now
    )


def feed_path(user):
    return reverse("calendar_feed", kwargs={"token": user.calendar_token})


def feed_url(user):
    """The secret https address to subscribe to."""
    return settings.SITE_URL + feed_path(user)


def subscribe_url(user):
    """The same address as webcal://, which opens the calendar application directly."""
    parts = urlsplit(feed_url(user))
    return f"webcal://{parts.netloc}{parts.path}"
