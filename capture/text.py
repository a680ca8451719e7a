"""Generic reading of a notification as the user has it: refuse what is not text, reduce
HTML to text, and take forwarded and quoted mail apart into the original message's headers
and body. Nothing here knows what an invitation or an offer is.

Pasted HTML is reduced to text with the standard library's parser and never rendered.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

MAX_PASTE_CHARS = 100_000

EMPTY_MESSAGE = "Paste the text of the notification first."
TOO_LONG_MESSAGE = (
    "That is too long to be a notification (%(length)s characters; at most %(limit)s). "
    "Paste only the e-mail or the page's text."
)
BINARY_MESSAGE = (
    "That does not look like text: it holds binary data or unprintable characters. "
    "Open the e-mail or page, select its text and paste that."
)


# Input: refuse what is not a notification, reduce HTML to text ----------------------------

_HTML_TAG = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|br|hr|table|tbody|tr|td|th|span|a|img|script|style|"
    r"b|strong|em|i|u|font|center|h[1-6]|ul|ol|li|blockquote|meta|title|iframe|section|"
    r"article|header|footer|pre|svg|noscript)(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
# Zero-width characters and the bidirectional controls (an RTL override can make a name or a
# link read backwards on screen): none of them is ever part of a value.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u061c"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
# Where a quoted block of an HTML message (<blockquote>) starts and ends in its text.
QUOTE_START, QUOTE_END = "\ue000", "\ue001"


def _junk_ratio(text):
    # Each distinct character is looked up once: a notification repeats few of them.
    bad = 0
    for ch, count in Counter(text).items():
        if ch in "\n\r\t":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            bad += count
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
        if tag == "blockquote":
            self.parts.append(f"\n{QUOTE_START}\n")
        elif tag in self.BLOCKS:
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
        if tag == "blockquote":
            self.parts.append(f"\n{QUOTE_END}\n")
        elif tag in self.BLOCKS:
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
    """The paste as plain lines, with the mail headers of the innermost forwarded message.

    `sent_at` is the original message's own time when a raw message's `Date` header gave it
    (an aware datetime); `message_id` and `sender` come from the raw message too. `quoted`
    holds the text of each quoted block (an HTML <blockquote>), where a client's message is.
    """

    lines: list
    headers: dict
    sent_at: object = None
    message_id: str = ""
    quoted: list = field(default_factory=list)

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


# The control characters (Unicode's "Cc": C0, DEL and C1) other than the line break.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _normalise_text(text):
    text = text.translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\t", " ")
    # Stray control characters that passed the junk check go; line breaks stay.
    return _CONTROL.sub("", text)


def read_paste(text):
    """Check a paste, reduce it to plain lines and take the mail headers out of the body."""
    return read_text(check_paste(text))


def visible_text(text):
    """The text a person reads: HTML reduced to text, invisible characters taken out."""
    if looks_like_html(text):
        text = html_to_text(text)
    text = _normalise_text(text).replace(QUOTE_START, "").replace(QUOTE_END, "")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n")))


# The longest line kept: a line longer than this is no part of a notification anyone reads.
MAX_LINE_CHARS = 5_000


def read_text(text, headers=None, sent_at=None, message_id=""):
    """Reduce text (or HTML) to plain lines and take forwarded mail's headers out of the body.

    `headers` are the message's own (from a raw message); a forwarded block in the body names
    an older message, whose headers win, and whose date then replaces `sent_at`.
    """
    if looks_like_html(text):
        text = html_to_text(text)
    text = _normalise_text(text)
    lines = [_QUOTE_PREFIX.sub("", line[:MAX_LINE_CHARS]).rstrip() for line in text.split("\n")]
    lines = [re.sub(r"[ ]{2,}", " ", line).strip() for line in lines]
    lines = [line for line in lines if not _FORWARD_MARKER.match(line)]

    body, blocks, quoted, index = [], [], [], 0
    quote_from = None
    while index < len(lines):
        line = lines[index]
        if line == QUOTE_START:
            quote_from = len(body)
            index += 1
            continue
        if line == QUOTE_END:
            if quote_from is not None:
                block = "\n".join(body[quote_from:]).strip()
                if block:
                    quoted.append(re.sub(r"\n{3,}", "\n\n", block))
            quote_from = None
            index += 1
            continue
        run = []
        while index + len(run) < len(lines) and _HEADER_LINE.match(lines[index + len(run)]):
            run.append(lines[index + len(run)])
        # Two header lines in a row make a header block; one alone is ordinary text.
        if len(run) >= 2:
            block = {}
            for header in run:
                name, value = _HEADER_LINE.match(header).groups()
                block.setdefault(_HEADER_NAMES[name.lower()], value.strip())
            blocks.append(block)
            index += len(run)
            continue
        wrote = _WROTE_LINE.match(line)
        if wrote:
            blocks.append({"date": wrote.group("when")})
        else:
            body.append(line.replace(QUOTE_START, "").replace(QUOTE_END, ""))
        index += 1

    found = {k: v for k, v in (headers or {}).items() if v}
    for block in blocks:  # later blocks are the older, forwarded messages: they win
        if block.get("date"):
            sent_at = None  # the forwarded message's own date, read in the reader's zone
        found.update({k: v for k, v in block.items() if v})
    if "subject" in found:
        found["subject"] = _SUBJECT_PREFIX.sub("", found["subject"]).strip()
    # Collapse runs of blank lines left by removed headers.
    cleaned = []
    for line in body:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return PastedText(
        lines=cleaned, headers=found, sent_at=sent_at, message_id=message_id, quoted=quoted
    )
