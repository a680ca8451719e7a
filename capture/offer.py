"""Paste to record, for offers: read a pasted offer notification into the new-offer form.

The same reading as invitations (`capture.invitation`), plus the contract's terms: hourly or
fixed price, the rate or amount and its currency, the weekly hour limit, the start date, the
expiry and any milestones. Nothing is saved; the values only pre-fill the form.
"""

import re
from datetime import UTC, timedelta
from decimal import Decimal, InvalidOperation

from proposals.models import CURRENCIES

from .fields import first_match, labelled, name_before, tidy
from .invitation import QUOTED, UNQUOTED, notice_time
from .times import TimeReader

_SYMBOLS = {
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "CA$": "CAD", "C$": "CAD",
    "A$": "AUD", "AU$": "AUD", "₹": "INR", "¥": "JPY", "zł": "PLN", "Fr.": "CHF",
}  # fmt: skip
_CODES = "|".join(CURRENCIES)
_SYMBOL = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
# Thousands grouped in threes (1,200.50 · 1.200,50 · 1 200), in lakhs (1,20,000, as Indian
# amounts are written), or not at all.
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[,.\s\u202f]\d{3})+(?:[.,]\d{1,2})?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|"
    r"\d+(?:[.,]\d{1,2})?)"
)
_MONEY = re.compile(
    r"(?:(?P<pre>" + _SYMBOL + r"|\b(?:" + _CODES + r"))\s?" + _NUMBER
    + r"|" + _NUMBER.replace("num", "num2") + r"\s?(?P<post>" + _SYMBOL + r"|(?:" + _CODES
    + r")\b))",
    re.IGNORECASE,
)  # fmt: skip
_PER_HOUR = re.compile(r"^\s*(?:/\s*(?:hr|hour|h|std|hora)\b|per hour|an hour|a hour|hourly)", re.I)


def _number(raw):
    """`1,200.50`, `1.200,50`, `1 200`, `45` → Decimal; the last separator followed by one or two
    digits is the decimal mark."""
    raw = raw.replace("\u202f", " ").replace(" ", "")
    match = re.search(r"[.,](\d{1,2})$", raw)
    if match:
        whole, fraction = raw[: match.start()], match.group(1)
    else:
        whole, fraction = raw, ""
    whole = re.sub(r"[.,]", "", whole)
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def find_money(text):
    """Every amount in `text`: `(start, end, amount, currency or None)`."""
    found = []
    for match in _MONEY.finditer(text):
        raw = match.group("num") or match.group("num2")
        sign = match.group("pre") or match.group("post")
        amount = _number(raw)
        if amount is None or amount <= 0:
            continue
        currency = _SYMBOLS.get(sign) or _SYMBOLS.get(sign.upper()) or sign.upper()
        found.append((match.start(), match.end(), amount, currency))
    return found


