"""The user's calendar feed address, for the settings page: `{% load calendar_feed %}`."""

from django import template

from reminders import calendar

register = template.Library()


@register.inclusion_tag("reminders/calendar_panel.html", takes_context=True)
def calendar_panel(context, user):
    """The feed's secret address, a subscribe link and the form that rotates it."""
    return {
        "feed_url": calendar.feed_url(user),
        "subscribe_url": calendar.subscribe_url(user),
        "csrf_token": context.get("csrf_token"),
    }
