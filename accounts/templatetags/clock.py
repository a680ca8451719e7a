"""Deadlines on pages: in the viewer's zone with the zone named, with a live countdown."""

from datetime import UTC, timedelta

from django import template
from django.utils import timezone

from accounts.clock import format_deadline, time_left

register = template.Library()


@register.filter
def deadline(moment):
    """`Thu 27 Nov 2026 15:00 EST` in the active (the signed-in user's) zone."""
    if not moment:
        return ""
    return format_deadline(moment)


def urgency(remaining):
    if remaining <= timedelta(0):
        return "overdue"
    if remaining <= timedelta(hours=6):
        return "critical"
    if remaining <= timedelta(hours=24):
        return "soon"
    return "ok"


@register.inclusion_tag("includes/countdown.html")
def countdown(deadline_at, window_start=None, now=None):
    """The time left (or overdue) until `deadline_at`, and how much of its window is used."""
    now = now or timezone.now()
    remaining = deadline_at - now
    used = None
    if window_start is not None and deadline_at > window_start:
        span = (deadline_at - window_start).total_seconds()
        used = max(0, min(100, round(100 * (now - window_start).total_seconds() / span)))
    return {
        "deadline_at": deadline_at,
        "iso": deadline_at.astimezone(UTC).isoformat(),
        "phrase": time_left(deadline_at, now),
        "overdue": remaining <= timedelta(0),
        "urgency": urgency(remaining),
        "used": used,
        "window_start_iso": window_start.isoformat() if window_start else "",
    }
