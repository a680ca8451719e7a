"""The proposal checker: the guide's advice applied to one proposal, item by item.

Each item passes or explains the fix. The items are advice, except the screening
questions: an unanswered one blocks submission (`Proposal.submission_blockers`), and its
item says so (`blocks`). `Proposal.run_check()` stores the result on the proposal.

How each item decides, in short:
- english: an offline language identifier (py3langid, which ships its model) reads the cover
  letter and, separately, the answers. Text with fewer than MIN_WORDS words is too short to
  judge and passes. Only a confident reading (probability >= CONFIDENT) of another language
  fails, so a letter that is mostly product names and jargon is not blamed.
- questions: every screening question has a non-blank answer.
- placeholders: no `{name}` left in the letter or the answers.
- length: the cover letter is within COVER_LETTER_LIMIT characters.
- addresses_client: the client's name or company (without Inc., Ltd. and the like), the first
  word of a several-word name, or a distinctive word of the job title appears as a word.
- asks_question: one sentence of at least three words ends with "?".
- past_work: one sign of a concrete example: phrases such as "for example", "I built",
  "recently", "case study", "portfolio"; a number or percentage next to a result ("cut load
  time by 40%", "3x faster", "200 stores"); or a link that is not the job's own.
- thanks_invitation (only when the proposal answers an invitation): the opening (its first
  paragraph, at most 400 characters) thanks the client for the invitation.
"""

import re
from dataclasses import asdict, dataclass
from functools import cache

from .letters import COVER_LETTER_LIMIT, unfilled_placeholders

MIN_WORDS = 8
CONFIDENT = 0.7

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "de": "German", "fr": "French", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian",
    "tr": "Turkish", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "hi": "Hindi", "id": "Indonesian", "vi": "Vietnamese", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian",
    "el": "Greek", "he": "Hebrew", "bn": "Bengali", "ur": "Urdu", "fa": "Persian",
    "tl": "Tagalog", "ms": "Malay", "th": "Thai", "ca": "Catalan",
}  # fmt: skip


@dataclass(frozen=True)
class CheckItem:
    code: str
    passed: bool
    message: str
    label: str = ""
    # True when failing this item keeps the proposal from being submitted.
    blocks: bool = False

    def as_dict(self):
        return asdict(self)


@cache
def _identifier():
    # Loaded once per process: the model ships inside the package, nothing is fetched.
    # Imported here, on the first check, not at start-up: importing py3langid (numpy with
    # it) takes about 0.4 s, which every process and command would otherwise pay.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")


def detect_language(text):
    """`(code, probability, words)` for a text; code None when there are too few words.

    Links, e-mail addresses and `{placeholders}` are left out before reading.
    """
    cleaned = _URL.sub(" ", re.sub(r"\{[A-Za-z_][A-Za-z0-9_]*\}", " ", text or ""))
    words = len(_WORD.findall(cleaned))
    if words < MIN_WORDS:
        return None, 0.0, words
    code, probability = _identifier().classify(cleaned)
    return code, float(probability), words


def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


def _check_english(letter, answers):
    parts = [("The cover letter", "reads"), ("The answers to the screening questions", "read")]
    judged = False
    for (what, verb), text in zip(parts, (letter, answers), strict=True):
        code, probability, _ = detect_language(text)
        if code is None:
            continue
        judged = True
        if code != "en" and probability >= CONFIDENT:
            return False, (
                f"{what} {verb} as {language_name(code)}, not English. The response must be in "
                "English: rewrite it in English before submitting."
            )
    if not judged:
        return True, f"Too short to judge the language (fewer than {MIN_WORDS} words)."
    return True, "Reads as English."


def _check_questions(questions):
    if not questions:
        return True, "No screening questions to answer."
    blank = [q for q in questions if not (q.answer or "").strip()]
    if not blank:
        if len(questions) == 1:
            return True, "The screening question is answered."
        return True, f"All {len(questions)} screening questions are answered."
    first = blank[0].question.strip()
    first = first if len(first) <= 80 else first[:77] + "…"
    return False, (
        f"Answer every screening question: {len(blank)} of {len(questions)} still blank, "
        f"starting with “{first}”."
    )


