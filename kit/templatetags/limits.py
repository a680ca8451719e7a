"""The limit of a long text field, said beside it."""

from django import template

register = template.Library()

# Shorter fields (names, titles) show their limit by stopping the typing; long ones say it.
STATED_FROM = 1000


@register.filter
def text_limit(bound_field):
    """`At most 10,000 characters.` for a long text field, unless its help says it already."""
    limit = getattr(bound_field.field, "max_length", None)
    if not limit or limit < STATED_FROM or "characters" in str(bound_field.help_text):
        return ""
    return f"At most {limit:,} characters."
