"""Pages for proposal templates, proposals and their screening questions."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from interviews.models import Invitation
from kit.display import with_links
from kit.forms import show_errors
from kit.lists import paginate, status_list
from kit.once import saves_once
from kit.ownership import id_from, owned, owned_from_query, owned_queryset

from .forms import (
    ProposalForm,
    ProposalTemplateForm,
    QuestionFormSet,
    placeholder_list,
    preview_values,
)
from .letters import COVER_LETTER_LIMIT, PLACEHOLDERS, unfilled_placeholders
from .models import Proposal, ProposalTemplate, ScreeningQuestion, renumber_questions
from .question_bank import suggest_answers

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


# What the search box looks in: every word typed must appear in one of these.
PROPOSAL_SEARCH = [
    "job_title",
    "client__name",
    "client__company",
    "cover_letter",
    "invitation__message",
]


# Long texts the proposals list never shows.
LIST_DEFERRED = ("cover_letter", "check_results", "client__research_notes")


@login_required
def proposal_list(request):
    # The page shows the client's name and whether an invitation is answered (its id alone):
    # no joined invitation, and none of the long texts the page never shows.
    proposals = owned_queryset(request, Proposal).select_related("client").defer(*LIST_DEFERRED)
    listed = status_list(
        request,
        proposals,
        Proposal.Status,
        "submitted_at",
        lambda rows, chosen: rows.filter(status__in=chosen),
        search_fields=PROPOSAL_SEARCH,
    )
    page_obj = listed["page_obj"]
    page_obj.object_list = list(page_obj.object_list)
    # Each row's link from one reverse() for the page, as get_absolute_url would give it.
    with_links(page_obj.object_list, url=("proposal_detail", "pk"))
    context = {
        "nav": "proposals",
        "has_templates": owned_queryset(request, ProposalTemplate).exists(),
        **listed,
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
    if invitation is not None:
        # One proposal answers an invitation: a second "Write proposal" opens the first.
        answered = owned_queryset(request, Proposal).filter(invitation=invitation).first()
        if answered is not None:
            messages.info(request, "You already have a proposal for this invitation; here it is.")
            return redirect(answered)
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
            with transaction.atomic():
                proposal = form.save()
                taken = proposal.take_invitation_questions()
            proposal.run_check()  # the checklist on the proposal page is always current
            text = "Proposal saved as a draft."
            if taken == 1:
                text += " The invitation's screening question is on it: answer it first."
            elif taken:
                text += (
                    f" The invitation's {taken} screening questions are on it: answer them first."
                )
            messages.success(request, text)
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
    context = {
        "nav": "proposals",
        "form": form,
        "proposal": proposal,
        "invitation": invitation,
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
        # Told before the "cannot go back to a draft" confirmation, not after it.
        "blockers": list(proposal.submission_blockers().values())
        if proposal.status == Proposal.Status.DRAFT
        else [],
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
        text = "Proposal marked as submitted."
        invitation = proposal.invitation
        if invitation is not None and invitation.completed_at == proposal.submitted_at:
            text += " It answers the interview, which is now completed and submitted too."
        messages.success(request, text)
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


# The checker and the question bank -----------------------------------------------------
# The proposal checker's action and the question bank's suggestions endpoint.


# A question longer than this is no screening question; it is cut before matching.
MAX_QUESTION_CHARS = 2000


@login_required
@require_POST
def proposal_check(request, pk):
    """Run the checklist on one of the user's proposals, store it, go back to the proposal."""
    proposal = owned(request, Proposal, pk=pk)
    items = proposal.run_check()
    failing = [item for item in items if not item.passed]
    if failing:
        messages.warning(
            request,
            f"Checked: {len(failing)} of {len(items)} points need attention. "
            "They are advice only; you can still submit.",
        )
    else:
        messages.success(request, f"Checked: all {len(items)} points pass.")
    return redirect(proposal.get_absolute_url())


@login_required
@require_GET
def answer_suggestions(request):
    """`?q=question[&proposal=pk]` → the signed-in user's earlier answers to similar questions."""
    question = (request.GET.get("q") or "")[:MAX_QUESTION_CHARS]
    exclude = id_from(request.GET.get("proposal"))
    suggestions = suggest_answers(request.user, question, exclude_proposal=exclude)
    return JsonResponse({"question": question, "suggestions": [s.as_dict() for s in suggestions]})
