"""Validators that models of every app share."""

from django.core.exceptions import ValidationError


def validate_single_line(value):
    """A name or title is one line: it goes into e-mail subjects, lists and page headings."""
    if value.splitlines() not in ([], [value]):
        raise ValidationError(
            "Keep this on one line: line breaks are not allowed here.", code="line_break"
        )
