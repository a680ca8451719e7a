"""Validators that models of every app share."""

import re

from django.core.exceptions import ValidationError

# The most a typed text (notes, messages, terms, answers, template parts) may hold: far more
# than any of them needs, and small enough that a page showing it stays a page.
TEXT_LIMIT = 10_000

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder the text that
# follows them: "Acme\u202efdp.exe" shows as "Acmeexe.pdf". In a name that lands in lists,
# headings and e-mail subjects they only deceive. The marks U+200E and U+200F reorder
# nothing beyond themselves and right-to-left names use them, so they are kept.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def validate_single_line(value):
    """A name or title is one line: it goes into e-mail subjects, lists and page headings.

    It holds no character that changes the direction of the text around it either.
    """
    if value.splitlines() not in ([], [value]):
        raise ValidationError(
            "Keep this on one line: line breaks are not allowed here.", code="line_break"
        )
    if BIDI_CONTROLS.search(value):
        raise ValidationError(
            "Remove the invisible characters that change the direction of the text "
            "(U+202A to U+202E, U+2066 to U+2069); right-to-left letters themselves are fine.",
            code="bidi_control",
        )
