"""Finding values in a notification's lines: links to a job, labelled values, names before a
phrase, sections under a heading and lists of questions."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Finding values ------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+", re.IGNORECASE)
_JOB_LINK = re.compile(
    r"^https://(?:[\w-]+\.)*[\w-]+\.[a-z]{2,}/(?:[\w-]+/)*?"
    r"(?:jobs/|freelance-jobs/apply/|ab/proposals/job/|nx/proposals/job/|job/~)",
    re.IGNORECASE,
)
_JOB_WORDS = re.compile(
    r"\b(?:job|jobs|job post|posting|trabajo|stelle|projekt|offre|emploi)\b", re.IGNORECASE
)
_NOT_JOB_LINK = re.compile(
    r"unsubscribe|notification-settings|preferences|/settings|privacy|help|support|login|"
    r"signup|app-store|play\.google|apple\.com",
    re.IGNORECASE,
)
_validate_url = URLValidator(schemes=["https"])


def _clean_url(url):
    return url.rstrip(".,;:!?)»”’'\"*>")


def job_url(pasted):
    """The job's link: a marketplace job link first, else an https link beside job wording."""
    lines = pasted.lines
    fallback = None
    for index, line in enumerate(lines):
        for match in _URL.finditer(line):
            url = _clean_url(match.group(0))
            if len(url) > 1000 or _NOT_JOB_LINK.search(url):
                continue
            try:
                _validate_url(url)
            except ValidationError:
                continue
            if _JOB_LINK.match(url):
                # The job's id is in the path; the query only carries tracking.
                return url.split("?", 1)[0].split("#", 1)[0]
            nearby = " ".join(lines[max(0, index - 1) : index + 1])
            if fallback is None and _JOB_WORDS.search(_URL.sub(" ", nearby)):
                fallback = url
    return fallback


def labelled_link(lines, label):
    """The https link on a line such as `View invitation: https://…` (or the line below it),
    its query (tracking) left off."""
    for index, line in enumerate(lines):
        if not label.search(line):
            continue
        for candidate in lines[index : index + 2]:
            for match in _URL.finditer(candidate):
                url = _clean_url(match.group(0))
                if len(url) > 1000 or _NOT_JOB_LINK.search(url):
                    continue
                try:
                    _validate_url(url)
                except ValidationError:
                    continue
                return url.split("?", 1)[0].split("#", 1)[0]
    return None


def labelled(lines, labels, stop=None):
    """The value after a label: `Client: Acme`, or `Client` alone with the value below it."""
    label = re.compile(
        r"^(?:" + labels + r")\s*(?:[:\-–—]\s*(?P<value>.*)|(?P<bare>:?))$", re.IGNORECASE
    )
    for index, line in enumerate(lines):
        match = label.match(line)
        if not match:
            continue
        value = (match.group("value") or "").strip()
        if value:
            return value
        for following in lines[index + 1 : index + 3]:
            if following.strip():
                if stop and stop.match(following):
                    break
                return following.strip()
    return None


def tidy(value, limit=300):
    """Strip quotes, trailing punctuation and any `<link>` from a short extracted value."""
    if not value:
        return ""
    value = re.sub(r"\s*<https?://[^>]*>", "", value)
    value = re.sub(r"\s+", " ", value).strip()
    value = value.strip(" \"'“”‘’«»„*")
    # A closing dot goes, unless it ends an abbreviation: "Harbour Analytics Ltd."
    if not re.search(r"(?:\b(?:Inc|Ltd|Co|Corp|Bros|Jr|Sr|St|e\.V)|\b[A-Z]\.[A-Z])\.$", value):
        value = value.rstrip(" .,;:!").strip(" \"'“”‘’«»„*")
    return value[:limit]


_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|dear|good news|great news|congratulations|hallo|hola|bonjour)\b"
    r"[^,:!]*[,:!]\s*)+",
    re.IGNORECASE,
)


_NOT_A_NAME = re.compile(
    r"^(?:(?:a|an|the|your|our|one|this)\s+(?:new\s+|potential\s+)?"
    r"(?:client|customer|employer|company|business)s?|you|we|they|has|someone|somebody|"
    r"upwork|un cliente|ein kunde|un client)$",
    re.IGNORECASE,
)
_DOT = "\ue002"  # an abbreviation's dot, which does not end the sentence
_ABBREVIATION = re.compile(r"\b(Inc|Ltd|Co|Corp|Bros|Jr|Sr|Dr|Mr|Ms|Mrs|St|S\.A|e\.V)\.")


_SENTENCE_SPAN = 2_000


def name_before(paragraphs, pattern):
    """The name in a sentence such as `Acme Corp has invited you to interview`."""
    regex = re.compile(r"(?P<name>[^\n.!?]{2,120}?)\s+" + pattern, re.IGNORECASE)
    for paragraph in paragraphs:
        # The name opens its sentence; a paragraph's tail is no place to look (and a huge one
        # would take the regular expression long).
        paragraph = paragraph[:_SENTENCE_SPAN]
        # "Acme Inc. has invited you": the abbreviation's dot does not end the sentence.
        shielded = _ABBREVIATION.sub(lambda m: m.group(1) + _DOT, paragraph)
        shielded = re.sub(r"(?<=\b[A-Z])\.(?=[A-Z]\b|\s)", _DOT, shielded)
        match = regex.search(shielded)
        if match:
            name = _GREETING.sub("", match.group("name").strip()).replace(_DOT, ".")
            name = tidy(name, 200)
            if name and not _NOT_A_NAME.match(name):
                return name
    return None


def first_match(texts, patterns):
    """The first value (group `v`, or `v1`… for the quoted forms) any pattern finds."""
    for text in texts:
        for pattern in patterns:
            match = pattern.search(text)
            if not match:
                continue
            groups = match.groupdict()
            value = next((groups[k] for k in sorted(groups) if k[0] == "v" and groups[k]), None)
            if value and tidy(value):
                return tidy(value)
    return None


def section(lines, heading, stop, limit=5000):
    """The lines under a heading, up to the next stop line (a heading, link or sign-off)."""
    for index, line in enumerate(lines):
        match = heading.match(line)
        if not match:
            continue
        collected = []
        inline = (match.groupdict().get("rest") or "").strip()
        if inline:
            collected.append(inline)
        for following in lines[index + 1 :]:
            if stop.match(following) or _URL.fullmatch(following.strip("<> ")):
                break
            collected.append(following)
        text = "\n".join(collected).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text:
            return text[:limit]
    return None


_QUESTION_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.):]|[-*•·–]|q\d{1,2}\s*[.):]?)\s*(?P<q>\S.*)$")


def question_list(lines, heading, stop, limit=20):
    """Numbered, bulleted or question-mark lines under a heading."""
    for index, line in enumerate(lines):
        if not heading.match(line):
            continue
        questions = []
        for following in lines[index + 1 :]:
            if not following.strip():
                continue
            if stop.match(following):
                break
            item = _QUESTION_ITEM.match(following)
            if item:
                questions.append(item.group("q").strip())
            elif questions and not questions[-1].endswith(("?", ".", ":")):
                questions[-1] += " " + following.strip()  # a question wrapped on two lines
            elif following.strip().endswith("?"):
                questions.append(following.strip())
            else:
                break
        questions = [q[:1000] for q in questions if q]
        if questions:
            return questions[:limit]
    return []
