"""Reading times in a notification: absolute ones in many languages and zones, and relative
ones ("2 hours ago", "yesterday at 3:15 PM"), in the user's own zone; a time in the future,
outside the years the product allows, or in a zone that cannot be read is not taken.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as fixed_offset

from dateutil import parser as dateparser
from django.utils import timezone

from kit.clock import EARLIEST_YEAR, LATEST_YEAR, is_plausible, zone_of

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


# The languages the fallback reads; fewer languages make it faster and less likely to read a
# word of another language as a date.
FALLBACK_LANGUAGES = ["en", "de", "es", "fr", "pt", "it", "nl"]


def _dateparser_parse(phrase, reader, base):
    import dateparser  # loaded on first use: the fallback is rarely needed

    base = base.astimezone(reader.zone).replace(tzinfo=None)
    try:
        return dateparser.parse(
            phrase,
            languages=FALLBACK_LANGUAGES,
            settings={
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "past",
                "TIMEZONE": str(reader.zone),
                "RETURN_AS_TIMEZONE_AWARE": True,
                "REQUIRE_PARTS": ["day", "month"],
                "STRICT_PARSING": False,
            },
        )
    except (ValueError, OverflowError, TypeError, KeyError, AttributeError):
        return None


def _same_zone(value, zone):
    offset = value.utcoffset()
    local = value.replace(tzinfo=None).replace(tzinfo=zone)
    return offset == local.utcoffset()


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

    def fallback(self, text, base=None):
        """The time in a phrase the patterns above cannot read ("il y a 3 jours",
        "3 ore fa", "in 7 Tagen"), read by `dateparser` with its settings pinned: the phrase
        counts from `base` (the message's own time; the reading's time without one), prefers
        the past, and is on the user's clock. The project's rules still hold: a year outside
        2000–2099 is not taken, and a wall-clock time is placed in the user's zone as every
        other time here is."""
        phrase = text.strip()[:200]
        if not phrase or not re.search(r"\d|[^\W\d_]{3,}", phrase):
            return []
        # A phrase the patterns above recognise and refused (an impossible day, year or
        # offset) stays refused: the fallback only reads what they cannot.
        if any(p.search(phrase) for p in _ABSOLUTE_PATTERNS + _RELATIVE_PATTERNS) or (
            _DAY_WORD.search(phrase) or re.search(r"[+-]\d{2}:?\d{2}\b|\bUTC|\bGMT", phrase)
        ):
            return []
        value = _dateparser_parse(phrase, self, base or self.now)
        if value is None:
            return []
        if value.tzinfo is None or _same_zone(value, self.zone):
            local = value.replace(tzinfo=None)
            value = self._aware(local.date(), local.time().replace(microsecond=0))
        if not is_plausible(value, self.user):
            return []
        local = value.astimezone(self.zone)
        return [
            Moment(
                start=0,
                source=phrase,
                day=local.date(),
                clock=local.time(),
                zone=self.zone,
                value=value,
            )
        ]

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
