"""The question bank: earlier answers to screening questions, suggested for similar questions.

Matching is offline and plain: a question is reduced to a set of word stems, and two
questions are similar when their stem sets overlap enough (proposals.question_stems: the
stems and the score, the Dice coefficient from 0 to 1); a suggestion needs at least
SIMILARITY_THRESHOLD. At 0.6, "Describe your recent experience with Django" matches "What
experience do you have with Django?" (0.8), while "What experience do you have with React?"
and the same question about Django share only "experience" (0.5) and do not match.

Only the user's own answered questions are ever read.
"""

import re
from dataclasses import asdict, dataclass

from django.db.models import Q

from .models import ScreeningQuestion
from .question_stems import normalise, similarity, stems

# The bank's own names, and the comparison it is built on.
__all__ = [
    "SIMILARITY_THRESHOLD",
    "Suggestion",
    "normalise",
    "similarity",
    "stems",
    "suggest_answers",
]

SIMILARITY_THRESHOLD = 0.6
# Bound the work per lookup: the most recent candidates that share a word with the question.
MAX_CANDIDATES = 500
# Each stem is one condition of the pre-filter, and SQLite refuses a condition nested deeper
# than 1,000 ("Expression tree is too large"). A question of more stems than this (a pasted
# job description) is compared with the most recent candidates, without the pre-filter.
MAX_PREFILTER_STEMS = 200


@dataclass(frozen=True)
class Suggestion:
    question: str
    answer: str
    proposal_id: int
    score: float

    def as_dict(self):
        return asdict(self)


def suggest_answers(user, question, limit=3, exclude_proposal=None):
    """Earlier answers of `user` to questions like `question`, best first, distinct answers.

    `exclude_proposal` leaves out the proposal being edited, whose own answers are no news.
    """
    wanted = stems(question)
    if not wanted or not getattr(user, "is_authenticated", False):
        return []
    candidates = ScreeningQuestion.objects.filter(proposal__owner=user).exclude(answer="")
    if len(wanted) <= MAX_PREFILTER_STEMS:
        # Pre-filter in SQL on the stored stems; rows saved without them (bulk inserts) are
        # normalised here instead.
        shares_a_word = Q(normalized="")
        for stem in wanted:
            shares_a_word |= Q(normalized__contains=stem)
        candidates = candidates.filter(shares_a_word)
    if exclude_proposal is not None:
        candidates = candidates.exclude(
            proposal_id=getattr(exclude_proposal, "pk", exclude_proposal)
        )
    candidates = candidates.order_by("-proposal__created_at", "-pk").values_list(
        "question", "answer", "proposal_id", "normalized"
    )[:MAX_CANDIDATES]

    scored = []
    for order, (text, answer, proposal_id, normalized) in enumerate(candidates):
        if not answer.strip():
            continue
        theirs = set(normalized.split()) if normalized else stems(text)
        score = similarity(wanted, theirs)
        if score >= SIMILARITY_THRESHOLD:
            scored.append((-score, order, text, answer.strip(), proposal_id, score))
    scored.sort()

    suggestions, seen = [], set()
    for _, _, text, answer, proposal_id, score in scored:
        key = re.sub(r"\s+", " ", answer).casefold()
        if key in seen:
            continue
        seen.add(key)
        suggestions.append(Suggestion(text, answer, proposal_id, round(score, 3)))
        if len(suggestions) == limit:
            break
    return suggestions
