"""Sign-up and the settings page: time zone and reminder preferences, checked by the model."""

import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError

from kit.validators import validate_single_line

from .models import User, available_timezones, validate_lead_hours

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
