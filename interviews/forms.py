"""Forms for clients, invitations, the interview actions and the preparation checklist.

Times are typed in the user's own zone: the middleware activates it, so Django's
DateTimeField reads and shows local time, and the help text names the zone.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone

from kit.forms import MomentField, TextareaField
from kit.validators import validate_single_line

from .models import TEXT_LIMIT, Client, Invitation, PreparationItem, Status

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def local_datetime_field(label, user, required=False, help_text=""):
    """A `datetime-local` input read in the user's zone, which the help text names."""
    zone_note = f"Your time zone: {user.timezone}."
    return MomentField(
        label=label,
        required=required,
        input_formats=[LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=f"{help_text} {zone_note}".strip(),
    )


def window_words(span):
    """`14 days`, `48 hours`, `90 minutes`: a window length as the settings give it."""
    minutes = int(span.total_seconds() // 60)
    if minutes % (24 * 60) == 0 and minutes >= 3 * 24 * 60:
        count, unit = minutes // (24 * 60), "day"
    elif minutes % 60 == 0:
        count, unit = minutes // 60, "hour"
    else:
        count, unit = minutes, "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def within_its_minute(typed, recorded):
    """`recorded` when `typed` is the minute it falls in, else `typed`.

    The input holds whole minutes, but a recorded time may have seconds (the admin, an
    import, a paste). Its own minute, typed back or shown unchanged, means that moment:
    not up to 59 seconds before it, which could move a deadline or put one event before
    another. Compared as the clock shows them, so that a recorded time in the hour repeated
    when the clocks go back keeps its own occurrence of that hour.
    """
    if typed is None or recorded is None:
        return typed
    minute = timezone.localtime(typed).replace(tzinfo=None)
    shown = timezone.localtime(recorded).replace(tzinfo=None)
    if minute <= shown < minute + timedelta(minutes=1):
        return recorded
    return typed


def now_to_the_minute():
    # A datetime-local input shows minutes; rounding down keeps the default in the past.
    return timezone.localtime().replace(second=0, microsecond=0)


class DomainErrorsMixin:
    """Show the model's own messages on the form, and check every constraint the model has.

    A model method or `clean()` may name a field the form does not show (the invitation's
    `started_at` when only the notice time is edited): `error_fields` maps it to the field
    that caused it, or it becomes a message at the top of the form instead of a crash.
    Django skips a constraint when one of its fields is not on the form (the owner, the
    stored deadlines), so they are checked here once the form's own fields are clean.
    """

    error_fields = {}
    constraint_error_field = None

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for key, messages in error.error_dict.items():
                target = self.error_fields.get(key, key)
                if target not in self.fields:
                    target = None
                super().add_error(target, messages)
            return
        super().add_error(field, error)

    def validate_unique(self):
        super().validate_unique()
        exclude = {name for name in self.errors if name != NON_FIELD_ERRORS}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            shown = {e for errors in self.errors.values() for e in errors}
            target = self.constraint_error_field
            if target not in self.fields or target in self.errors:
                target = None
            for message in error.messages:
                if message not in shown:
                    self.add_error(target, message)


class ClientForm(DomainErrorsMixin, forms.ModelForm):
    website = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Their site or marketplace profile.",
    )
    # The one constraint: a name is unique per owner, whatever its case.
    constraint_error_field = "name"

    class Meta:
        model = Client
        fields = ["name", "company", "industry", "website", "research_notes"]
        widgets = {"research_notes": forms.Textarea(attrs={"rows": 6})}


class InvitationForm(DomainErrorsMixin, forms.ModelForm):
    """The quick form: pick one of your clients or type a new one's name, and the job."""

    client = forms.ModelChoiceField(
        label="One of your clients",
        queryset=Client.objects.none(),
        required=False,
        empty_label="— pick a client —",
    )
    new_client_name = forms.CharField(
        label="…or a new client's name",
        max_length=200,
        required=False,
        validators=[validate_single_line],
        help_text="Type a name to add the client now; an existing client of that name is reused.",
    )
    job_url = forms.URLField(
        label="Job URL", max_length=1000, required=False, assume_scheme="https"
    )
    # Only the notice time can be edited, so the model's complaints about the start
    # time (it now falls outside its window) are about the notice time.
    error_fields = {
        "started_at": "notified_at",
        "declined_at": "notified_at",
        "archived_at": "notified_at",
    }

    class Meta:
        model = Invitation
        fields = ["client", "new_client_name", "job_title", "job_url", "message", "notified_at"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"message": TextareaField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.owner = user
        # A client id from another user is simply not a valid choice.
        self.fields["client"].queryset = Client.objects.filter(owner=user)
        self.has_clients = self.fields["client"].queryset.exists()
        if not self.has_clients:
            # A first client: the picker would be empty, so the page shows only the name.
            self.fields["new_client_name"].label = "Client's name"
            self.fields["new_client_name"].help_text = "The client is added to your list."
            # The only way to name the client, so it is marked required like the job title.
            self.fields["new_client_name"].required = True
            self.fields["new_client_name"].error_messages["required"] = "Type the client's name."
        if self.instance.pk:
            self.initial.setdefault("client", self.instance.client_id)
        self.fields["notified_at"] = local_datetime_field(
            "Notified at",
            user,
            required=True,
            help_text="When the marketplace notified you; the start window of "
            f"{window_words(settings.INTERVIEW_START_WINDOW)} runs from it.",
        )
        if not self.instance.pk:
            self.fields["notified_at"].initial = now_to_the_minute
        self.order_fields(self._meta.fields)

    def clean(self):
        cleaned = super().clean()
        client = cleaned.get("client")
        new_name = (cleaned.get("new_client_name") or "").strip()
        if "client" in self.errors or "new_client_name" in self.errors:
            return cleaned
        if client and new_name:
            raise ValidationError(
                "Pick one of your clients or type a new client's name, not both.",
                code="two_clients",
            )
        if not client and not new_name:
            if not self.has_clients:
                self.add_error("new_client_name", "Type the client's name.")
                return cleaned
            raise ValidationError(
                "Pick one of your clients, or type the name of a new one.", code="no_client"
            )
        cleaned["new_client_name"] = new_name
        return cleaned

    def clean_notified_at(self):
        stored = self.instance.notified_at if self.instance.pk else None
        return within_its_minute(self.cleaned_data["notified_at"], stored)

    def client_named(self, name):
        """The user's client of this name, compared as the uniqueness constraint does."""
        return (
            Client.objects.filter(owner=self.user)
            .alias(lower_name=Lower("name"))
            .filter(lower_name=Lower(Value(name)))
            .first()
        )

    def save(self, commit=True):
        invitation = super().save(commit=False)
        with transaction.atomic():
            client = self.cleaned_data.get("client")
            if client is None:
                name = self.cleaned_data["new_client_name"]
                client = self.client_named(name) or Client.objects.create(
                    owner=self.user, name=name
                )
            invitation.client = client
            if commit:
                invitation.save()
        return invitation


def window_closed(invitation, status):
    """Whether `invitation` is past the window of the action at hand (`status` at now): its
    event can still be recorded, with the time it happened, but no longer as now."""
    return invitation is not None and invitation.status_at(timezone.now()) == status


class StartForm(forms.Form):
    def __init__(self, *args, user, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        late = window_closed(invitation, Status.EXPIRED)
        self.fields["started_at"] = local_datetime_field(
            "Started at",
            user,
            help_text="Before the start deadline." if late else "Leave empty for now.",
        )

    def clean_started_at(self):
        # Started in the minute the invitation arrived: not before it arrived.
        notified = self.invitation.notified_at if self.invitation else None
        return within_its_minute(self.cleaned_data["started_at"], notified)


class CompleteForm(forms.Form):
    def __init__(self, *args, user, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        late = window_closed(invitation, Status.LAPSED)
        self.fields["completed_at"] = local_datetime_field(
            "Completed at",
            user,
            help_text="Before the completion deadline." if late else "Leave empty for now.",
        )

    def clean_completed_at(self):
        # Completed in the minute it started: not before it started.
        started = self.invitation.started_at if self.invitation else None
        return within_its_minute(self.cleaned_data["completed_at"], started)


class DeclineForm(forms.Form):
    # Not required here, so that the model's own message explains what is missing; the
    # browser still asks for it first.
    decline_reason = TextareaField(
        label="Reason for declining",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        help_text="For your records: why this job is not for you.",
    )

    def __init__(self, *args, user=None, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)


class ArchiveForm(forms.Form):
    def __init__(self, *args, user=None, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)


class PreparationItemForm(forms.ModelForm):
    class Meta:
        model = PreparationItem
        fields = ["notes", "done"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"done": "Done"}


class BasePreparationFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        # An item id outside this invitation's four (a tampered or stale form) would be
        # skipped without a word, and one named twice would take the other's notes; say so
        # instead, and save nothing.
        ids = [form.instance.pk for form in self.forms]
        if any(form.instance._state.adding for form in self.forms) or len(set(ids)) < len(ids):
            raise ValidationError(
                "This checklist does not match the invitation's points; reload the page and "
                "try again.",
                code="foreign_item",
            )


# Exactly the invitation's four items: no new ones, none deleted.
PreparationFormSet = modelformset_factory(
    PreparationItem,
    form=PreparationItemForm,
    formset=BasePreparationFormSet,
    extra=0,
    edit_only=True,
)
