"""What sign-up asks beyond allauth's username, e-mail and password: the user's time zone.

Kept apart from accounts.forms: allauth imports this class while building its own forms.
"""

import json

from django import forms
from django.contrib import messages

from kit.clock import canonical_zone, zone_links

from .forms import timezone_choices
from .models import validate_timezone


class SignupFields(forms.Form):
    timezone = forms.CharField(
        label="Time zone",
        initial="UTC",
        validators=[validate_timezone],
        help_text="Every deadline is shown in this zone. Your browser's zone is picked for you "
        "when it can be; you can change it later in Settings.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select, but validated by the model's own validator so that a forged value gets
        # the model's message, not a generic "select a valid choice".
        attrs = {"autocomplete": "off"}
        if not self.is_bound:
            # Only a fresh form takes the browser's zone; a re-shown one keeps the user's pick.
            attrs["data-detect-timezone"] = ""
        # The browser may name its zone by an old name (Asia/Calcutta): the page maps it.
        attrs["data-zone-links"] = json.dumps(zone_links(), separators=(",", ":"))
        self.fields["timezone"].widget = forms.Select(choices=timezone_choices(), attrs=attrs)

    def clean_timezone(self):
        # An old name (sent by an old browser, or typed into a forged form) is stored as the
        # zone it stands for.
        return canonical_zone(self.cleaned_data.get("timezone") or "")

    def signup(self, request, user):
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["timezone"])
        messages.success(
            request,
            f"Welcome, {user.get_username()}! Deadlines are shown in {user.timezone}; start "
            "by recording an invitation. Open the link we e-mailed you to receive reminders "
            "by e-mail.",
        )
