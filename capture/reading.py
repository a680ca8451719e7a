"""The one notification reader: whatever the user has (a paste, an HTML page, a raw `.eml`,
a forward of a forward), which kind of marketplace mail it is, and the fields it gives.

    reading = read_notification(source, user)
    reading.kind      # "invitation", "offer", "invitation_withdrawn", ... or "unknown"
    reading.fields    # the record's form fields, by name
    reading.notes     # a note per field left empty: why, and what to do
    reading.message_id, reading.sent_at, reading.subject, reading.sender, reading.source_text

Nothing is saved here: a paste page pre-fills a form with the fields, and mail that arrives
by itself is placed by whoever calls this, through the models' own methods.
"""

from dataclasses import dataclass, field
from datetime import UTC

from django.core.exceptions import ValidationError

from kit.prefill import Extraction

from .invitation import invitation_fields
from .kinds import KINDS, STATUS_KINDS, UNKNOWN, kind_of
from .message import read_message
from .offer import offer_fields
from .status import status_fields
from .text import MAX_PASTE_CHARS, check_paste, read_text, visible_text
from .times import TimeReader

# The most source text kept with a record, shown beside its fields.
MAX_SOURCE_CHARS = 100_000


@dataclass
class Reading:
    """What one notification said: its kind, the fields read, and a note per field not read."""

    kind: str
    fields: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    message_id: str = ""
    sent_at: object = None  # the original message's own time (aware, UTC), when known
    subject: str = ""
    sender: str = ""
    source_text: str = ""
    contact: str = ""  # the person who wrote for the client, when the mail names one
    recognised: str = ""  # the kind the mail looks like, even when read as another

    def extraction(self):
        """The fields and notes, as a paste page carries them to the new-record form."""
        return Extraction(fields=dict(self.fields), notes=dict(self.notes))


def _documents(source):
    """`(alternatives, mail)`: the source as plain-text readings (a message's plain and HTML
    bodies each give one), and the raw message when the source was one."""
    from .message import looks_like_source

    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        text = _text_of(data)
        if not looks_like_source(text):
            return [read_text(check_paste(text))], None
        mail = read_message(data)
    else:
        text = "" if source is None else str(source)
        if not looks_like_source(text):
            return [read_text(check_paste(text))], None
        if not text.strip() or "\x00" in text:
            check_paste(text)  # the same refusal as any paste: empty or binary
        mail = read_message(text)
    headers = {"from": mail.sender, "date": mail.date_header, "subject": mail.subject}
    alternatives = [
        read_text(
            part.text[: MAX_PASTE_CHARS * 2],
            headers=headers,
            sent_at=mail.sent_at,
            message_id=mail.message_id,
        )
        for part in mail.parts
    ]
    if not alternatives:
        alternatives = [
            read_text("", headers=headers, sent_at=mail.sent_at, message_id=mail.message_id)
        ]
    return alternatives, mail


def _text_of(data):
    for name in ("utf-8", "cp1252"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _source_text(source, mail):
    if mail is not None:
        head = [f"{name}: {value}" for name, value in (
            ("From", mail.sender), ("Date", mail.date_header), ("Subject", mail.subject)
        ) if value]  # fmt: skip
        body = mail.parts[0].text if mail.parts else ""
        text = "\n".join(head) + "\n\n" + visible_text(body[: MAX_SOURCE_CHARS * 2])
    else:
        text = source.decode("utf-8", "replace") if isinstance(source, bytes) else str(source)
        text = visible_text(text[: MAX_SOURCE_CHARS * 2])
    return text.strip()[:MAX_SOURCE_CHARS]


_READERS = {"invitation": invitation_fields, "offer": offer_fields}


def _fields_for(kind, alternatives, reader):
    """Each alternative read as `kind`; a field the first did not give may come from the
    next (a plain-text part that leaves out what the HTML part says)."""
    read = _READERS.get(kind)
    found, notes, first_fields = {}, {}, {}
    for number, pasted in enumerate(alternatives):
        if read is not None:
            fields, missing = read(pasted, reader)
        else:
            fields, missing = status_fields(kind, pasted, reader)
        for name, value in fields.items():
            found.setdefault(name, value)
        if number == 0:
            notes, first_fields = dict(missing), fields
    # A note said why the first part left a field empty; another part may have filled it.
    notes = {k: v for k, v in notes.items() if k in first_fields or k not in found}
    return found, notes


def _sent_at(pasted, reader):
    """The original message's own time: its Date header, or a forwarded block's date (read in
    the reader's zone when it names none)."""
    if pasted.sent_at is not None:
        return pasted.sent_at.astimezone(UTC)
    date = pasted.headers.get("date")
    if not date:
        return None
    value, _ = reader.past_moment(reader.moments(date) or reader.fallback(date), "message")
    return value


def read_notification(source, user, now=None, *, kind=None):
    """Read one notification (text, HTML, or a raw message as bytes or text) for `user`.

    `kind` reads it as that kind whatever it looks like (a paste page knows what it expects);
    without it the kind is recognised from the mail. Raises ValidationError for what is not a
    notification at all (empty, binary, too large), with a message a person understands.
    """
    alternatives, mail = _documents(source)
    reader = TimeReader(user, now)
    first = alternatives[0]
    recognised = kind_of(alternatives)
    chosen = kind or recognised
    if chosen not in KINDS:
        raise ValueError(f"Unknown kind of notification: {chosen!r}")
    if chosen == UNKNOWN:
        fields, notes = {}, {}
    else:
        fields, notes = _fields_for(chosen, alternatives, reader)
    contact = fields.pop("contact", "")
    sent_at = _sent_at(first, reader)
    reading = Reading(
        kind=chosen,
        fields=fields,
        notes=notes,
        message_id=first.message_id,
        sent_at=sent_at,
        subject=first.headers.get("subject", ""),
        sender=(mail.sender if mail is not None else first.headers.get("from", "")),
        source_text=_source_text(source, mail),
        contact=contact,
        recognised=recognised,
    )
    if mail is not None and mail.notes:
        reading.notes.setdefault("message", " ".join(mail.notes))
    return reading


__all__ = ["Reading", "read_notification", "KINDS", "STATUS_KINDS", "ValidationError"]
