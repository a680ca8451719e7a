"""What reads an invitation to interview from a notification into the new-invitation form's
fields, with a note for each field it could not read. Nothing is saved here: the values
only pre-fill the form, which the user checks and saves.
"""

import re
from datetime import UTC

from kit.clock import is_plausible

from .fields import (
    first_match,
    job_url,
    labelled,
    labelled_link,
    name_before,
    question_list,
    section,
    tidy,
)

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
    r"|ablehnen\b|voir (?:la |le |l'|l’)?(?:mission|offre|poste|invitation|projet)"
    r"|accepter\b|refuser\b"
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
    r"título|stelle|projekt|jobtitel|titre|intitulé du poste|mission|poste"
)
# A quoted value: “…”, "…", «…», „…“ or ‘…’ (an apostrophe inside is fine).
QUOTED = (
    r"(?:“(?P<v1>[^”\n]+)”|\"(?P<v2>[^\"\n]+)\"|«\s*(?P<v3>[^»\n]+?)\s*»|"
    r"„(?P<v4>[^“”\n]+)[“”]|‘(?P<v5>[^’\n]+)’)"
)
# An unquoted value runs to the end of its sentence or to a link.
UNQUOTED = r"(?P<v>[^\n<“\"«„‘]+?)(?=\s*<https?://|\.\s+\S|\.?\s*$)"
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
    re.compile(
        r"entretien pour\s+(?:la mission |le poste |le projet |l'offre |l’offre )?" + QUOTED,
        re.IGNORECASE,
    ),
    re.compile(
        r"would like to interview you (?:for|about) (?:the |a |your )?(?:job |position )?" + QUOTED,
        re.IGNORECASE,
    ),
]
# "… has invited you to interview for the following job:" and the title on the next line.
_TITLE_NEXT_LINE = re.compile(
    r"(?:invited you to (?:an )?interview|would like to interview you)\s+for\s+"
    r"(?:the|this)\s+(?:following\s+)?(?:job|position|project)\s*:\s*$",
    re.IGNORECASE,
)
# "Sarah Mitchell from FitTrack Labs": a person's name (two to four capitalised words)
# writing for the company named after "from".
_PERSON_FROM = re.compile(
    r"^(?P<person>(?:[A-ZÀ-Ý][\w'’.-]+\s+){1,3}[A-ZÀ-Ý][\w'’.-]+)\s+(?:from|at|of|von|de)\s+"
    r"(?P<company>\S.{0,200})$"
)
# A paragraph that is wholly a quotation: the client's message, as invitations quote it.
_QUOTED_PARAGRAPH = re.compile(r"^[\"“„«](?P<v>[^\"“”„«»]{20,}?)[\"”“»]$")
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
    r"\b(?:invit\w*|sent|received|notified|date|datum|fecha|recibid\w*|enviad\w*|ricevut\w*|"
    r"erhalten|gesendet|eingeladen|reçu\w*|envoyé\w*)\b",
    re.IGNORECASE,
)
_NOT_NOTICE = re.compile(
    r"\b(?:posted|publicad\w*|veröffentlicht|publié\w*|expires?|expira\w*|start\w*|due|"
    r"deadline|member since|last (?:seen|active)|local time)\b",
    re.IGNORECASE,
)


def notice_time(pasted, reader, label):
    """The time the notification arrived: the original message's own `Date` (from a raw
    message, or a forwarded block's date line, read in the reader's zone when it names none),
    a line about the invitation being sent or received, or else the first time in the text
    that is not about something else."""
    sent_at = pasted.sent_at
    if sent_at is not None and sent_at <= reader.now and is_plausible(sent_at, reader.user):
        return sent_at.astimezone(UTC), None
    candidates = []
    if pasted.headers.get("date"):
        date = pasted.headers["date"]
        candidates += reader.moments(date) or reader.fallback(date)
    notice_lines = [
        line for line in pasted.lines if _NOTICE_WORDS.search(line) and not _NOT_NOTICE.search(line)
    ]
    other_lines = [line for line in pasted.lines if not _NOT_NOTICE.search(line)]
    for line in notice_lines + other_lines:
        candidates += reader.moments(line)
    if not candidates:
        for line in notice_lines[:3]:
            if len(line) <= 80:
                candidates += reader.fallback(_NOTICE_LABEL.sub("", line))
    return reader.past_moment(candidates, label)


