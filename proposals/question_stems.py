"""How screening questions are compared: each as a set of word stems.

A question is reduced to its stems (`normalise`: lower case, punctuation, common words and
the words that only frame a question — "describe", "tell us", "please" — dropped, simple
English endings stripped), and two stem sets are compared by the Dice coefficient,
2·|A∩B| / (|A|+|B|), from 0 to 1 (`similarity`). Plain text in, plain values out: the
screening question keeps its normalised stems on save, and the question bank compares them.
"""

import re
import unicodedata

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
