"""What reads a status change: an invitation withdrawn, a job closed, an offer withdrawn or
expired, a contract started. Each names the client, the job and when it happened, and
sometimes the reason; the record it changes is found by whoever places the reading."""

import re

from .fields import first_match, job_url, labelled, name_before, tidy
from .invitation import QUOTED, UNQUOTED, notice_time

_I = re.IGNORECASE

_TITLE_LABELS = (
    r"job|job title|contract|contract title|title|position|project|trabajo|puesto|contrato|"
    r"stelle|projekt|vertrag|poste|mission|contrat|offre"
)
_CLIENT_LABELS = r"client|client name|kunde|auftraggeber|cliente"
_REASON_LABELS = (
    r"reason|reason given|the client's reason|grund|motivo|raison|message from the client"
)
_CHANGE_WORDS = (
    r"(?:withdrawn|withdrew|closed|cancell?ed|revoked|expired|started|begun|filled|"
    r"zurückgezogen|abgelaufen|geschlossen|begonnen|retirada|retirado|cerrado|vencido|"
    r"caducado|comenzado|retirée|expiré|fermée|clôturée|commencé)"
)
_TITLE_PATTERNS = [
    re.compile(
        r"\b(?:for|on|für|para|pour|zu)\s+(?:the job |the contract |the position |your |"
        r"die Stelle |el trabajo |la mission |le poste )?" + QUOTED,
        _I,
    ),
    re.compile(
        r"\b(?:job|contract|offer|vertrag|contrato|contrat|trabajo|stelle|mission)\s*" + QUOTED,
        _I,
    ),
    re.compile(
        r"\b(?:offer|invitation(?: to interview)?|contract|job) for (?:the job:?\s+)?" + UNQUOTED,
        _I,
    ),
]
_SUBJECT_TITLE = [
    re.compile(
        r"^[^:]{0,60}\b" + _CHANGE_WORDS + r"\s*[:\-–—]\s*(?P<v>.+)$",
        _I,
    ),
    re.compile(
        r"^(?:job closed|offer withdrawn|offer expired|contract started|invitation withdrawn)"
        r"\s*[:\-–—]\s*(?P<v>.+)$",
        _I,
    ),
]
_CLIENT_PATTERNS = [
    re.compile(
        r"\b(?:contract|vertrag|contrato|contrat) (?:with|mit|con|avec) "
        r"(?P<v>[^\n.,!?<:]{2,120}?)(?=\s+(?:has|hat|ha|a|is|ist|for|für|para|pour)\b|[:,.]|$)",
        _I,
    ),
    re.compile(
        r"\b(?:offer|invitation) from (?P<v>[^\n.,!?<:]{2,120}?)(?=\s+(?:for|has|was)\b|[,.:]|$)",
        _I,
    ),
    re.compile(
        r"\b(?:by|par|por|von) (?:the client |le client |el cliente )?"
        r"(?P<v>[A-ZÀ-Ý][^\n.,!?<:“„«\"]{1,120}?)(?=[.,:]|\s+(?:on|für|for|pour|para)\b|$)"
    ),
]  # fmt: skip
_NOT_A_CLIENT = re.compile(r"^(?:the client|a client|your client|the|upwork)$", _I)
# Words a client's name does not hold: a sentence caught before "closed" or "withdrew".
_NOT_IN_A_NAME = re.compile(
    r"\b(?:the client|job|offer|invitation|contract|no longer|this|your|you)\b", _I
)
# A page copy shows the job's title alone on the line above what happened to it.
_CHANGE_LINE = re.compile(
    r"^(?:this|the) (?:job|offer|invitation)\b.*\b(?:no longer available|closed|withdrawn|"
    r"expired)\b",
    _I,
)


def _title_above_change(lines):
    """On a page copy, the short line just above "This job is no longer available"."""
    for index, line in enumerate(lines):
        if index and _CHANGE_LINE.match(line):
            above = next((text for text in reversed(lines[:index]) if text.strip()), "")
            if above and len(above) <= 120 and not re.search(r"[.:!?]$|^https?://", above):
                return tidy(above)
            return None
    return None


def status_fields(kind, pasted, reader):
    """`(fields, notes)` for a status change of `kind`."""
    lines, paragraphs = pasted.lines, pasted.paragraphs
    subject = pasted.headers.get("subject", "")
    found, notes = {}, {}

    client = tidy(labelled(lines, _CLIENT_LABELS), 200) or name_before(
        paragraphs,
        r"(?:has |just )?(?:withdrawn|withdrew|closed|cancell?ed|revoked|removed|"
        r"hat (?:die|das|seine|ihre) |ha (?:retirado|cerrado) |a (?:retiré|fermé|clôturé) )",
    )
    if client and re.match(r"^(?:your|the) (?:offer|invitation|job|contract)\b", client, _I):
        client = None
    if not client:
        client = first_match([*paragraphs, subject], _CLIENT_PATTERNS)
    if client and (_NOT_A_CLIENT.match(client) or _NOT_IN_A_NAME.search(client)):
        client = None
    if client:
        found["client_name"] = client
    else:
        notes["client_name"] = "No client name found."

    labelled_title = tidy(labelled(lines, _TITLE_LABELS))
    if labelled_title and re.match(r"https?://", labelled_title, _I):
        labelled_title = None  # "Job: https://…" is the link, not the title
    title = (
        labelled_title
        or first_match([subject, *paragraphs], _TITLE_PATTERNS)
        or first_match([subject], _SUBJECT_TITLE)
        or _title_above_change(lines)
    )
    if title:
        found["job_title"] = title
    else:
        notes["job_title"] = "No job or contract title found."

    url = job_url(pasted)
    if url:
        found["job_url"] = url
    else:
        notes["job_url"] = "No job link found."

    notified_at, note = notice_time(pasted, reader, "notice")
    if notified_at:
        found["notified_at"] = notified_at
    else:
        notes["notified_at"] = note

    reason = tidy(labelled(lines, _REASON_LABELS), 1000)
    if reason:
        found["reason"] = reason
    return found, notes
