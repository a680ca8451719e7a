"""Paste to record: read a pasted marketplace notification into an invitation form's fields.

The user pastes the text of a notification (an e-mail body, forwarded or not, its HTML, or
text copied from a page); `extract_invitation` returns what it could read as form values,
with a short note for each field it could not. Nothing is saved: the values only pre-fill
the new-invitation form, which the user checks and saves. `offers.pasted` reads offers with
the same machinery.

Pasted HTML is reduced to text with the standard library's parser and never rendered. Times
are read in the user's own zone, including relative phrasings ("2 hours ago", "yesterday at
3:15 PM"); a time in the future is not taken.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as fixed_offset
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from dateutil import parser as dateparser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from accounts.clock import EARLIEST_YEAR, LATEST_YEAR, is_plausible, zone_of

MAX_PASTE_CHARS = 100_000
SESSION_KEY = "pasted_invitation"

EMPTY_MESSAGE = "Paste the text of the notification first."
TOO_LONG_MESSAGE = (
    "That is too long to be a notification (%(length)s characters; at most %(limit)s). "
    "Paste only the e-mail or the page's text."
)
BINARY_MESSAGE = (
    "That does not look like text: it holds binary data or unprintable characters. "
    "Open the e-mail or page, select its text and paste that."
)


@dataclass
class Extraction:
    """What a paste yielded: form values by field name, and a note per field not read."""

    fields: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)

    def to_session(self):
        """A JSON-serialisable copy (datetimes and dates as ISO strings, Decimals as strings)."""
        return {"fields": _to_json(self.fields), "notes": dict(self.notes)}


# Reading the session copy back: how each field's JSON value becomes a Python value.
_FIELD_READERS = {
    "notified_at": datetime.fromisoformat,
    "received_at": datetime.fromisoformat,
    "expires_at": datetime.fromisoformat,
    "start_date": date.fromisoformat,
    "amount": Decimal,
    "weekly_limit": int,
}


def _to_json(value):
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(fields):
    values = {}
    for name, value in fields.items():
        reader = _FIELD_READERS.get(name)
        if name == "milestones" and isinstance(value, list):
            value = [
                {
                    "title": str(m.get("title", "")),
                    "amount": Decimal(m["amount"]) if m.get("amount") else None,
                    "due_date": date.fromisoformat(m["due_date"]) if m.get("due_date") else None,
                }
                for m in value
                if isinstance(m, dict)
            ]
        elif reader is not None and value is not None:
            value = reader(value)
        values[name] = value
    return values


def pasted_initial(request, key):
    """Take the pasted values out of the session: `(initial, notes)` for a new-record form.

    The value is popped, so a reload of the form starts empty again. Anything malformed
    (an old or tampered session) is dropped rather than shown.
    """
    stored = request.session.pop(key, None)
    if not isinstance(stored, dict):
        return {}, {}
    try:
        initial = _from_json(dict(stored.get("fields") or {}))
        notes = {str(k): str(v) for k, v in dict(stored.get("notes") or {}).items()}
    except (TypeError, ValueError, KeyError, InvalidOperation):
        return {}, {}
    return initial, notes


# Input: refuse what is not a notification, reduce HTML to text ----------------------------

_HTML_TAG = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|br|hr|table|tbody|tr|td|th|span|a|img|script|style|"
    r"b|strong|em|i|u|font|center|h[1-6]|ul|ol|li|blockquote|meta|title|iframe|section|"
    r"article|header|footer|pre|svg|noscript)(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)


def _junk_ratio(text):
    bad = 0
    for ch in text:
        if ch in "\n\r\t":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            bad += 1
    return bad / len(text)


def check_paste(text):
    """Refuse empty, oversized and binary input with a message a person understands."""
    if text is None or not str(text).strip():
        raise ValidationError(EMPTY_MESSAGE, code="empty")
    text = str(text)
    if len(text) > MAX_PASTE_CHARS:
        raise ValidationError(
            TOO_LONG_MESSAGE,
            code="too_long",
            params={"length": f"{len(text):,}", "limit": f"{MAX_PASTE_CHARS:,}"},
        )
    if "\x00" in text or _junk_ratio(text) > 0.05:
        raise ValidationError(BINARY_MESSAGE, code="binary")
    return text


class _TextFromHTML(HTMLParser):
    """Collect the visible text of an HTML document; scripts, styles and the like dropped.

    Block elements become line breaks; a link keeps its http(s) address after its text as
    `<https://…>`, the way plain-text e-mails show links, so a job link survives.
    """

    SKIPPED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed"}
    BLOCKS = {
        "p", "div", "br", "hr", "tr", "li", "ul", "ol", "table", "tbody", "thead", "tfoot",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main",
        "nav", "aside", "blockquote", "pre", "dd", "dt", "dl", "title", "address", "center",
        "form", "fieldset", "figure", "figcaption", "body", "html", "head",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.links.append((href, len(self.parts)))

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.parts[start:])
            if re.match(r"https?://", href, re.IGNORECASE) and href not in shown:
                self.parts.append(f" <{href}>")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        return "".join(self.parts)


def html_to_text(markup):
    reader = _TextFromHTML()
    reader.feed(markup)
    reader.close()
    return reader.text()


def looks_like_html(text):
    return bool(_HTML_TAG.search(text))


# Forwarded and quoted mail --------------------------------------------------------------

_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message|weitergeleitete nachricht|"
    r"ursprüngliche nachricht|mensaje reenviado|mensaje original|message transféré|"
    r"message d'origine|message original)\s*-{2,}|begin forwarded message:?|_{10,}|-{10,})\s*$",
    re.IGNORECASE,
)
_HEADER_NAMES = {
    "from": "from", "von": "from", "de": "from",
    "date": "date", "sent": "date", "datum": "date", "gesendet": "date", "fecha": "date",
    "enviado": "date", "envoyé": "date", "envoye": "date",
    "subject": "subject", "betreff": "subject", "asunto": "subject", "objet": "subject",
    "to": "to", "an": "to", "para": "to", "à": "to", "a": "to",
    "cc": "cc", "kopie": "cc", "reply-to": "reply_to",
}  # fmt: skip
_HEADER_LINE = re.compile(
    r"^(" + "|".join(re.escape(n) for n in sorted(_HEADER_NAMES, key=len, reverse=True)) + r")"
    r"\s*:\s*(.*)$",
    re.IGNORECASE,
)
_WROTE_LINE = re.compile(
    r"^(?:on|am|el|le)\s+(?P<when>.+?)\s+(?:wrote|schrieb|escribió|a écrit)\s*:\s*$",
    re.IGNORECASE,
)
_SUBJECT_PREFIX = re.compile(r"^(?:(?:fwd?|fw|wg|rv|tr|re|aw|sv)\s*:\s*)+", re.IGNORECASE)


@dataclass
class PastedText:
    """The paste as plain lines, with the mail headers of the innermost forwarded message."""

    lines: list
    headers: dict

    @property
    def text(self):
        return "\n".join(self.lines)

    @property
    def paragraphs(self):
        """Runs of non-blank lines joined by spaces, for sentences wrapped across lines."""
        found, current = [], []
        for line in self.lines:
            if line.strip():
                current.append(line.strip())
            elif current:
                found.append(" ".join(current))
                current = []
        if current:
            found.append(" ".join(current))
        return found


def _normalise_text(text):
    text = text.translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\t", " ")
    # Stray control characters that passed the junk check go; line breaks stay.
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def read_paste(text):
    """Check a paste, reduce it to plain lines and take the mail headers out of the body."""
    text = check_paste(text)
    if looks_like_html(text):
        text = html_to_text(text)
    text = _normalise_text(text)
    lines = [_QUOTE_PREFIX.sub("", line).rstrip() for line in text.split("\n")]
    lines = [re.sub(r"[ ]{2,}", " ", line).strip() for line in lines]
    lines = [line for line in lines if not _FORWARD_MARKER.match(line)]

    body, blocks, index = [], [], 0
    while index < len(lines):
        run = []
        while index + len(run) < len(lines) and _HEADER_LINE.match(lines[index + len(run)]):
            run.append(lines[index + len(run)])
        # Two header lines in a row make a header block; one alone is ordinary text.
        if len(run) >= 2:
            block = {}
            for line in run:
                name, value = _HEADER_LINE.match(line).groups()
                block.setdefault(_HEADER_NAMES[name.lower()], value.strip())
            blocks.append(block)
            index += len(run)
            continue
        wrote = _WROTE_LINE.match(lines[index])
        if wrote:
            blocks.append({"date": wrote.group("when")})
        else:
            body.append(lines[index])
        index += 1

    headers = {}
    for block in blocks:  # later blocks are the older, forwarded messages: they win
        headers.update({k: v for k, v in block.items() if v})
    if "subject" in headers:
        headers["subject"] = _SUBJECT_PREFIX.sub("", headers["subject"]).strip()
    # Collapse runs of blank lines left by removed headers.
    cleaned = []
    for line in body:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return PastedText(lines=cleaned, headers=headers)


# Times ---------------------------------------------------------------------------------

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mär": 3, "mrz": 3, "mai": 5,
    "juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # Spanish
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
    "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
    # French
    "janvier": 1, "janv": 1, "février": 2, "févr": 2, "fevrier": 2, "mars": 3, "avril": 4,
    "avr": 4, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>"
    + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
    + r")(?![^\W\d_])\.?"
)
_ZONE = (
    r"(?P<tz>(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|"
    r"EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|BST|AEST|AEDT)\b"
)
_TIME = (
    r"(?P<time>\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?(?![a-z]))?"
    r"|\d{1,2}\s*[ap]\.?\s?m\.?(?![a-z]))(?:\s*uhr\b)?(?:\s*\(?" + _ZONE + r"\)?)?"
)
_AT = r"(?:,?\s*(?:at|um|a\s+las|a\s+la|à|,)?\s*)"
_ABSOLUTE_PATTERNS = [
    # Nov 24, 2026 3:15 PM · November 24 at 3:15 PM · Tue, Nov 24, 2026 at 3:15 PM
    re.compile(
        _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
        r"(?:,?\s+(?P<year>\d{4}))?(?:" + _AT + _TIME + r")?",
        re.IGNORECASE,
    ),
    # 24 November 2026 15:15 · 24. Nov. 2026 um 15:15 · 24 de noviembre de 2026, 15:15
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?" + _MONTH + r",?"
        r"(?:\s+(?:de\s+)?(?P<year>\d{4}))?(?:" + _AT + _TIME + r")?",
        re.IGNORECASE,
    ),
    # 2026-11-24 15:15 · 2026-11-24T15:15:00Z
    re.compile(
        r"(?<!\d)(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})(?!\d)"
        r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s?(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC)?)?",
        re.IGNORECASE,
    ),
    # 24/11/2026 15:15 · 24.11.2026, 15:15 · 11/24/2026 3:15 PM
    re.compile(
        r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})"
        r"(?!\d)(?:" + _AT + _TIME + r")?",
        re.IGNORECASE,
    ),
]
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einer": 1, "einem": 1, "un": 1,
    "una": 1, "uno": 1, "une": 1, "two": 2, "zwei": 2, "dos": 2, "deux": 2, "three": 3,
    "drei": 3, "tres": 3, "trois": 3, "few": 3,
}  # fmt: skip
_UNITS = {
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "minuten": "minutes", "minuto": "minutes", "minutos": "minutes",
    "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours", "stunde": "hours",
    "stunden": "hours", "hora": "hours", "horas": "hours", "heure": "hours", "heures": "hours",
    "day": "days", "days": "days", "tag": "days", "tagen": "days", "día": "days",
    "días": "days", "dia": "days", "dias": "days", "jour": "days", "jours": "days",
    "week": "weeks", "weeks": "weeks", "woche": "weeks", "wochen": "weeks", "semana": "weeks",
    "semanas": "weeks", "semaine": "weeks", "semaines": "weeks",
}  # fmt: skip
_N = r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
_RELATIVE_PATTERNS = [
    re.compile(r"\b" + _N + r"\s+" + _UNIT + r"\s+ago\b", re.IGNORECASE),
    re.compile(r"\bvor\s+" + _N + r"\s+" + _UNIT, re.IGNORECASE),
    re.compile(r"\bhace\s+" + _N + r"\s+" + _UNIT, re.IGNORECASE),
    re.compile(r"\bil y a\s+" + _N + r"\s+" + _UNIT, re.IGNORECASE),
]
_JUST_NOW = re.compile(r"\b(?:just now|gerade eben|justo ahora|ahora mismo)\b", re.IGNORECASE)
_DAY_WORD = re.compile(
    r"\b(?P<word>yesterday|today|gestern|heute|ayer|hoy|hier(?=\s+à)|aujourd'hui)\b"
    r"(?:" + _AT + _TIME + r")?",
    re.IGNORECASE,
)
_DAY_OFFSETS = {
    "yesterday": 1, "gestern": 1, "ayer": 1, "hier": 1,
    "today": 0, "heute": 0, "hoy": 0, "aujourd'hui": 0,
}  # fmt: skip
_NAMED_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
    "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "AEST": 10, "AEDT": 11,
}  # fmt: skip


# A zone named after a time that is not one of _NAMED_ZONES ("IST", "PT", "Pacific Time"):
# many are ambiguous (IST is India, Ireland or Israel), so the time is not guessed at.
# "Local Time" and "Your Time" name the reader's own clock, on which the time is read.
_UNREAD_ZONE = re.compile(
    r"[ \t]*\(?(?!(?:Local|Your) Time\b)(?P<label>[A-Z]{1,4}T|(?:[A-Z][a-z]+ ){1,3}Time)\b\)?"
)

# The offsets clocks on Earth keep: from UTC-12:00 to UTC+14:00.
_OFFSETS_IN_USE = (timedelta(hours=-12), timedelta(hours=14))


def _zone_from(label, default):
    """The zone a label names, `default` without a label, or None for an offset no clock
    keeps (`+25:00`, `UTC+99`, `GMT-1300`): a time read with it would be wrong."""
    if not label:
        return default
    label = label.upper().replace(" ", "")
    if label in _NAMED_ZONES:
        return fixed_offset(timedelta(hours=_NAMED_ZONES[label]))
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", label)
    if not match:
        return default
    sign, hours, minutes = match.groups()
    if int(minutes or 0) >= 60:
        return None
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    offset = -offset if sign == "-" else offset
    earliest, latest = _OFFSETS_IN_USE
    if not earliest <= offset <= latest:
        return None
    return fixed_offset(offset)


def _calendar_day(year, month, day):
    """The date, or None for one no calendar has (31 April, 29 February 2026) or one outside
    the years the tracker records."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clock(text):
    """`3:15 PM`, `15:15`, `3 p.m.` → a time, read with dateutil."""
    text = re.sub(r"\s*uhr\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"([ap])\.?\s?m\.?", r"\1m", text, flags=re.IGNORECASE)
    try:
        return dateparser.parse(text, default=datetime(2000, 1, 1)).time()
    except (ValueError, OverflowError):
        return None


@dataclass
class Moment:
    """A time or date found in the text, and where."""

    start: int
    source: str
    day: date
    clock: time | None = None
    zone: object = None  # a stated zone, else the user's
    value: datetime | None = None  # the aware instant, when a time of day is known
    unread_zone: str = ""  # a zone named after the time that could not be read


class TimeReader:
    """Finds times in text as a person in `user`'s zone would read them, at `now`.

    A date shown without its year is read as the latest one not in the future (when something
    arrived), or, given `around`, as the one nearest that moment (when something is due).
    """

    def __init__(self, user, now=None, around=None):
        self.user = user
        self.zone = zone_of(user)
        self.now = now or timezone.now()
        self.local_now = self.now.astimezone(self.zone)
        self.around = around

    def _aware(self, day, clock, zone=None):
        return datetime.combine(day, clock).replace(tzinfo=zone or self.zone)

    def start_of(self, day):
        """Midnight at the start of `day` in the user's zone."""
        return self._aware(day, time(0, 0))

    def _absolute(self, text):
        found = []
        for pattern in _ABSOLUTE_PATTERNS:
            for match in pattern.finditer(text):
                moment = self._absolute_moment(match)
                if moment is not None:
                    found.append(moment)
        return found

    def _absolute_moment(self, match):
        """The date (and time) one pattern's match names, or None when it names no real one.

        An impossible value (31 April, the year 9999, an offset of +25:00) is not guessed
        at: it is as if nothing was found, and the user fills the field in.
        """
        parts = match.groupdict()
        year_given = bool(parts.get("year"))
        if parts.get("month"):
            month = _MONTHS[parts["month"].lower().rstrip(".")]
            day = int(parts["day"])
            if not year_given and not parts.get("time"):
                return None  # "May 5" alone is too easily ordinary words and numbers
        elif parts.get("nmonth"):
            month, day = int(parts["nmonth"]), int(parts["day"])
        else:
            month, day = self._day_and_month(
                int(parts["first"]), int(parts["second"]), parts["sep"], parts.get("time")
            )
        zone = _zone_from(parts.get("tz"), self.zone)
        if zone is None:
            return None
        clock = _clock(parts["time"]) if parts.get("time") else None
        unread = None
        if clock is not None and not parts.get("tz"):
            unread = _UNREAD_ZONE.match(match.string, match.end())
        if year_given:
            when = _calendar_day(int(parts["year"]), month, day)
            value = self._aware(when, clock, zone) if when and clock else None
        elif clock is not None and self.around is not None:
            when, value = self._nearest(month, day, clock, zone)
        elif clock is not None:
            when, value = self._latest_past(month, day, clock, zone)
        else:
            return None
        if when is None or (value is not None and not is_plausible(value, self.user)):
            return None
        if unread:
            # The date stands; the time of day, in a zone not known, is not taken.
            return Moment(
                start=match.start(),
                source=match.string[match.start() : unread.end()].strip(),
                day=when,
                clock=clock,
                unread_zone=unread.group("label"),
            )
        return Moment(
            start=match.start(),
            source=match.group(0).strip(),
            day=when,
            clock=clock,
            zone=zone,
            value=value,
        )

    def _latest_past(self, month, day, clock, zone):
        """`(day, instant)` for a date shown without its year, as mail shows this year's:
        this year's, or last year's while this year's is still to come ("Nov 24 at 3:15 PM"
        read on 5 January). "Feb 29" is judged against the year it falls in; `(None, None)`
        when that year has no such day."""
        for year in (self.local_now.year, self.local_now.year - 1):
            when = _calendar_day(year, month, day)
            if when is None:
                continue
            value = self._aware(when, clock, zone)
            if value <= self.now:
                return when, value
        return None, None

    def _nearest(self, month, day, clock, zone):
        """`(day, instant)` for a date shown without its year that names something due: the
        one nearest `around` ("Jan 5 at 5 PM" read on 20 December is next January's, "Nov 20"
        read on 25 November the one just passed); `(None, None)` when no such day is near."""
        year = self.around.astimezone(self.zone).year
        candidates = []
        for near in (year - 1, year, year + 1):
            when = _calendar_day(near, month, day)
            if when is not None:
                candidates.append((when, self._aware(when, clock, zone)))
        if not candidates:
            return None, None
        return min(candidates, key=lambda candidate: abs(candidate[1] - self.around))

    @staticmethod
    def _day_and_month(first, second, separator, clock_text):
        """Numeric dates: 24/11 is day-first, 11/24 month-first; when both could be, a dot or
        a 24-hour clock says day-first (European), an AM/PM clock month-first (American)."""
        if first > 12:
            return second, first
        if second > 12:
            return first, second
        if separator == "." or (clock_text and not re.search(r"[ap]\.?\s?m", clock_text, re.I)):
            return second, first
        return first, second

    def _relative(self, text):
        found = []
        for pattern in _RELATIVE_PATTERNS:
            for match in pattern.finditer(text):
                raw = match.group("n").lower()
                count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
                unit = _UNITS[match.group("unit").lower()]
                value = self.now - timedelta(**{unit: count})
                found.append(self._moment(match, value.replace(second=0, microsecond=0)))
        for match in _JUST_NOW.finditer(text):
            found.append(self._moment(match, self.now.replace(second=0, microsecond=0)))
        for match in _DAY_WORD.finditer(text):
            offset = _DAY_OFFSETS[match.group("word").lower()]
            day = self.local_now.date() - timedelta(days=offset)
            if match.group("time"):
                clock = _clock(match.group("time"))
            elif offset:
                # "Yesterday" alone: the same clock time, a day earlier.
                clock = self.local_now.time().replace(second=0, microsecond=0)
            else:
                continue  # "today" alone says nothing about the time
            zone = _zone_from(match.group("tz"), self.zone)
            if clock is None or zone is None:
                continue
            found.append(self._moment(match, self._aware(day, clock, zone)))
        return found

    def _moment(self, match, value):
        local = value.astimezone(self.zone)
        return Moment(
            start=match.start(),
            source=match.group(0).strip(),
            day=local.date(),
            clock=local.time(),
            zone=self.zone,
            value=value,
        )

    def moments(self, text):
        """Every time or date in `text`, in the order they appear."""
        found = self._absolute(text) + self._relative(text)
        found.sort(key=lambda m: (m.start, -len(m.source)))
        # Keep the longest reading where two patterns matched overlapping text.
        kept, end = [], -1
        for moment in found:
            if moment.start >= end:
                kept.append(moment)
                end = moment.start + len(moment.source)
        return kept

    def first(self, text):
        found = self.moments(text)
        return found[0] if found else None

    def date_in(self, text):
        """The first calendar date in `text` (for start dates), also "today" or "tomorrow"."""
        words = re.search(
            r"\b(today|immediately|tomorrow|heute|sofort|morgen|hoy|mañana|aujourd'hui|demain)\b",
            text,
            re.IGNORECASE,
        )
        moment = self.first(text)
        if moment and (not words or moment.start < words.start()):
            return moment.day
        if words:
            tomorrow = words.group(1).lower() in ("tomorrow", "morgen", "mañana", "demain")
            return self.local_now.date() + timedelta(days=1 if tomorrow else 0)
        return None

    def shown(self, value):
        local = value.astimezone(self.zone)
        return f"{local:%a %d %b %Y %H:%M} {local.tzname()}"

    def past_moment(self, candidates, label):
        """The first candidate with a time of day that is not in the future.

        Returns `(value, note)`: the aware time, or None and a note saying why not.
        """
        dated_only = future = unread = None
        for moment in candidates:
            if moment.unread_zone:
                unread = unread or moment
                continue
            if moment.value is None:
                dated_only = dated_only or moment
                continue
            if moment.value > self.now:
                future = future or moment
                continue
            return moment.value.astimezone(UTC), None
        if future:
            return None, (
                f"The time found ({self.shown(future.value)}) is in the future — "
                f"enter when the {label} arrived."
            )
        if unread:
            return None, (
                f"The time found ({unread.source}) names a time zone that could not be read — "
                f"enter when the {label} arrived."
            )
        if dated_only:
            return None, (
                f"Only a date was found ({dated_only.day:%d %b %Y}), not the time — "
                f"enter when the {label} arrived."
            )
        return None, f"No time found — enter when the {label} arrived."


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
    if not re.search(r"\b(?:Inc|Ltd|Co|Corp|Bros|Jr|Sr|St|e\.V)\.$", value):
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
_ABBREVIATION = re.compile(r"\b(Inc|Ltd|Co|Corp|Bros|Jr|Sr|Dr|Mr|Ms|Mrs|St|S\.A|e\.V)\.")


def name_before(paragraphs, pattern):
    """The name in a sentence such as `Acme Corp has invited you to interview`."""
    regex = re.compile(r"(?P<name>[^\n.!?]{2,120}?)\s+" + pattern, re.IGNORECASE)
    for paragraph in paragraphs:
        # "Acme Inc. has invited you": the abbreviation's dot does not end the sentence.
        match = regex.search(_ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), paragraph))
        if match:
            name = tidy(_GREETING.sub("", match.group("name").strip()), 200)
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


