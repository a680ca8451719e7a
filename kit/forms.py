"""Form fields and helpers every app's forms share."""

from datetime import UTC

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from .clock import OUT_OF_RANGE, is_plausible


class MomentField(forms.DateTimeField):
    """A date and time typed in the user's zone, refused outside the years 2000 to 2099 there.

    Well-formed is not enough at the edges: a moment in the year 1 or 9999 may not convert to
    UTC, nor take a reminder's lead time off it (OverflowError, a server error).

    Where the zone's clocks change, a time shown twice (the hour repeated when they go back)
    is the first of the two: a deadline counted from it then comes early, never late, and a
    datetime-local input has no way to say which was meant. A time the clocks skip (when they
    go forward) is refused with a message that names the change.
    """

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            moment = self.read_at_a_clock_change(value)
        if moment is not None and not is_plausible(moment):
            raise ValidationError(OUT_OF_RANGE, code="out_of_range")
        return moment

    def read_at_a_clock_change(self, value):
        zone = timezone.get_current_timezone()
        # The typed digits alone, as Django reads them: UTC has no clock changes.
        with timezone.override(UTC):
            shown = super().to_python(value).replace(tzinfo=None)
        first = shown.replace(tzinfo=zone, fold=0)
        meant = first.astimezone(UTC).astimezone(zone)
        if meant.replace(tzinfo=None) == shown:
            return first
        # Skipped: `meant` is the instant the offset before the change gives it, on the new clock.
        raise ValidationError(
            "There is no %(time)s on %(day)s in %(zone)s: the clocks skip it when they go "
            "forward from %(before)s to %(after)s. Did you mean %(meant)s?",
            params={
                "time": f"{shown:%H:%M}",
                "day": f"{shown:%a %d %b %Y}",
                "zone": timezone.get_current_timezone_name(),
                "before": first.tzname(),
                "after": shown.replace(tzinfo=zone, fold=1).tzname(),
                "meant": f"{meant:%H:%M %Z}"
                if meant.date() == shown.date()
                else f"{meant:%a %d %b %Y %H:%M %Z}",
            },
            code="skipped_time",
        )


class KnownRowsInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose existing rows must be the parent's own.

    Django turns a row id that is not among the parent's (tampered, or another user's) into
    a new, unsaved row, which the save then skips without a word. That is refused instead,
    with nothing saved.
    """

    mismatch = "This list no longer matches what is saved; reload the page and try again."

    def clean(self):
        super().clean()
        existing = self.forms[: self.initial_form_count()]
        if any(form.instance._state.adding for form in existing):
            raise ValidationError(self.mismatch, code="unknown_row")


class TextareaField(forms.CharField):
    """A textarea's text with each line break as one character, as the browser counted it.

    Browsers send a line break as CRLF but count it as one against the textarea's maxlength;
    kept as CRLF, every line break would count twice against the limit, and text the page
    let the user type would be refused.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def show_model_error(form, error):
    """Put a model method's ValidationError on the form, beside its field when it has one."""
    if hasattr(error, "error_dict"):
        for key, messages in error.error_dict.items():
            form.add_error(key if key in form.fields else None, messages)
    else:
        form.add_error(None, error)


def show_errors(request, error):
    """A model method's ValidationError as messages, for an action with no form to show."""
    for message in error.messages:
        messages.error(request, message)