_NOTICE_LABEL = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:invited|sent|received|notified|recibid[ao]|enviad[ao]|erhalten|"
    r"gesendet|eingeladen|reçue?|envoyée?|ricevut[ao]|inviat[ao]|ontvangen|recebid[ao])\b\s*:?",
    re.IGNORECASE,
)


_INVITATION_LINK = re.compile(
    r"^(?:view|see|open|review) (?:the )?(?:invitation|job|job posting|job post)\b|"
    r"^(?:einladung|stelle) ansehen\b|^ver (?:la )?invitación\b|^voir (?:l'|l’)?invitation\b",
    re.IGNORECASE,
)


def _quoted_message(pasted, title):
    """The client's message where no heading names it: a quoted block of the HTML, or a
    paragraph wholly in quotation marks (not the title)."""
    for block in pasted.quoted:
        if tidy(block) != title and len(block) >= 20:
            return block.strip()[:10_000]
    for paragraph in pasted.paragraphs:
        match = _QUOTED_PARAGRAPH.match(paragraph.strip())
        if match and tidy(match.group("v")) != title:
            return match.group("v").strip()[:10_000]
    return None


def _line_after(lines, heading, search=False):
    for index, line in enumerate(lines):
        if (heading.search if search else heading.match)(line):
            for following in lines[index + 1 : index + 3]:
                if following.strip() and not _STOP.match(following):
                    return tidy(following)
    return None


def extract_invitation(text, user, now=None):
    """Read a pasted invitation notification into the new-invitation form's fields.

    Raises ValidationError for input that is not a notification (empty, huge, binary).
    """
    from .reading import read_notification

    return read_notification(text, user, now, kind="invitation").extraction()


def invitation_fields(pasted, reader):
    """`(fields, notes)`: what an invitation notification says, and why a field is empty."""
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
            "\n".join(paragraphs + [subject]),
            re.IGNORECASE,
        )
        client = tidy(match.group("v"), 200) if match else None
    person = _PERSON_FROM.match(client or "")
    if person:
        client = tidy(person.group("company"), 200)
        found["contact"] = person.group("person")
        notes["client_name"] = (
            f"{person.group('person')} wrote for {client}: the client is the company, and the "
            "person is its contact."
        )
    if client:
        found["client_name"] = client
    else:
        notes["client_name"] = "No client name found — type the client's name."

    title = (
        _line_after(lines, _TITLE_NEXT_LINE, search=True)
        or tidy(labelled(lines, _TITLE_LABELS, stop=_STOP))
        or first_match(paragraphs, _TITLE_PATTERNS)
        or first_match([subject, *lines], _SUBJECT_TITLE)
        or _line_after(lines, _INVITE_HEADING)
        or _line_after(lines, _JOB_DETAILS_HEADING)
    )
    if title:
        found["job_title"] = title
    else:
        notes["job_title"] = "No job title found — copy it from the job post."

    url = job_url(pasted) or labelled_link(pasted.lines, _INVITATION_LINK)
    if url:
        found["job_url"] = url
    else:
        notes["job_url"] = "No job link found — paste it from the job page."

    notified_at, note = notice_time(pasted, reader, "invitation")
    if notified_at:
        found["notified_at"] = notified_at
    else:
        notes["notified_at"] = note

    message = section(lines, _MESSAGE_HEADING, _STOP) or _quoted_message(pasted, title)
    if message:
        found["message"] = message
    else:
        notes["message"] = "No message from the client found."

    questions = question_list(lines, _QUESTIONS_HEADING, _STOP)
    if questions:
        found["screening_questions"] = questions

    return found, notes