# Invitations ---------------------------------------------------------------------------

_STOP = re.compile(
    r"^(?:"
    # A heading alone on its line.
    r"(?:screening questions?|questions? from the client|the client(?: has)? asked(?: you)?|"
    r"questions?|preguntas(?: de selección| del cliente)?|fragen(?: des kunden)?|"
    r"questions de présélection|job details|about the client|detalles del trabajo|"
    r"acerca del cliente|über den kunden|milestones?|hitos|meilensteine|jalons|"
    r"(?:contract )?terms)\s*:?\s*$"
    # Links, buttons and sign-offs.
    r"|(?:view|see|open|review) (?:the )?(?:job|invitation|offer|details|contract|posting)"
    r"|accept\b|decline\b|reply\b|respond\b|the upwork team|the [\w ]{2,30} team\s*$"
    r"|unsubscribe|--\s*$|ver (?:la |el )?(?:publicación|trabajo|invitación|oferta)"
    r"|aceptar\b|rechazar\b|stelle ansehen|einladung ansehen|angebot ansehen|annehmen\b"
    r"|ablehnen\b"
    # A line that dates the notice.
    r"|(?:invited|sent|received|recibida|recibido|enviada|enviado|erhalten|gesendet|"
    r"eingeladen)\b.*(?:\d|ago|yesterday|today|hace|vor|ayer|gestern|hoy|heute)"
    # Another labelled field.
    r"|(?:job|job title|client|cliente|kunde|trabajo|job link|job url|contract type|"
    r"hourly rate|rate|weekly limit|start date|total|amount)\s*:"
    r")",
    re.IGNORECASE,
)
_MESSAGE_HEADING = re.compile(
    r"^(?:(?:original )?message from (?:the )?client|client'?s? message|"
    r"(?:the )?message(?: from .{1,60})?|here'?s? (?:the|their) message|"
    r"nachricht(?: des kunden| vom kunden| von .{1,60})?|mensaje(?: del cliente| de .{1,60})?|"
    r"message du client)\s*(?:[:\-–]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_QUESTIONS_HEADING = re.compile(
    r"^(?:screening questions?|questions? from the client|the client(?: has)? asked(?: you)?|"
    r"questions?|preguntas(?: de selección| del cliente)?|fragen(?: des kunden)?|"
    r"questions de présélection)\s*[:\-–]?\s*$",
    re.IGNORECASE,
)
_CLIENT_LABELS = r"client|client name|from client|kunde|auftraggeber|cliente|client name"
_TITLE_LABELS = (
    r"job|job title|job post|title|position|project|puesto|trabajo|título del trabajo|"
    r"título|stelle|projekt|jobtitel|titre|intitulé du poste"
)
# A quoted value: “…”, "…", «…», „…“ or ‘…’ (an apostrophe inside is fine).
QUOTED = (
    r"(?:“(?P<v1>[^”\n]+)”|\"(?P<v2>[^\"\n]+)\"|«\s*(?P<v3>[^»\n]+?)\s*»|"
    r"„(?P<v4>[^“”\n]+)[“”]|‘(?P<v5>[^’\n]+)’)"
)
# An unquoted value runs to the end of its sentence or to a link.
UNQUOTED = r"(?P<v>[^\n<]+?)(?=\s*<https?://|\.\s+\S|\.?\s*$)"
_TITLE_PATTERNS = [
    re.compile(
        r"invited you to (?:an )?interview for (?:the |a |your )?(?:job |position )?" + QUOTED,
        re.IGNORECASE,
    ),
    re.compile(
        r"invited you to (?:an )?interview for (?:the job:?\s+|job:\s*)?" + UNQUOTED,
        re.IGNORECASE,
    ),
    re.compile(r"(?:Vorstellungsgespräch|Interview|eingeladen)\s+für\s+(?:die Stelle )?" + QUOTED),
    re.compile(r"entrevista para\s+(?:el trabajo |el puesto )?" + QUOTED, re.IGNORECASE),
]
_SUBJECT_TITLE = [
    re.compile(
        r"^(?:(?:new |an? )?(?:invitation to (?:an )?interview|interview invitation|invitation)|"
        r"you(?:'ve| have) been invited to (?:an )?interview|invited to interview)"
        r"\s*(?:[:\-–]|for)\s*(?P<v>.+)$",
        re.IGNORECASE,
    ),
]
_INVITE_HEADING = re.compile(
    r"^(?:you have (?:a )?new invitation to interview|(?:new )?invitation to interview|"
    r"invitación para (?:una )?entrevista(?:r)?|einladung zum (?:vorstellungsgespräch|interview))"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_JOB_DETAILS_HEADING = re.compile(
    r"^(?:job details|detalles del trabajo|stellendetails)\s*:?\s*$", re.IGNORECASE
)
_NOTICE_WORDS = re.compile(
    r"\b(?:invit\w*|sent|received|notified|date|datum|fecha|recibid\w*|enviad\w*|"
    r"erhalten|gesendet|eingeladen|reçu\w*|envoyé\w*)\b",
    re.IGNORECASE,
)
_NOT_NOTICE = re.compile(
    r"\b(?:posted|publicad\w*|veröffentlicht|publié\w*|expires?|expira\w*|start\w*|due|"
    r"deadline|member since|last (?:seen|active)|local time)\b",
    re.IGNORECASE,
)


def notice_time(pasted, reader, label):
    """The time the notification arrived: the mail's date, a line about the invitation being
    sent or received, or else the first time in the text that is not about something else."""
    candidates = []
    if pasted.headers.get("date"):
        candidates += reader.moments(pasted.headers["date"])
    notice_lines = [
        line for line in pasted.lines if _NOTICE_WORDS.search(line) and not _NOT_NOTICE.search(line)
    ]
    other_lines = [line for line in pasted.lines if not _NOT_NOTICE.search(line)]
    for line in notice_lines + other_lines:
        candidates += reader.moments(line)
    return reader.past_moment(candidates, label)


def _line_after(lines, heading):
    for index, line in enumerate(lines):
        if heading.match(line):
            for following in lines[index + 1 : index + 3]:
                if following.strip() and not _STOP.match(following):
                    return tidy(following)
    return None


def extract_invitation(text, user, now=None):
    """Read a pasted invitation notification into the new-invitation form's fields.

    Raises ValidationError for input that is not a notification (empty, huge, binary).
    """
    pasted = read_paste(text)
    reader = TimeReader(user, now)
    lines, paragraphs = pasted.lines, pasted.paragraphs
    subject = pasted.headers.get("subject", "")
    found, notes = {}, {}

    client = (
        tidy(labelled(lines, _CLIENT_LABELS), 200)
        or name_before(paragraphs, r"(?:has |just )?invited you to (?:an )?interview")
        or name_before(
            paragraphs,
            r"(?:would like to interview you|hat Sie (?:zu|zum) |te ha invitado|vous a invité)",
        )
    )
    if not client:
        match = re.search(
            r"(?:invited (?:to interview )?by|invitation from|einladung von|invitación de)\s+"
            r"(?P<v>[^\n.,!?<]{2,120})",
            " ".join(paragraphs + [subject]),
            re.IGNORECASE,
        )
        client = tidy(match.group("v"), 200) if match else None
    if client:
        found["client_name"] = client
    else:
        notes["client_name"] = "No client name found — type the client's name."

    title = (
        tidy(labelled(lines, _TITLE_LABELS, stop=_STOP))
        or first_match(paragraphs, _TITLE_PATTERNS)
        or first_match([subject, *lines], _SUBJECT_TITLE)
        or _line_after(lines, _INVITE_HEADING)
        or _line_after(lines, _JOB_DETAILS_HEADING)
    )
    if title:
        found["job_title"] = title
    else:
        notes["job_title"] = "No job title found — copy it from the job post."

    url = job_url(pasted)
    if url:
        found["job_url"] = url
    else:
        notes["job_url"] = "No job link found — paste it from the job page."

    notified_at, note = notice_time(pasted, reader, "invitation")
    if notified_at:
        found["notified_at"] = notified_at
    else:
        notes["notified_at"] = note

    message = section(lines, _MESSAGE_HEADING, _STOP)
    if message:
        found["message"] = message
    else:
        notes["message"] = "No message from the client found."

    questions = question_list(lines, _QUESTIONS_HEADING, _STOP)
    if questions:
        found["screening_questions"] = questions

    return Extraction(fields=found, notes=notes)
