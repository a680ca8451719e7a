"""Pages for proposal templates, proposals and their screening questions."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.list_filters import chosen_statuses, narrow, narrowing_params
from accounts.once import saves_once
from accounts.ownership import id_from, owned, owned_queryset
from interviews.models import Invitation

from .forms import (
    ProposalForm,
    ProposalTemplateForm,
    QuestionFormSet,
    placeholder_list,
    preview_values,
)
from .models import (
    COVER_LETTER_LIMIT,
    PLACEHOLDERS,
    Proposal,
    ProposalTemplate,
    ScreeningQuestion,
    renumber_questions,
    unfilled_placeholders,
)

PAGE_SIZE = 25


def paginate(request, queryset):
    """One page of `queryset` and the query string to keep the filters across pages."""
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def owned_from_query(request, model_or_queryset, name):
    """The user's object whose id is in the query string `name`, None if absent, else 404."""
    value = request.GET.get(name, "")
    if not value:
        return None
    pk = id_from(value)
    if pk is None:
        raise Http404(f"No such {name}.")
    return owned(request, model_or_queryset, pk=pk)


def show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def form_error(form, error):
    """Put a model's ValidationError beside its field, or above the form for other keys."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Templates ---------------------------------------------------------------------------------


@login_required
def template_list(request):
    templates = owned_queryset(request, ProposalTemplate).order_by("name")
    context = {"nav": "proposals", **paginate(request, templates)}
    return render(request, "proposals/template_list.html", context)


PREVIEWED = ("invitation_opening", "job_post_opening", "body")


def _template_page(request, proposal_template):
    """New and edit share one page: save, or re-show it with the filled text previewed."""
    creating = proposal_template.pk is None
    form = ProposalTemplateForm(
        request.POST or None, instance=proposal_template, owner=request.user
    )
    draft = proposal_template
    if request.method == "POST":
        draft = ProposalTemplate(**{name: request.POST.get(name, "") for name in PREVIEWED})
        if "preview" in request.POST:
            # Show what was typed, filled in, without saving or complaining about empty fields.
            form = ProposalTemplateForm(
                initial={name: request.POST.get(name, "") for name in form.fields},
                instance=proposal_template,
                owner=request.user,
            )
        elif form.is_valid():
            saved = form.save()
            verb = "created" if creating else "saved"
            messages.success(request, f"Template “{saved.name}” {verb}.")
            unknown = _unknown_in_template(saved)
            if unknown:
                messages.warning(request, _unknown_warning(unknown))
            return redirect("template_edit", pk=saved.pk)
    values = preview_values(request.user)
    invitation_text, _ = draft.render(values, for_invitation=True)
    job_post_text, _ = draft.render(values, for_invitation=False)
    context = {
        "nav": "proposals",
        "form": form,
        "proposal_template": proposal_template,
        "creating": creating,
        "placeholders": placeholder_list(),
        "preview_values_json": json.dumps(values),
        "preview": {
            "invitation": invitation_text,
            "job_post": job_post_text,
            "unknown": _unknown_in_template(draft),
        },
        "previewing": "preview" in request.POST,
    }
    return render(request, "proposals/template_form.html", context)


def _unknown_in_template(proposal_template):
    text = "\n".join(getattr(proposal_template, name) for name in PREVIEWED)
    return [name for name in unfilled_placeholders(text) if name not in PLACEHOLDERS]


def _unknown_warning(unknown):
    names = ", ".join(f"{{{name}}}" for name in unknown)
    return (
        f"Placeholder{'s' if len(unknown) != 1 else ''} we do not know, left as typed: {names}. "
        "Replace or remove them before sending."
    )


def _warn_unfilled(request, letter, unknown):
    """Warn about what a fill from a template left as typed; True if anything was."""
    if unknown:
        messages.warning(request, _unknown_warning(unknown))
    empty = [name for name in unfilled_placeholders(letter) if name in PLACEHOLDERS]
    if empty:
        names = ", ".join(f"{{{name}}}" for name in empty)
        one = len(empty) == 1
        messages.warning(
            request,
            f"Nothing to fill {names} with yet, so {'it is' if one else 'they are'} left as "
            f"typed: add the missing details and fill again, or replace {'it' if one else 'them'} "
            "before sending.",
        )
    return bool(unknown or empty)


@login_required
@saves_once
def template_new(request):
    return _template_page(request, ProposalTemplate(owner=request.user, body=""))


@login_required
def template_edit(request, pk):
    return _template_page(request, owned(request, ProposalTemplate, pk=pk))


@login_required
@require_POST
def template_delete(request, pk):
    template = owned(request, ProposalTemplate, pk=pk)
    template.delete()
    messages.success(request, f"Template “{template.name}” deleted.")
    return redirect("template_list")


# Proposals ---------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    proposals = owned_queryset(request, Proposal).select_related("client", "invitation")
    proposals, narrowed = narrow(request, proposals, "submitted_at")
    statuses = chosen_statuses(request, Proposal.Status.values)
    if statuses:
        proposals = proposals.filter(status__in=statuses)
    status = statuses[0] if len(statuses) == 1 else ("several" if statuses else "")
    context = {
        "nav": "proposals",
        "status": status,
        "narrowed": narrowed,
        # The status chips keep the client and month the list is narrowed to.
        "narrowing": urlencode(narrowing_params(request, narrowed)),
        # The note above a narrowed list names the statuses shown, even a single one.
        "several": [Proposal.Status(s).label for s in statuses]
        if status == "several" or narrowed
        else [],
        "statuses": Proposal.Status.choices,
        "has_templates": owned_queryset(request, ProposalTemplate).exists(),
        **paginate(request, proposals),
    }
    return render(request, "proposals/proposal_list.html", context)


def _fill_letter(request, form, proposal):
    """Handle "Fill from template": re-show the form with the letter filled, saving nothing."""
    form.is_valid()  # for cleaned values; errors elsewhere do not stop a fill
    data = {name: request.POST.get(name, "") for name in form.fields}
    template = form.cleaned_data.get("template")
    if template is None:
        if "template" not in form.errors:
            form.add_error("template", "Choose a template to fill the letter from.")
        return form
    if not proposal.invitation_id:
        proposal.client = form.cleaned_data.get("client")
        proposal.job_title = form.cleaned_data.get("job_title") or ""
        proposal.job_url = form.cleaned_data.get("job_url") or ""
    unknown = proposal.fill_from_template(template)
    data["cover_letter"] = proposal.cover_letter
    if not _warn_unfilled(request, proposal.cover_letter, unknown):
        messages.info(request, f"Letter filled from “{template.name}”. Review it, then save.")
    return ProposalForm(
        initial=data,
        instance=proposal,
        owner=request.user,
        invitation=proposal.invitation,
    )


def _warn_placeholders(request, proposal):
    left = unfilled_placeholders(proposal.cover_letter)
    if left:
        names = ", ".join(f"{{{name}}}" for name in left)
        messages.warning(
            request,
            f"The cover letter still contains {names}. Replace "
            f"{'them' if len(left) != 1 else 'it'} with real text before sending.",
        )


@login_required
@saves_once
def proposal_new(request):
    invitation = owned_from_query(
        request, Invitation.objects.select_related("client"), "invitation"
    )
    proposal = Proposal(owner=request.user, invitation=invitation)
    if invitation is not None:
        proposal.client = invitation.client
        proposal.job_title = invitation.job_title
        proposal.job_url = invitation.job_url
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=proposal, owner=request.user)
        if "fill" in request.POST:
            form = _fill_letter(request, form, proposal)
        elif form.is_valid():
            proposal = form.save()
            proposal.run_check()  # the checklist on the proposal page is always current
            messages.success(request, "Proposal saved as a draft.")
            _warn_placeholders(request, proposal)
            return redirect(proposal)
    else:
        initial = {}
        templates = owned_queryset(request, ProposalTemplate)
        template = owned_from_query(request, ProposalTemplate, "template")
        if template is None and invitation is not None:
            template = templates.order_by("-updated_at").first()
        if template is not None:
            initial["template"] = template.pk
            if invitation is not None:
                unknown = proposal.fill_from_template(template)
                initial["cover_letter"] = proposal.cover_letter
                _warn_unfilled(request, proposal.cover_letter, unknown)
        form = ProposalForm(initial=initial, instance=proposal, owner=request.user)
    earlier = (
        owned_queryset(request, Proposal).filter(invitation=invitation).first()
        if invitation is not None
        else None
    )
    context = {
        "nav": "proposals",
        "form": form,
        "proposal": proposal,
        "invitation": invitation,
        "earlier": earlier,
    }
    return render(request, "proposals/proposal_new.html", context)


@login_required
@require_safe
def proposal_detail(request, pk):
    proposal = owned(
        request, Proposal.objects.select_related("client", "invitation", "template"), pk=pk
    )
    context = {
        "nav": "proposals",
        "proposal": proposal,
        "questions": proposal.questions.all(),
        # Only the owner's own offers, even if a link across owners predates the model's checks.
        "offers": proposal.offers.filter(owner=request.user),
        "unknown": unfilled_placeholders(proposal.cover_letter),
        "letter_length": len(proposal.cover_letter),
        # Written as the page writes the limit elsewhere, and as the live counter counts.
        "letter_count": f"{len(proposal.cover_letter):,} / {COVER_LETTER_LIMIT:,} characters",
        "letter_limit": COVER_LETTER_LIMIT,
    }
    return render(request, "proposals/proposal_detail.html", context)


def _question_index(text):
    """The question's place on the page (0 is the first) a button's value names, or None.

    Read as strictly as an id: `int()` would also take "１" and fail on thousands of digits.
    """
    return 0 if text.strip() == "0" else id_from(text)


def _question_action(request):
    """Which question button was pressed: ("move", index, "up"), ("remove", index) or None."""
    if "move" in request.POST:
        text, _, direction = request.POST["move"].partition(":")
        index = _question_index(text)
        if index is not None and direction in ("up", "down"):
            return ("move", index, direction == "up")
    if "remove" in request.POST:
        index = _question_index(request.POST["remove"])
        if index is not None:
            return ("remove", index)
    return None


@login_required
def proposal_edit(request, pk):
    proposal = owned(request, Proposal.objects.select_related("client", "invitation"), pk=pk)
    if request.method == "POST":
        data = request.POST.copy()
        action = _question_action(request)
        if action and action[0] == "remove":
            # Removing needs no valid text in the removed question: mark it deleted.
            data[f"questions-{action[1]}-DELETE"] = "on"
        form = ProposalForm(data, instance=proposal, owner=request.user)
        questions = QuestionFormSet(data, instance=proposal, prefix="questions")
        if "fill" in request.POST:
            form = _fill_letter(request, form, proposal)
        elif form.is_valid() and questions.is_valid():
            with transaction.atomic():
                proposal = form.save()
                _save_questions(proposal, questions, action)
            proposal.run_check()
            if action and action[0] == "move":
                messages.success(request, "Question moved; your changes are saved.")
            elif action:
                messages.success(request, "Question removed; your changes are saved.")
            elif "add_question" in request.POST:
                messages.success(request, "Saved. Write the next question below.")
            else:
                messages.success(request, "Proposal saved.")
                _warn_placeholders(request, proposal)
                return redirect(proposal)
            return redirect(reverse("proposal_edit", args=[proposal.pk]) + "#questions")
    else:
        form = ProposalForm(instance=proposal, owner=request.user)
        questions = QuestionFormSet(instance=proposal, prefix="questions")
    context = {
        "nav": "proposals",
        "form": form,
        "questions": questions,
        "proposal": proposal,
        "invitation": proposal.invitation,
    }
    return render(request, "proposals/proposal_edit.html", context)


def _save_questions(proposal, formset, action):
    """Save edits, additions and removals; new questions go last; then apply a move."""
    saved = formset.save(commit=False)
    for question in formset.deleted_objects:
        question.delete()
    moving = None
    if action and action[0] == "move" and action[1] < len(formset.forms):
        moving = formset.forms[action[1]].instance
    existing = list(proposal.questions.all())
    end = max((q.position for q in existing), default=-1) + 1
    for question in saved:
        if question.pk is None:
            question.position = end
            end += 1
        question.save()
    renumber_questions(list(proposal.questions.all()))
    if moving is not None and moving.pk is not None:
        ScreeningQuestion.objects.get(pk=moving.pk).move(up=action[2])


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = owned(request, Proposal, pk=pk)
    try:
        proposal.submit()
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, "Proposal marked as submitted.")
        _warn_placeholders(request, proposal)
    return redirect(proposal)


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = owned(request, Proposal, pk=pk)
    try:
        proposal.withdraw()
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, "Proposal withdrawn.")
    return redirect(proposal)
