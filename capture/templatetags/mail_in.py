"""The user's forwarding address, for the settings page: `{% load mail_in %}`."""

from django import template
from django.conf import settings

from capture.mailin import forwarding_address

register = template.Library()


@register.inclusion_tag("capture/mail_in_panel.html", takes_context=True)
def mail_in_panel(context, user):
    """The address to forward notifications to, and the form that rotates it; or, with mail
    in off, how to turn it on."""
    return {
        "address": forwarding_address(user),
        "imap": bool(settings.MAIL_IN_IMAP),
        "csrf_token": context.get("csrf_token"),
    }
