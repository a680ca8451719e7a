"""Figures as a person reads them on the analytics page: `{% load analytics_format %}`."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def percent(fraction):
    """0.456 → `46%`; no figure (nothing to divide by) → `—`."""
    if fraction is None:
        return "—"
    return f"{fraction * 100:.0f}%"


@register.filter
def span(duration):
    """A duration in days and hours (`3 days 4 h`), hours and minutes under a day."""
    if duration is None:
        return "—"
    seconds = int(duration / timedelta(seconds=1))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if not days and minutes:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "under a minute"


@register.filter
def ratio(value):
    """Connects per offer won: one decimal, or `—`."""
    if value is None:
        return "—"
    return f"{value:.1f}"
