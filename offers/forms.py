"""Forms for recording, receiving and accepting offers."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from interviews.models import Client
from kit.clock import DATE_INPUT_RANGE, time_left
from kit.forms import KnownRowsInlineFormSet, MomentField, TextareaField
from kit.validators import TEXT_LIMIT
from proposals.forms import CurrencySelect
from proposals.models import Proposal

from .models import Milestone, Offer, milestone_gap


def datetime_local():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def largest_amount():
    """The largest rate or price the offer's column holds: 99,999,999.99."""
    field = Offer._meta.get_field("amount")
    return Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** (
        -field.decimal_places
    )


def expiry_default_phrase():
    """`30 days`: the offer expiry setting in words."""
    now = timezone.now()
    return time_left(now + settings.OFFER_EXPIRY_DEFAULT, now)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "amount", "due_date"]
        widgets = {
            "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
            "due_date": forms.DateInput(
                attrs={"type": "date", **DATE_INPUT_RANGE}, format="%Y-%m-%d"
            ),
        }


# More than a contract lists; the ceiling keeps a post that claims 100,000 rows from
# building them (Django's own ceiling is 2,000 forms).
MILESTONE_LIMIT = 50


class MilestoneRows(KnownRowsInlineFormSet):
    mismatch = "These milestones no longer match the offer's; reload the page and try again."
    default_error_messages = {
        "too_many_forms": f"An offer lists at most {MILESTONE_LIMIT} milestones here; "
        "combine some of them.",
    }


MilestoneFormSet = forms.inlineformset_factory(
    Offer,
    Milestone,
    form=MilestoneForm,
    formset=MilestoneRows,
    extra=3,
    can_delete=False,
    max_num=MILESTONE_LIMIT,
    absolute_max=MILESTONE_LIMIT,
    validate_max=True,
)


