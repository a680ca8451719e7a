"""The question bank: earlier answers to screening questions, suggested for similar questions.

Matching is offline and plain: a question is reduced to a set of word stems (`normalise`:
lower case, punctuation, common words and the words that only frame a question — "describe",
"tell us", "please" — dropped, simple English endings stripped), and two questions are similar
when their stem sets overlap enough. The score is the Dice coefficient, 2·|A∩B| / (|A|+|B|),
from 0 to 1; a suggestion needs at least SIMILARITY_THRESHOLD. At 0.6, "Describe your recent
experience with Django" matches "What experience do you have with Django?" (0.8), while
"What experience do you have with React?" and the same question about Django share only
"experience" (0.5) and do not match.

Only the user's own answered questions are ever read.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass

from django.db.models import Q

from .models import ScreeningQuestion

SIMILARITY_THRESHOLD = 0.6
# Bound the work per lookup: the most recent candidates that share a word with the question.
MAX_CANDIDATES = 500
# Each stem is one condition of the pre-filter, and SQLite refuses a condition nested deeper
# than 1,000 ("Expression tree is too large"). A question of more stems than this (a pasted
# job description) is compared with the most recent candidates, without the pre-filter.
MAX_PREFILTER_STEMS = 200

STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being
    below between both but by can could did do does doing done during each either else ever
    few for from had has have having he her here hers him his how i if in into is it its
    just let like me might more most much must my no nor not now of off on once only or
    other our ours out over own please same she should so some such than that the their
    theirs them then there these they this those through to too under until up us very was
    we were what when where which while who whom why will with would yes yet you your
    yours yourself per via using use used uses describe tell explain share list give provide
    briefly kindly""".split()  # noqa: SIM905 (a word list reads better as text)
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _stem(word):
    """A light English stemmer: plurals, -ing, -ed, -ly and a final -e, so that "test",
    "tests", "tested" and "testing" meet at "test", "hourly" at "hour", "pieces" at "piec"."""
    if len(word) <= 2 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    past = word.endswith("ed") and not word.endswith("eed") and len(word) >= 4
    adverb = word.endswith("ly") and len(word) >= 6
    if word.endswith("ing") and len(word) >= 5:
        word = word[:-3]
    elif past or adverb:
        word = word[:-2]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "running" → "run", "planned" → "plan"
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def stems(question):
    """The set of word stems a question is compared by."""
    text = unicodedata.normalize("NFKD", question or "").encode("ascii", "ignore").decode()
    found = set()
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'").split("'")[0]  # "you've" → "you", "client's" → "client"
        if word and word not in STOP_WORDS:
            stem = _stem(word)
            if stem not in STOP_WORDS:
                found.add(stem)
    return found


def normalise(question):
    """The question as its sorted, distinct word stems: "describ django experienc"."""
    return " ".join(sorted(stems(question)))[:500]


def similarity(a, b):
    """Dice coefficient of two stem sets, 0 to 1."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


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
