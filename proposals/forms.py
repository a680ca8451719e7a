"""Forms for proposal templates, proposals and their screening questions."""

from django import forms
from django.core.validators import MaxValueValidator

from interviews.models import Client
from kit.forms import KnownRowsInlineFormSet, TextareaField

from .letters import COVER_LETTER_LIMIT, PLACEHOLDERS
from .models import CURRENCIES, Proposal, ProposalTemplate, ScreeningQuestion

CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]
SMALLINT_MAX = 32767


def preview_values(user):
    """Sample placeholder values for previewing a template."""
    return {
        "client_name": "Acme",
        "client_company": "Acme Inc.",
        "job_title": "Build a dashboard",
        "job_url": "https://www.upwork.com/jobs/~01example",
        "my_name": user.display_name(),
    }


class ProposalTemplateForm(forms.ModelForm):
    class Meta:
        model = ProposalTemplate
        fields = ["name", "invitation_opening", "job_post_opening", "body"]
        widgets = {
            "invitation_opening": forms.Textarea(attrs={"rows": 3, "data-preview": "invitation"}),
            "job_post_opening": forms.Textarea(attrs={"rows": 3, "data-preview": "job_post"}),
            "body": forms.Textarea(attrs={"rows": 12, "data-preview": "body"}),
        }
        help_texts = {"body": "The rest of the letter, after the opening."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner

    def _get_validation_exclusions(self):
        # The owner is not a form field, so Django would skip the "one name per owner"
        # constraint and let the database raise instead; check it here with its message.
        exclude = super()._get_validation_exclusions()
        exclude.discard("owner")
        return exclude


class CurrencySelect(forms.Select):
    def __init__(self, attrs=None):
        super().__init__(attrs, choices=CURRENCY_CHOICES)


class ProposalForm(forms.ModelForm):
    """The letter and the bid; for a job post (no invitation) also the client and the job."""

    template = forms.ModelChoiceField(
        ProposalTemplate.objects.none(),
        required=False,
        empty_label="— none —",
        help_text="“Fill from template” replaces the cover letter below (nothing is saved "
        "until you save).",
    )

    class Meta:
        model = Proposal
        fields = [
            "client",
            "job_title",
            "job_url",
            "template",
            "cover_letter",
            "bid_type",
            "bid_amount",
            "currency",
            "connects_spent",
        ]
        # Line breaks count once, as the counter beside the letter and the marketplace count.
        field_classes = {"cover_letter": TextareaField}
        widgets = {
            "cover_letter": forms.Textarea(
                attrs={"rows": 16, "data-limit": str(COVER_LETTER_LIMIT)}
            ),
            "bid_type": forms.RadioSelect,
            "bid_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
            "currency": CurrencySelect,
            "connects_spent": forms.NumberInput(attrs={"min": "0"}),
            "job_url": forms.URLInput(attrs={"placeholder": "https://www.upwork.com/jobs/…"}),
        }
        labels = {"bid_amount": "Rate or bid", "connects_spent": "Connects spent"}
        help_texts = {
            "cover_letter": f"At most {COVER_LETTER_LIMIT:,} characters. Placeholders such as "
            "{client_name} are filled when you use a template.",
            "bid_amount": "Your hourly rate, or the fixed price in total.",
        }

    def __init__(self, *args, owner, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        if invitation is not None:
            self.instance.invitation = invitation
        self.fields["template"].queryset = ProposalTemplate.objects.filter(owner=owner)
        # The column is a small integer: PostgreSQL refuses more than this, SQLite would not.
        connects = self.fields["connects_spent"]
        connects.validators.append(MaxValueValidator(SMALLINT_MAX))
        connects.widget.attrs["max"] = str(SMALLINT_MAX)
        if self.instance.invitation_id:
            # Job and client come from the invitation the proposal answers.
            for name in ("client", "job_title", "job_url"):
                del self.fields[name]
        else:
            self.fields["client"].queryset = Client.objects.filter(owner=owner)
            self.fields["client"].empty_label = "— no client recorded —"


class QuestionForm(forms.ModelForm):
    class Meta:
        model = ScreeningQuestion
        fields = ["question", "answer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 4}),
        }


# Far more than a job post asks; the ceiling keeps a post that claims 100,000 rows from
# building them (Django's own ceiling is 2,000 forms).
QUESTION_LIMIT = 30


class QuestionRows(KnownRowsInlineFormSet):
    mismatch = "These questions no longer match the proposal's; reload the page and try again."
    default_error_messages = {
        "too_many_forms": f"A proposal holds at most {QUESTION_LIMIT} screening questions.",
    }


QuestionFormSet = forms.inlineformset_factory(
    Proposal,
    ScreeningQuestion,
    form=QuestionForm,
    formset=QuestionRows,
    extra=1,
    can_delete=True,
    max_num=QUESTION_LIMIT,
    absolute_max=QUESTION_LIMIT,
    validate_max=True,
)


def placeholder_list():
    return [(f"{{{name}}}", label) for name, label in PLACEHOLDERS.items()]
