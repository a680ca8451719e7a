"""`{% once_field %}`: the hidden one-time token of a create form (see accounts/once.py)."""

from django import template
from django.utils.html import format_html

from kit import once

register = template.Library()


@register.simple_tag(takes_context=True)
def once_field(context):
    return format_html(
        '<input type="hidden" name="{}" value="{}">', once.FIELD, once.issue(context["request"])
    )