_STOP = re.compile(
    r"^(?:milestones?|hitos|meilensteine|jalons|terms|contract terms|review the offer|"
    r"view (?:the )?offer|accept|decline|the upwork team|--\s*$)",
    re.IGNORECASE,
)
_CLIENT_LABELS = r"client|client name|from|offer from|kunde|auftraggeber|cliente"
_TITLE_LABELS = (
    r"contract title|contract name|contract|contrat|contrato|vertrag|job|job title|title|"
    r"position|project|offer for|"
    r"título del contrato|trabajo|vertragstitel|stelle|projekt"
)
_TITLE_PATTERNS = [
    re.compile(r"sent you an offer for (?:the job |the contract )?" + QUOTED, re.IGNORECASE),
    re.compile(r"sent you an offer for (?:the job:?\s+)?" + UNQUOTED, re.IGNORECASE),
    re.compile(
        r"(?:offer|oferta|angebot) (?:for|para|für) (?:the job |el trabajo )?" + QUOTED, re.I
    ),
]
_SUBJECT_TITLE = [
    re.compile(
        r"^(?:new offer|offer|you(?:'ve| have) (?:received|got) (?:an|a new) offer|"
        r"contract offer|nueva oferta|neues angebot)\s*(?:[:\-–]|for)\s*(?P<v>.+)$",
        re.IGNORECASE,
    ),
]
_CONTRACT_LABEL = re.compile(
    r"^(?:contract type|type|payment type|tipo de contrato|vertragsart|type de contrat)"
    r"\s*[:\-–]?\s*(?P<v>.+)$",
    re.IGNORECASE,
)
_FIXED_WORDS = re.compile(
    r"\b(?:fixed[- ]price|fixed|festpreis|precio fijo|prix fixe|milestones?)\b", re.I
)
_HOURLY_WORDS = re.compile(
    r"\b(?:hourly|per hour|an hour|/\s?hr|/\s?hour|weekly limit|hrs?/week|stundensatz|"
    r"por hora|à l'heure)", re.I
)  # fmt: skip
_RATE_LABELS = r"hourly rate|rate|pay rate|bill rate|stundensatz|tarifa por hora|tarifa|taux"
_TOTAL_LABELS = (
    r"total|total amount|total price|fixed price|fixed-price|contract amount|amount|price|"
    r"budget|gesamtbetrag|betrag|importe total|importe|montant total|montant"
)
_WEEKLY = [
    re.compile(
        r"(?P<n>\d{1,3})\s*(?:hrs?|hours?|h|std\.?|stunden|horas)\s*(?:/|per|a|pro|por)\s*"
        r"(?:wk|week|woche|semana)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:weekly (?:hour )?limit|weekly hours|max(?:imum)?(?: hours)?(?: per week)?|"
        r"wochenlimit|límite semanal)\s*[:\-–]?\s*(?P<n>\d{1,3})\b",
        re.IGNORECASE,
    ),
]
_START_LABELS = (
    r"start date|starts?|start on|starting|fecha de inicio|inicio|startdatum|beginn|"
    r"date de début"
)
_EXPIRY = [
    re.compile(
        r"\b(?:expires?|expiring|expiry|expiration(?: date)?|vence|caduca|läuft ab|"
        r"gültig bis|expire le)\b(?:\s+(?:on|at|el|am))?\s*[:\-–]?\s*(?P<v>.+)$",
        re.IGNORECASE,
    ),
]
_EXPIRES_IN = re.compile(
    r"\bexpires? in (?P<n>\d{1,3}) (?P<unit>days?|hours?)\b|"
    r"\bvence en (?P<n2>\d{1,3}) (?P<unit2>días?|horas?)\b",
    re.IGNORECASE,
)
# An expiry counted in days or hours in another language, for the dateparser fallback.
_EXPIRES_IN_OTHER = re.compile(
    r"\b(?:läuft|expire|expira|vence|caduca|scade|verloopt|expira)\w*\b.{0,20}?"
    r"(?P<v>\b(?:in|dans|en|tra|fra|em|over)\s+\d{1,3}\s+[^\W\d_]+)",
    re.IGNORECASE,
)
_MILESTONE_HEADING = re.compile(r"^(?:milestones?|hitos|meilensteine|jalons)\s*:?\s*$", re.I)


def _contract_type(pasted):
    label = None
    for line in pasted.lines:
        match = _CONTRACT_LABEL.match(line)
        if match:
            label = match.group("v")
            break
    for text in filter(None, [label, pasted.headers.get("subject", "")]):
        if _FIXED_WORDS.search(text):
            return "fixed"
        if _HOURLY_WORDS.search(text):
            return "hourly"
    text = pasted.text
    fixed, hourly = len(_FIXED_WORDS.findall(text)), len(_HOURLY_WORDS.findall(text))
    if fixed > hourly:
        return "fixed"
    if hourly > fixed:
        return "hourly"
    return None


def _milestones(pasted, reader):
    for index, line in enumerate(pasted.lines):
        if not _MILESTONE_HEADING.match(line):
            continue
        milestones = []
        for following in pasted.lines[index + 1 :]:
            if not following.strip():
                continue
            money = find_money(following)
            if not money:
                break
            start, end, amount, currency = money[0]
            title = re.sub(r"^\s*(?:\d{1,2}\s*[.):]|[-*•·]|milestone \d{1,2}\s*[:\-–])\s*", "",
                           following[:start], flags=re.IGNORECASE)  # fmt: skip
            due = reader.first(following[end:])
            milestones.append(
                {
                    "title": tidy(title.rstrip(" :-–—(")),
                    "amount": amount,
                    "currency": currency,
                    "due_date": due.day if due else None,
                }
            )
        return milestones
    return []


def _money_after_label(lines, labels):
    value = labelled(lines, labels)
    if value:
        money = find_money(value)
        if money:
            return money[0]
        number = re.match(r"^\s*" + _NUMBER, value)
        if number:
            return (0, 0, _number(number.group("num")), None)
    return None


def _hourly_rate(pasted):
    found = _money_after_label(pasted.lines, _RATE_LABELS)
    if found:
        return found
    for line in pasted.lines:
        for money in find_money(line):
            if _PER_HOUR.match(line[money[1] :]):
                return money
    return None


def _milestone_terms(milestones):
    lines = ["Milestones:"]
    for number, milestone in enumerate(milestones, 1):
        due = f", due {milestone['due_date']:%d %b %Y}" if milestone["due_date"] else ""
        lines.append(
            f"{number}. {milestone['title']} — {milestone['currency']} {milestone['amount']}{due}"
        )
    return "\n".join(lines)


def extract_offer(text, user, now=None):
    """Read a pasted offer notification into the new-offer form's fields.

    Raises ValidationError for input that is not a notification (empty, huge, binary).
    """
    from .reading import read_notification

    return read_notification(text, user, now, kind="offer").extraction()


