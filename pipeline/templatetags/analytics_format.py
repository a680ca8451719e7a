"""Figures as a person reads them on the analytics page: `{% load analytics_format %}`."""

from datetime import timedelta

from django import template

from kit.clock import span_words

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
    return span_words(duration / timedelta(seconds=1), under_a_minute="under a minute")


@register.filter
def ratio(value):
    """Connects per offer won: one decimal, or `—`."""
    if value is None:
        return "—"
    return f"{value:.1f}"
