"""The settings page: time zone and reminder preferences, checked by the model."""

import re

from django import forms
from django.core.exceptions import ValidationError

from kit.clock import canonical_zone, country_zones, zone_links
from kit.validators import validate_single_line

from .models import REMINDER_GROUPS, User, available_timezones, validate_lead_hours

LEAD_HOURS_HELP = (
    "Hours before the deadline, separated by commas, like 72, 24, 2 (each 1 to 720). "
    "Leave empty for no reminders of this kind."
)


def offered_timezones():
    """The zones a person picks from: the places people live (`Asia/Kolkata`, not the old
    `Asia/Calcutta`), among the zones the model accepts; UTC too."""
    zones = available_timezones()
    places = country_zones() & zones
    return (places or zones - set(zone_links())) | {"UTC"}


def timezone_choices():
    """The offered zones, sorted, grouped by region (`Europe/Berlin` → Europe).

    UTC comes first because it is the default; names without a region are grouped as Other.
    """
    zones = sorted(offered_timezones() - {"UTC"})
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
        # An old name stands for its zone today: `Asia/Calcutta` is `Asia/Kolkata`.
        return canonical_zone(typed)
    zones = offered_timezones()
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


class SettingsForm(forms.ModelForm):
    """The signed-in user's name, e-mail, time zone and reminder preferences."""

    start_reminder_hours = LeadHoursField(label="Start window reminders")
    completion_reminder_hours = LeadHoursField(label="Completion window reminders")
    offer_reminder_hours = LeadHoursField(label="Offer expiry reminders")
    email_muted_kinds = forms.MultipleChoiceField(
        label="No e-mails about",
        choices=[(group, label.capitalize()) for group, label in REMINDER_GROUPS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Turned off here or by a reminder e-mail's unsubscribe link. The app and "
        "your channels still show them.",
    )

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "timezone",
            "email_reminders",
            "inapp_reminders",
            "email_muted_kinds",
            "quiet_start",
            "quiet_end",
            "alert_captured",
            "start_reminder_hours",
            "completion_reminder_hours",
            "offer_reminder_hours",
            "proposal_followup_days",
            "offer_request_followup_days",
        )
        labels = {
            "timezone": "Time zone",
            "email_reminders": "Send reminders by e-mail",
            "inapp_reminders": "Show reminders in the app",
            "quiet_start": "Quiet hours from",
            "quiet_end": "Quiet hours until",
            "alert_captured": "Alert my channels to invitations captured from mail",
            "proposal_followup_days": "Follow up a proposal with no reply after (days)",
            "offer_request_followup_days": "Follow up a requested offer not received after (days)",
        }
        help_texts = {
            "timezone": "Type to search by region or city, like Europe/Berlin or New York. "
            "Every deadline is shown in this zone.",
            "proposal_followup_days": "1 to 90 days.",
            "quiet_start": "On your clock, like 23:00. Leave both empty for none.",
            "quiet_end": "Like 07:00.",
            "offer_request_followup_days": "1 to 90 days.",
        }
        widgets = {
            "timezone": forms.TextInput(
                attrs={"list": "timezone-choices", "autocomplete": "off", "spellcheck": "false"}
            ),
            "proposal_followup_days": forms.NumberInput(attrs={"min": 1, "max": 90}),
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "offer_request_followup_days": forms.NumberInput(attrs={"min": 1, "max": 90}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own user model declares the names; they are one line here as elsewhere.
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_single_line)

    def clean_email_muted_kinds(self):
        chosen = self.cleaned_data.get("email_muted_kinds") or []
        return [group for group in REMINDER_GROUPS if group in chosen]

    def clean_timezone(self):
        return closest_timezone(self.cleaned_data.get("timezone") or "")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None) and "quiet_start" not in self.errors:
            field = "quiet_end" if end is None else "quiet_start"
            self.add_error(field, "Give both ends of your quiet hours, or leave both empty.")
        elif start is not None and start == end:
            self.add_error("quiet_end", "Quiet hours must end at another time than they start.")
        return cleaned