def _check_placeholders(letter, answers):
    names = unfilled_placeholders(f"{letter}\n{answers}")
    if not names:
        return True, "No unfilled placeholders."
    shown = ", ".join(f"{{{n}}}" for n in names)
    return False, (
        f"Fill in or remove {shown}: the client would see "
        f"{'it' if len(names) == 1 else 'them'} exactly as typed."
    )


def _check_length(letter):
    length = len(letter)
    if length <= COVER_LETTER_LIMIT:
        return True, f"{length:,} of {COVER_LETTER_LIMIT:,} characters."
    return False, (
        f"The cover letter is {length:,} characters; cut {length - COVER_LETTER_LIMIT:,} to stay "
        f"within {COVER_LETTER_LIMIT:,}."
    )


_STOP_WORDS = frozenset(
    """a an and are as at be by for from has have i in is it of on or our the their this to
    we with you your my me will can need needed want wanted looking seeking help""".split()  # noqa: SIM905 (a word list reads better as text)
)
# Words that name no job in particular: "Senior developer needed" says nothing about the job.
_GENERIC_TITLE_WORDS = frozenset(
    """developer developers expert experts specialist freelancer freelancers consultant
    engineer engineers designer designers senior junior mid level long short term full part
    time project projects work task tasks job jobs help quick urgent small simple ongoing
    needed wanted looking build create make fix update assistant professional experienced
    required team based hire hiring""".split()  # noqa: SIM905 (a word list reads better as text)
)
_COMPANY_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|gmbh|corp|corporation|co|company|s\.?a|sas|sarl|bv|b\.v|ag|"
    r"pty|plc|oy|ab|srl|s\.r\.l)\.?$",
    re.IGNORECASE,
)


def _client_of(proposal):
    if proposal.client_id:
        return proposal.client
    if proposal.invitation_id:
        return proposal.invitation.client
    return None


def _names(proposal):
    """The names a letter written for this client and job would use."""
    names = []
    client = _client_of(proposal)
    if client is not None:
        for name in (client.name, client.company):
            name = _COMPANY_SUFFIX.sub("", (name or "").strip())
            if len(name) >= 2:
                names.append(name)
                first = name.split()[0].strip(",.&")
                if len(name.split()) > 1 and len(first) >= 3 and first.lower() not in _STOP_WORDS:
                    names.append(first)
    title_words = [w for w in _WORD.findall(proposal.job_title or "") if len(w) >= 4 or w.isupper()]
    distinctive = [
        w
        for w in title_words
        if w.lower() not in _STOP_WORDS and w.lower() not in _GENERIC_TITLE_WORDS
    ]
    return names, distinctive or [w for w in title_words if w.lower() not in _STOP_WORDS]


def _mentions(text, word, plural=False):
    ending = r"(?:s|es)?" if plural else ""
    return re.search(r"(?<!\w)" + re.escape(word) + ending + r"(?!\w)", text, re.IGNORECASE)


def _check_addresses(proposal, letter):
    names, words = _names(proposal)
    for name in names:
        if _mentions(letter, name):
            return True, f"Names the client ({name})."
    for word in words:
        if _mentions(letter, word, plural=True):
            return True, f"Mentions the job (“{word}”)."
    client = _client_of(proposal)
    who = f"the client ({client.name})" if client else "the client"
    example = f" or the job (“{words[0]}”)" if words else " or the job"
    return False, (
        f"Name {who}{example} so the letter reads as written for them, not copied from "
        "another proposal."
    )


# A dot with a letter or digit right after it is inside a word or number ("v2.1", "8.4",
# "app.example.com"), not the end of a sentence.
_IN_SENTENCE = r"(?:[^.!?\n]|\.(?=\w))"
_SENTENCE = re.compile(_IN_SENTENCE + r"*[.!?]+|" + _IN_SENTENCE + r"+$", re.MULTILINE)


def _sentences(text):
    return [s.strip() for s in _SENTENCE.findall(_URL.sub(" ", text or "")) if s.strip()]


def _check_asks(letter):
    for sentence in _sentences(letter):
        if sentence.endswith("?") and len(_WORD.findall(sentence)) >= 3:
            return True, f"Asks: “{sentence if len(sentence) <= 90 else sentence[:87] + '…'}”"
    return False, (
        "Ask the client at least one question about the job — the timeline, what success "
        "looks like, or what they tried before — so the reply starts a conversation."
    )


