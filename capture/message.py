"""Reading a whole raw message: an `.eml` file or a message's source pasted as text.

The standard library's `email` package (with `policy.default`) does every part of the
parsing: headers, MIME multipart, quoted-printable and base64, charsets, and messages
forwarded as `message/rfc822` attachments. What comes out is the text of the original
message (the innermost one) with its own headers, for the generic reading in
`capture.text` and the kinds' readers.
"""

import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.errors import MessageError
from email.utils import parsedate_to_datetime

from django.core.exceptions import ValidationError

# A raw message larger than this is no notification: refused before parsing.
MAX_MESSAGE_BYTES = 2 * 1024 * 1024
# Messages forwarded as attachments inside each other: deeper than this is not followed.
MAX_NESTING = 5
# Parts looked at in one message; the rest are ignored.
MAX_PARTS = 60

TOO_LARGE_MESSAGE = (
    "That message is too large to be a notification (%(size)s; at most %(limit)s). "
    "Save only the notification e-mail and try again."
)
TOO_MANY_PARTS = (
    "That message holds too many parts, or messages inside messages, to be a notification. "
    "Forward the notification itself and try again."
)
NOT_A_MESSAGE = (
    "That file is not an e-mail message. Save the notification from your mail app as an "
    "“.eml” file (or copy its text) and try again."
)

# A header a mail client shows only in a message's source: its presence in the first block
# of lines says the text is a raw message, not a copy of what the reader saw.
_SOURCE_HEADER = re.compile(
    r"^(?:mime-version|content-type|content-transfer-encoding|received|return-path|"
    r"message-id|dkim-signature|delivered-to|authentication-results|x-[\w-]+)\s*:",
    re.IGNORECASE,
)
_HEADER_FIELD = re.compile(r"^[!-9;-~]+:")
_FOLDED = re.compile(r"^[ \t]")


def looks_like_source(text):
    """Whether `text` is a message's source: header lines first, one of them a source-only
    header such as `MIME-Version` or `Content-Type`."""
    head = text.lstrip("\ufeff\r\n")[:20_000]
    seen_source_header = False
    for number, line in enumerate(head.splitlines()):
        if not line.strip():
            return seen_source_header and number > 0
        if _FOLDED.match(line) and number:
            continue
        if not _HEADER_FIELD.match(line):
            return False
        seen_source_header = seen_source_header or bool(_SOURCE_HEADER.match(line))
    return seen_source_header


@dataclass
class MailPart:
    """One readable body of the original message: plain text or HTML, decoded."""

    content_type: str
    text: str


@dataclass
class Mail:
    """The original message found in a raw source, and its own headers."""

    subject: str = ""
    sender: str = ""
    date_header: str = ""
    sent_at: object = None  # an aware datetime when the Date header could be read
    message_id: str = ""
    parts: list = field(default_factory=list)  # MailPart, plain before HTML
    notes: list = field(default_factory=list)  # what could not be followed, said plainly


def _header(message, name):
    try:
        value = message.get(name)
    except (MessageError, ValueError, IndexError, TypeError, AttributeError):
        return ""
    return re.sub(r"\s+", " ", str(value or "")).strip()[:1000]


def _date(message):
    try:
        header = message.get("Date")
    except (MessageError, ValueError, IndexError, TypeError, AttributeError):
        return "", None
    raw = re.sub(r"\s+", " ", str(header or "")).strip()
    moment = getattr(header, "datetime", None)
    if moment is None and raw:
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is not None and moment.tzinfo is None:
        moment = None  # "-0000" says the zone is unknown: not guessed at
    return raw, moment


# Labels that do not name the characters actually sent: browsers read ISO-8859-1 as
# windows-1252 too, where curly quotes and dashes live.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip


def _decoded(part):
    """The part's text, whatever its transfer encoding and charset; never raises."""
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = (part.get_content_charset() or "utf-8").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    for name in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", "replace")


def _own_parts(message, budget):
    """The message's parts, depth first, without going into an attached message's."""
    stack = [message]
    while stack and budget[0] > 0:
        part = stack.pop()
        budget[0] -= 1
        yield part
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            stack.extend(reversed(list(part.iter_parts())))


def _bodies(message, budget):
    """`(parts, inner)`: the message's own text bodies, and a message attached to it."""
    parts, inner = [], None
    for part in _own_parts(message, budget):
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            if inner is None:
                payload = part.get_payload()
                if isinstance(payload, list) and payload:
                    inner = payload[0]
            continue
        if part.is_multipart() or content_type not in ("text/plain", "text/html"):
            continue
        if part.get_content_disposition() == "attachment":
            continue
        text = _decoded(part).replace("\x00", "")
        if text.strip():
            parts.append(MailPart(content_type, text))
    parts.sort(key=lambda p: p.content_type != "text/plain")
    return parts, inner


def read_message(source):
    """Parse a raw message (`bytes`, or its source as text) into the original `Mail`.

    A message whose body is only a short covering note and that carries another message as
    an attachment (a forward "as attachment") is read as that attached message, down to
    `MAX_NESTING` levels.
    """
    data = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValidationError(
            TOO_LARGE_MESSAGE,
            code="too_large",
            params={"size": _size(len(data)), "limit": _size(MAX_MESSAGE_BYTES)},
        )
    # Counted before parsing: the parser's time grows with every part and every level.
    lowered = data.lower()
    if (
        lowered.count(b"content-type:") > MAX_PARTS
        or lowered.count(b"message/rfc822") > MAX_NESTING * 4
    ):
        raise ValidationError(TOO_MANY_PARTS, code="too_many_parts")
    try:
        message = message_from_bytes(data.lstrip(b"\xef\xbb\xbf\r\n"), policy=policy.default)
    except (MessageError, ValueError, TypeError, IndexError, RecursionError) as error:
        raise ValidationError(NOT_A_MESSAGE, code="not_a_message") from error
    mail = None
    budget = [MAX_PARTS]
    for depth in range(MAX_NESTING + 1):
        date_header, sent_at = _date(message)
        try:
            parts, inner = _bodies(message, budget)
        except (MessageError, ValueError, TypeError, IndexError, LookupError, RecursionError):
            parts, inner = [], None
        current = Mail(
            subject=_header(message, "Subject"),
            sender=_header(message, "From"),
            date_header=date_header,
            sent_at=sent_at,
            message_id=_header(message, "Message-ID").strip("<> "),
            parts=parts,
        )
        if mail is not None and not current.message_id:
            current.message_id = mail.message_id
        mail = current
        if inner is None:
            break
        if depth == MAX_NESTING:
            mail.notes.append(
                f"The message is forwarded inside itself more than {MAX_NESTING} times; "
                "the innermost ones were not read."
            )
            mail.parts = []
            break
        message = inner
    if not mail.parts and not (mail.subject or mail.sender):
        raise ValidationError(NOT_A_MESSAGE, code="not_a_message")
    return mail


def _size(count):
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, count // 1024)} KB"