def offer_fields(pasted, reader):
    """`(fields, notes)`: what an offer notification says, and why a field is empty."""
    user, now = reader.user, reader.now
    lines, paragraphs = pasted.lines, pasted.paragraphs
    subject = pasted.headers.get("subject", "")
    found, notes = {}, {}

    client = tidy(labelled(lines, _CLIENT_LABELS), 200) or name_before(
        paragraphs,
        r"(?:has |just )?(?:sent you (?:an|a new) offer|made you an offer|hat Ihnen ein Angebot|"
        r"te ha enviado una oferta|vous a envoyé une offre)",
    )
    if not client:
        match = re.search(
            r"(?:offer from|angebot von|oferta de)\s+(?P<v>[^\n.,!?<]{2,120})",
            "\n".join([subject, *paragraphs]),
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
    )
    if title:
        found["job_title"] = title
    else:
        notes["job_title"] = "No job or contract title found — copy it from the offer."

    contract_type = _contract_type(pasted)
    if contract_type:
        found["contract_type"] = contract_type
    else:
        notes["contract_type"] = "Could not tell hourly from fixed price — pick the contract type."

    milestones = _milestones(pasted, reader) if contract_type != "hourly" else []
    if contract_type == "hourly":
        money = _hourly_rate(pasted)
        missing = "No hourly rate found — enter the rate from the offer."
    else:
        money = _money_after_label(lines, _TOTAL_LABELS)
        if money is None and milestones:
            total = sum((m["amount"] for m in milestones), Decimal("0"))
            money = (0, 0, total, milestones[0]["currency"])
        missing = "No amount found — enter the rate or fixed price from the offer."
    if money:
        found["amount"] = money[2]
        currency = money[3]
        if currency in CURRENCIES:
            found["currency"] = currency
        else:
            notes["currency"] = (
                f"The currency could not be read — pick it (one of {', '.join(CURRENCIES)})."
            )
    else:
        notes["amount"] = missing

    if contract_type != "fixed":
        limit = None
        for pattern in _WEEKLY:
            match = pattern.search(pasted.text)
            if match and 1 <= int(match.group("n")) <= 168:
                limit = int(match.group("n"))
                break
        if limit:
            found["weekly_limit"] = limit
        elif contract_type == "hourly":
            notes["weekly_limit"] = "No weekly hour limit found — enter it if the offer has one."

    start_text = labelled(lines, _START_LABELS)
    if start_text is None:
        match = re.search(
            r"\b(?:starts?|starting|start date)\s+(?:on\s+)?(?P<v>[^\n]+)", pasted.text, re.I
        )
        start_text = match.group("v") if match else None
    start_date = reader.date_in(start_text) if start_text else None
    if start_date:
        found["start_date"] = start_date
    else:
        notes["start_date"] = "No start date found — enter when the contract starts."

    received_at, note = notice_time(pasted, reader, "offer")
    if received_at:
        found["received_at"] = received_at
    else:
        notes["received_at"] = note

    # An expiry shown without its year is the one nearest the offer's arrival.
    ahead = TimeReader(user, now, around=received_at or reader.now)
    expires_at = None
    for paragraph in [*lines, subject]:
        relative = _EXPIRES_IN.search(paragraph)
        if relative:
            count = int(relative.group("n") or relative.group("n2"))
            unit = (relative.group("unit") or relative.group("unit2")).lower()
            hours = count * (1 if unit.startswith(("hour", "hora")) else 24)
            # "Expires in 3 days" counts from when the offer was sent, not from the paste.
            expires_at = (received_at or reader.now) + timedelta(hours=hours)
            break
        for pattern in _EXPIRY:
            match = pattern.search(paragraph)
            moment = ahead.first(match.group("v")) if match else None
            if moment:
                # A date without a time is read as the start of that day in the user's zone:
                # a reminder then comes early rather than late.
                expires_at = moment.value or reader.start_of(moment.day)
                break
        if expires_at:
            break
    if expires_at is None:
        # "Läuft in 7 Tagen ab", "expire dans 5 jours": counted from the offer's own time.
        for line in lines:
            match = _EXPIRES_IN_OTHER.search(line)
            if match:
                moments = reader.fallback(match.group("v"), base=received_at or reader.now)
                if moments:
                    expires_at = moments[0].value.astimezone(UTC)
                    break
    if expires_at:
        found["expires_at"] = expires_at
        if expires_at <= reader.now:
            notes["expires_at"] = "The expiry found has already passed — check it in the offer."
    else:
        notes["expires_at"] = "No expiry found — the usual expiry after receipt will apply."

    if milestones:
        found["milestones"] = [
            {"title": m["title"], "amount": m["amount"], "due_date": m["due_date"]}
            for m in milestones
        ]
        found["terms"] = _milestone_terms(milestones)

    return found, notes