_EXAMPLE_PHRASES = re.compile(
    r"\b(?:for example|for instance|e\.g\.|such as when|case stud(?:y|ies)|portfolio|"
    r"recently|last (?:year|month|quarter)|in my (?:last|previous|current) (?:role|job|project)|"
    r"(?:previous|past|similar|recent) (?:project|client|work|role)s?|"
    r"i(?:['’]ve| have)? (?:built|created|developed|designed|delivered|launched|shipped|migrated|"
    r"led|wrote|written|automated|optimi[sz]ed|redesigned|implemented|helped|worked on|"
    r"completed|managed))\b",
    re.IGNORECASE,
)
_RESULT_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?%|\b\d+(?:\.\d+)?x\b|"
    r"\b(?:cut|reduced|increased|improved|saved|grew|boosted|raised|doubled|tripled|lowered|"
    r"sped up|halved)\b[^.!?\n]{0,60}\d|"
    r"\b\d[\d,]*\+?\s(?:clients|customers|users|stores|apps|projects|sites|websites|orders|"
    r"downloads|installs|reviews)\b",
    re.IGNORECASE,
)
_JOB_LINK = re.compile(r"/(?:jobs|freelance-jobs)/", re.IGNORECASE)


def _check_past_work(proposal, letter):
    match = _EXAMPLE_PHRASES.search(letter) or _RESULT_NUMBER.search(letter)
    if match:
        return True, f"Cites past work (“{match.group(0).strip()}”)."
    for link in re.findall(r"https?://\S+", letter):
        if not _JOB_LINK.search(link) and link.rstrip(".,)") != (proposal.job_url or ""):
            return True, "Links to past work."
    return False, (
        "Cite one concrete example of past work: what you built, for whom, and the result "
        "(for example “I built a booking dashboard for a clinic that cut no-shows by 30%”), "
        "or add a portfolio link."
    )


_THANKS = re.compile(
    r"\b(?:thank(?:s| you)|many thanks|grateful|appreciate)\b[^.!?]{0,80}?"
    r"\b(?:invit\w*|reaching out|considering me|thinking of me|interview)|"
    r"\binvit\w*\b[^.!?]{0,40}\bthank",
    re.IGNORECASE,
)


_GREETING_ALONE = re.compile(
    r"^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^.!?\n]{0,60}[,!:]?$",
    re.IGNORECASE,
)


def _opening(letter):
    """The first paragraph (with the next one when the first is only a greeting)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (letter or "").strip()) if p.strip()]
    if not paragraphs:
        return ""
    first = paragraphs[0]
    if _GREETING_ALONE.match(first) and len(paragraphs) > 1:
        first = f"{first} {paragraphs[1]}"
    return first[:400]


def _check_thanks(letter):
    if _THANKS.search(_opening(letter)):
        return True, "The opening thanks the client for the invitation."
    return False, (
        "Open by thanking the client for the invitation, for example “Hi Acme, thank you for "
        "inviting me to interview for this job.”"
    )


def check_proposal(proposal):
    """The checklist for a proposal, as CheckItems in the order a person reads them."""
    letter = proposal.cover_letter or ""
    questions = list(proposal.questions.all()) if proposal.pk else []
    answers = "\n\n".join((q.answer or "").strip() for q in questions if (q.answer or "").strip())

    checks = [
        ("english", "Written in English", _check_english(letter, answers)),
        ("questions", "Every screening question answered", _check_questions(questions)),
        ("placeholders", "No unfilled placeholders", _check_placeholders(letter, answers)),
        ("length", f"Within {COVER_LETTER_LIMIT:,} characters", _check_length(letter)),
        (
            "addresses_client",
            "Addresses the client or the job by name",
            _check_addresses(proposal, letter),
        ),
    ]
    if proposal.invitation_id:
        checks.append(
            ("thanks_invitation", "Thanks the client for the invitation", _check_thanks(letter))
        )
    checks += [
        ("asks_question", "Asks the client a question", _check_asks(letter)),
        ("past_work", "Cites an example of past work", _check_past_work(proposal, letter)),
    ]
    return [
        CheckItem(
            code=code,
            passed=passed,
            message=message,
            label=label,
            blocks=code in BLOCKING and not passed,
        )
        for code, label, (passed, message) in checks
    ]


# The checklist's points that Proposal.submit() enforces: the rest is advice.
BLOCKING = {"questions"}
