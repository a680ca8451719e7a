"""Deadlines on pages: in the viewer's zone with the zone named, with a live countdown."""

from datetime import UTC, timedelta

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kit.clock import format_deadline, time_left

register = template.Library()


@register.filter
def deadline(moment):
    """`Thu 27 Nov 2026 15:00 EST` in the active (the signed-in user's) zone."""
    if not moment:
        return ""
    return format_deadline(moment)


@register.filter
def lead_hours(hours):
    """Lead times as a user chose them: `72, 24, 2 hours`, `1 hour`."""
    unit = "hour" if list(hours) == [1] else "hours"
    return f"{', '.join(str(h) for h in hours)} {unit}"


@register.filter(expects_localtime=True)
def iso(moment):
    """The ISO 8601 form for a `<time datetime>`, in the viewer's zone: what `date:'c'` gives,
    without its general-purpose formatter, several times slower (pages show dozens)."""
    return moment.isoformat() if moment else ""


@register.simple_tag
def status_badge(item, now=None):
    """The status badge of an invitation or offer. While a window is open the badge also
    carries what the status becomes when it closes (the item's status at its deadline), so
    static/js/app.js changes it at that minute, as it does the countdown beside it.

    Built as one string, not with format_html: lists show a badge per row, and escaping every
    argument cost more than the rest of the row. Only the label is text; the class names are
    status values and the times ISO strings, neither with a character to escape.
    """
    now = now or timezone.now()
    status = item.status_at(now)
    # Both at the same `now`: a page rendered across a deadline must not pair a status with
    # another moment's deadline.
    deadline = item.deadline_at(now)
    if deadline is None:
        return mark_safe(f'<span class="badge {status.value}">{escape(status.label)}</span>')
    then = item.status_at(deadline)
    return mark_safe(
        f'<span class="badge {status.value}" data-until="{deadline.astimezone(UTC).isoformat()}"'
        f' data-then="{then.value}" data-then-label="{escape(then.label)}">'
        f"{escape(status.label)}</span>"
    )


def urgency(remaining):
    if remaining <= timedelta(0):
        return "overdue"
    if remaining <= timedelta(hours=6):
        return "critical"
    if remaining <= timedelta(hours=24):
        return "soon"
    return "ok"


@register.simple_tag
def countdown(deadline_at, window_start=None, now=None):
    """The time left (or overdue) until `deadline_at`, and how much of its window is used;
    static/js/app.js keeps both moving. Built here rather than in an included template, and
    as one string rather than with format_html: lists show dozens of them. Nothing in it is
    text to escape: a phrase of numbers and unit words, ISO times and a percentage."""
    now = now or timezone.now()
    remaining = deadline_at - now
    iso = deadline_at.astimezone(UTC).isoformat()
    phrase = time_left(deadline_at, now)
    text = f"overdue by {phrase}" if remaining <= timedelta(0) else f"{phrase} left"
    bar = ""
    if window_start is not None and deadline_at > window_start:
        span = (deadline_at - window_start).total_seconds()
        used = max(0, min(100, round(100 * (now - window_start).total_seconds() / span)))
        bar = (
            f' <progress class="bar" max="100" value="{used}" data-window-start='
            f'"{window_start.isoformat()}" aria-label="Window used">{used}%</progress>'
        )
    return mark_safe(
        f'<span class="countdown-wrap urgency-{urgency(remaining)}"><time class="countdown" '
        f'datetime="{iso}" data-deadline="{iso}">{text}</time>{bar}</span>'
    )
