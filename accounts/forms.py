"""Sign-up and the settings page: time zone and reminder preferences, checked by the model."""

import re
from datetime import UTC

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from .clock import OUT_OF_RANGE, is_plausible
from .models import User, available_timezones, validate_lead_hours, validate_single_line

LEAD_HOURS_HELP = (
    "Hours before the deadline, separated by commas, like 72, 24, 2 (each 1 to 720). "
    "Leave empty for no reminders of this kind."
)


def timezone_choices():
    """Every zone the model accepts, sorted, grouped by region (`Europe/Berlin` → Europe).

    UTC comes first because it is the default; names without a region are grouped as Other.
    """
    zones = sorted(available_timezones() - {"UTC"})
    groups = {}
    for zone in zones:
        region = zone.split("/", 1)[0] if "/" in zone else "Other"
        groups.setdefault(region, []).append((zone, zone))
    other = groups.pop("Other", [])
    return [("UTC", "UTC"), *groups.items(), ("Other", other)]


def closest_timezone(text):
    """The zone a person most likely meant: `new york` → `America/New_York`.

    Exact names pass through; otherwise a case-insensitive match of the whole name, or of the
    city alone when only one zone has that city. Anything else is returned as typed, for the
    model's validator to refuse with its own message.
    """
    typed = text.strip()
    zones = available_timezones()
    if typed in zones:
        return typed
    wanted = typed.replace(" ", "_").lower()
    by_name = [zone for zone in zones if zone.lower() == wanted]
    if len(by_name) == 1:
        return by_name[0]
    by_city = [zone for zone in zones if zone.rsplit("/", 1)[-1].lower() == wanted]
    if len(by_city) == 1:
        return by_city[0]
    return typed


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


class LeadHoursField(forms.CharField):
    """Reminder lead times typed as `72, 24, 2` and stored as a list of whole hours."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LEAD_HOURS_HELP)
        kwargs.setdefault("validators", [validate_lead_hours])
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(hours) for hours in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        hours = []
        for part in re.split(r"[,;\s]+", text.strip()):
            if not part:
                continue
            # Plain digits only: int() also takes "7_2" and other scripts' digits.
            if not re.fullmatch(r"-?[0-9]+", part):
                raise ValidationError(
                    "“%(part)s” is not a whole number of hours. Enter hours separated by "
                    "commas, like 72, 24, 2.",
                    params={"part": part},
                    code="invalid_leads",
                )
            hours.append(int(part))
        return hours

    def clean(self, value):
        hours = super().clean(value)
        # Longest lead first, the order a person reads them in.
        return sorted(hours, reverse=True)


class SignupForm(UserCreationForm):
    """A new freelancer: username, e-mail, password twice and the zone their deadlines use."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "timezone")
        help_texts = {
            "timezone": "Every deadline is shown in this zone. Your browser's zone is picked "
            "for you when it can be; you can change it later in Settings.",
        }
        labels = {"email": "E-mail", "timezone": "Time zone"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.required = True
        email.help_text = "For password resets and reminders."
        zone = self.fields["timezone"]
        # A select, but validated by the model's own validator so that a forged value gets
        # the model's message, not a generic "select a valid choice".
        attrs = {"autocomplete": "off"}
        if not self.is_bound:
            # Only a fresh form takes the browser's zone; a re-shown one keeps the user's pick.
            attrs["data-detect-timezone"] = ""
        zone.widget = forms.Select(choices=timezone_choices(), attrs=attrs)
        zone.initial = "UTC"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        email.widget.attrs.update({"autocomplete": "email"})


class SettingsForm(forms.ModelForm):
    """The signed-in user's name, e-mail, time zone and reminder preferences."""

    start_reminder_hours = LeadHoursField(label="Start window reminders")
    completion_reminder_hours = LeadHoursField(label="Completion window reminders")
    offer_reminder_hours = LeadHoursField(label="Offer expiry reminders")

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "email",
            "timezone",
            "email_reminders",
            "inapp_reminders",
            "start_reminder_hours",
            "completion_reminder_hours",
            "offer_reminder_hours",
            "proposal_followup_days",
            "offer_request_followup_days",
        )
        labels = {
            "email": "E-mail",
            "timezone": "Time zone",
            "email_reminders": "Send reminders by e-mail",
            "inapp_reminders": "Show reminders in the app",
            "proposal_followup_days": "Follow up a proposal with no reply after (days)",
            "offer_request_followup_days": "Follow up a requested offer not received after (days)",
        }
        help_texts = {
            "timezone": "Type to search by region or city, like Europe/Berlin or New York. "
            "Every deadline is shown in this zone.",
            "proposal_followup_days": "1 to 90 days.",
            "offer_request_followup_days": "1 to 90 days.",
        }
        widgets = {
            "timezone": forms.TextInput(
                attrs={"list": "timezone-choices", "autocomplete": "off", "spellcheck": "false"}
            ),
            "proposal_followup_days": forms.NumberInput(attrs={"min": 1, "max": 90}),
            "offer_request_followup_days": forms.NumberInput(attrs={"min": 1, "max": 90}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own user model declares the names; they are one line here as elsewhere.
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_single_line)

    def clean_timezone(self):
        return closest_timezone(self.cleaned_data.get("timezone") or "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email_reminders") and not cleaned.get("email"):
            self.add_error("email", "Enter an e-mail address to receive reminders by e-mail.")
        return cleaned


THROTTLED_MESSAGE = (
    "Too many failed log-ins. For your account's safety, wait %(wait)s before trying again."
)


class ThrottleMixin:
    """Refuse to even check a password while the username or address is locked."""

    def clean(self):
        from . import throttle

        username = self.cleaned_data.get("username")
        wait = throttle.wait_left(self.request, username)
        if wait is not None:
            raise ValidationError(
                THROTTLED_MESSAGE, code="throttled", params={"wait": throttle.describe(wait)}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(self.request, username)
            raise
        # A form without a username or password checks nothing and comes back with the
        # field's own error: only a password that was checked and right clears the counts.
        if self.get_user() is not None:
            throttle.record_success(self.request, username)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


class TextareaField(forms.CharField):
    """A textarea's text with each line break as one character, as the browser counted it.

    Browsers send a line break as CRLF but count it as one against the textarea's maxlength;
    kept as CRLF, every line break would count twice against the limit, and text the page
    let the user type would be refused.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value
