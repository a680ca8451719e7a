"""The proposal checker's action and the question bank's suggestions endpoint."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from accounts.ownership import id_from, owned

from .models import Proposal
from .question_bank import suggest_answers

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
