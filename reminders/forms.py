from django import forms
from django.core.exceptions import ValidationError

from kit.validators import validate_single_line

from .models import Channel
from .sealing import check_url


class ChannelForm(forms.ModelForm):
    """A new channel: its name, its Apprise URL (checked, then kept encrypted), on or off."""

    url = forms.CharField(
        label="Apprise URL",
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="For example ntfys://ntfy.sh/your-topic or tgram://bot-token/chat-id. "
        "It is stored encrypted and shown masked.",
    )

    class Meta:
        model = Channel
        fields = ("name", "enabled")
        labels = {"enabled": "On"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(validate_single_line)

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if any(character.isspace() for character in url):
            raise ValidationError("A channel URL has no spaces or line breaks.")
        return check_url(url)

    def save(self, commit=True):
        self.instance.set_url(self.cleaned_data["url"])
        return super().save(commit)