class OfferTermsForm(forms.ModelForm):
    """When the offer arrived, when it expires, and its contract terms."""

    milestones_may_differ = forms.BooleanField(
        label="The milestones need not add up to the price",
        required=False,
        help_text="Left unticked, the milestones of a fixed price must add up to it exactly.",
    )

    class Meta:
        model = Offer
        fields = [
            "received_at",
            "expires_at",
            "contract_type",
            "amount",
            "currency",
            "weekly_limit",
            "start_date",
            "terms",
            "source_text",
        ]
        widgets = {
            "received_at": datetime_local(),
            "expires_at": datetime_local(),
            "contract_type": forms.RadioSelect,
            "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
            "currency": CurrencySelect,
            "weekly_limit": forms.NumberInput(attrs={"min": "1", "max": "168"}),
            "start_date": forms.DateInput(
                attrs={"type": "date", **DATE_INPUT_RANGE}, format="%Y-%m-%d"
            ),
            "terms": forms.Textarea(attrs={"rows": 5}),
            "source_text": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"received_at": "Received at", "expires_at": "Expires at", "terms": "Other terms"}
        field_classes = {
            "received_at": MomentField,
            "expires_at": MomentField,
            "source_text": TextareaField,
        }

    def __init__(self, *args, owner, milestones, pasted=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.milestones = milestones
        zone = timezone.get_current_timezone_name()
        now = timezone.now().replace(second=0, microsecond=0)
        self.fields["received_at"].required = True
        self.fields["received_at"].help_text = f"Your time ({zone})."
        self.fields["expires_at"].help_text = (
            f"Your time ({zone}). Pre-filled {expiry_default_phrase()} after now; change it "
            "to the expiry the offer shows. Left empty, it is that long after receipt."
        )
        self.fields["weekly_limit"].help_text = "Hourly contracts only."
        self.fields["terms"].help_text = "Anything else the offer says."
        if not self.is_bound and self.instance.received_at is None and not pasted:
            self.initial["received_at"] = now
            self.initial["expires_at"] = now + settings.OFFER_EXPIRY_DEFAULT
        elif not self.is_bound and pasted:
            # What a notification said stands; an expiry it did not give is left empty (the
            # page's note says the usual expiry applies), never filled in silently.
            self.initial.setdefault("received_at", now)

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        requested = self.instance.requested_at
        # The input holds whole minutes, and its default is now rounded down: an offer that
        # arrives in the minute it was requested is typed as that minute, which is before
        # the request's seconds. It means "in that minute", so not before the request.
        if received and requested and received <= requested < received + timedelta(minutes=1):
            return requested
        return received

    def clean(self):
        cleaned = super().clean()
        contract = cleaned.get("contract_type")
        rows = self.milestone_rows()
        if contract == Offer.ContractType.HOURLY:
            if rows:
                self.add_error(
                    None,
                    "Milestones belong to fixed-price contracts: clear them, or choose "
                    "“Fixed price”.",
                )
            if cleaned.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", "Enter the hourly rate.")
        elif contract == Offer.ContractType.FIXED and cleaned.get("amount") is not None:
            gap = milestone_gap(cleaned["amount"], sum(row["amount"] for row in rows))
            if rows and gap and not cleaned.get("milestones_may_differ"):
                total = sum(row["amount"] for row in rows)
                self.add_error(
                    None,
                    f"The milestones add up to {total:,.2f}, which is {gap} than the fixed "
                    f"price ({cleaned['amount']:,.2f}). Correct them or the price, or tick "
                    "“The milestones need not add up to the price”.",
                )
        elif (
            contract == Offer.ContractType.FIXED
            and cleaned.get("amount") is None
            and "amount" not in self.errors
        ):
            if rows:
                # The fixed price is what the milestones add up to.
                total = sum(row["amount"] for row in rows)
                if total > largest_amount():
                    # Said here: the column's "no more than 10 digits" would land on the
                    # price field the user left empty.
                    self.add_error(
                        None,
                        f"The milestones add up to {total:,}, more than a price can be "
                        f"(at most {largest_amount():,}). Check their amounts.",
                    )
                else:
                    cleaned["amount"] = total
            else:
                self.add_error("amount", "Enter the fixed price, or list the milestones.")
        return cleaned

    def milestone_rows(self):
        """The filled-in milestone rows (empty once the formset has errors of its own)."""
        if self.milestones is None or not self.milestones.is_valid():
            return []
        return [
            form.cleaned_data
            for form in self.milestones.forms
            if form.cleaned_data and form.has_changed()
        ]

    def terms(self):
        """The contract terms (and the notification they were read from), as `Offer.receive`
        takes them."""
        names = (
            "contract_type",
            "amount",
            "currency",
            "weekly_limit",
            "start_date",
            "terms",
            "source_text",
        )
        return {name: self.cleaned_data[name] for name in names}


class OfferForm(OfferTermsForm):
    """A received offer recorded from scratch: what it is for, then its terms."""

    class Meta(OfferTermsForm.Meta):
        fields = ["proposal", "client", "job_title", *OfferTermsForm.Meta.fields]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        proposals = Proposal.objects.filter(owner=owner).select_related("client")
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = proposal_label
        self.fields["proposal"].empty_label = "— not from a proposal here —"
        self.fields["proposal"].help_text = "The client and job come from the proposal."
        self.fields["client"].queryset = Client.objects.filter(owner=owner)
        self.fields["client"].empty_label = "— choose a client —"
        self.fields["job_title"].required = False
        self.fields["job_title"].help_text = "Needed when the offer is not from a proposal."

    def clean(self):
        cleaned = super().clean()
        proposal = cleaned.get("proposal")
        if proposal is not None:
            # What the offer is for comes from the proposal unless typed differently.
            cleaned["job_title"] = cleaned.get("job_title") or proposal.job_title
            cleaned["client"] = cleaned.get("client") or proposal.client
        elif not cleaned.get("job_title") and "proposal" not in self.errors:
            self.add_error(
                "job_title", "Enter the job title, or choose the proposal the offer answers."
            )
        return cleaned


def proposal_label(proposal):
    client = f" — {proposal.client.name}" if proposal.client_id else ""
    return f"{proposal.job_title}{client} ({proposal.get_status_display().lower()})"


class AcceptForm(forms.Form):
    terms_reviewed = forms.BooleanField(label="I have reviewed the contract terms", required=False)
    acknowledgment = forms.CharField(
        label="Acknowledgment message",
        required=False,
        max_length=500,
        help_text="Sent to the client with your acceptance, such as “Thank you” or “Received”.",
        widget=forms.TextInput(attrs={"list": "acknowledgment-suggestions", "autocomplete": "off"}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
