"""What a reminder says, and how it reaches the freelancer: e-mail and the in-app list.

E-mail goes through `SMTPBackend` when EMAIL_HOST is set: Django's SMTP backend with a
wall-clock deadline for each whole message (EMAIL_SEND_DEADLINE), however slowly the server
answers. EMAIL_TIMEOUT bounds one socket operation only, and a message takes a dozen of them.
"""

import io
import smtplib
import time
from base64 import b64encode
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from email import charset
from email.utils import format_datetime
from hashlib import sha256
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from . import unsubscribe

# UTF-8 with base64 encoded-words for non-ASCII headers (a subject's dash, a client's name).
# Python's default for UTF-8 sizes every header both as base64 and as quoted-printable, one
# byte at a time, to keep the shorter; the subject is encoded by `encoded_subject` instead.
# Bodies go as Django sends them: 8-bit, or quoted-printable when a line is too long for SMTP.
UTF8 = charset.Charset("utf-8")
UTF8.header_encoding = charset.BASE64
UTF8.body_encoding = None
UTF8_LONG_LINES = charset.Charset("utf-8")
UTF8_LONG_LINES.header_encoding = charset.BASE64
UTF8_LONG_LINES.body_encoding = charset.QP
SMTP_LINE_LIMIT = 998  # bytes, RFC 5322
# UTF-8 bytes per encoded word of the subject: 39 bytes make a 64-character word, which fits
# on the first line after "Subject: " within the 78 characters RFC 5322 asks for.
SUBJECT_WORD_BYTES = 39


@dataclass
class Message:
    title: str
    body: str
    url: str


def compose(kind, subject, reminder, now, links=None):
    """The reminder's words, computed at send time so they state the time actually left.

    `links` (a `Links`) builds the subject's address once per model rather than per row.
    """
    title, body = kind.message(subject, reminder, now)
    url = links.url(subject) if links is not None else subject.get_absolute_url()
    return Message(title=one_line(title), body=body, url=url)


class Links:
    """Subjects' addresses, each model's built once: its `get_absolute_url()` for a stand-in
    primary key, then only the key changes from row to row.

    A model whose address is not its primary key in one place (a slug, a parent's key) is
    found out by its first subject, whose address is checked against its own
    `get_absolute_url()`; that model's subjects then build their own, as before.
    """

    STAND_IN = 918273645546372819  # a primary key no table reaches

    def __init__(self):
        self.parts = {}  # model -> (before the key, after it), or None: per subject

    def url(self, subject):
        model = type(subject)
        if model not in self.parts:
            self.parts[model] = self.parts_for(model, subject)
        parts = self.parts[model]
        if parts is None:
            return subject.get_absolute_url()
        return f"{parts[0]}{subject.pk}{parts[1]}"

    def parts_for(self, model, subject):
        key = str(self.STAND_IN)
        try:
            address = model(pk=self.STAND_IN).get_absolute_url()
        except Exception:  # it needs more than the key: each subject builds its own
            return None
        if address.count(key) != 1:
            return None
        before, after = address.split(key)
        if f"{before}{subject.pk}{after}" != subject.get_absolute_url():
            return None
        return before, after


def one_line(text):
    """`text` with every run of whitespace made one space.

    The title becomes the e-mail's subject: a line break in it (a client's name or a job
    title typed or imported before forms refused them) would make Django refuse the header,
    and tabs or runs of spaces would fold it badly.
    """
    return " ".join(text.split())


def message_id(reminders):
    """Stable per reminder, and per set of reminders sent together: a retried send of the
    same e-mail is recognisably the same message."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    # An IPv6 address goes in brackets (RFC 5322's domain literal); a name goes as it is.
    domain = f"[{host}]" if ":" in host else host
    if len(reminders) == 1:
        return f"<reminder-{reminders[0].pk}@{domain}>"
    pks = sorted(reminder.pk for reminder in reminders)
    digest = sha256(" ".join(map(str, pks)).encode()).hexdigest()[:16]
    return f"<reminders-{pks[0]}-{len(pks)}-{digest}@{domain}>"


def footer_text(user, settings_link):
    return (
        f"--\nInvitation Tracker. Times are in {user.timezone}. "
        f"Change your reminders: {settings_link}\n"
    )


def text_body(messages, user, settings_link):
    if len(messages) == 1:
        (message,) = messages
        return (
            f"{message.title}\n\n{message.body}\n\n"
            f"Open it: {settings.SITE_URL + message.url}\n\n" + footer_text(user, settings_link)
        )
    parts = [f"{len(messages)} reminders, the most urgent first.\n"]
    for number, message in enumerate(messages, 1):
        parts.append(
            f"{number}. {message.title}\n{message.body}\n"
            f"Open it: {settings.SITE_URL + message.url}\n"
        )
    return "\n".join(parts) + "\n" + footer_text(user, settings_link)


def html_body(messages, user, settings_link):
    single = len(messages) == 1
    heading = messages[0].title if single else f"{len(messages)} reminders, the most urgent first"
    parts = ['<!doctype html>\n<html lang="en">\n<body>\n', f"  <h1>{escape(heading)}</h1>\n"]
    for message in messages:
        if not single:
            parts.append(f"  <h2>{escape(message.title)}</h2>\n")
        link = escape(settings.SITE_URL + message.url)
        parts.append(
            f"  <p>{escape(message.body)}</p>\n"
            f'  <p><a href="{link}">Open it in the tracker</a></p>\n'
        )
    parts.append(
        "  <hr>\n"
        f"  <p>Times are in {escape(user.timezone)}. "
        f'<a href="{escape(settings_link)}">Change your reminders</a>.</p>\n'
        "</body>\n</html>\n"
    )
    return "".join(parts)


def subject_line(messages):
    first = messages[0].title
    return first if len(messages) == 1 else f"{first} (+{len(messages) - 1} more)"


def has_long_lines(*texts):
    return any(len(line.encode()) > SMTP_LINE_LIMIT for text in texts for line in text.splitlines())


def encoded_subject(text):
    """The subject as RFC 2047 base64 encoded words, each a whole number of characters.

    Python's own header encoder tries every prefix of the text to find where a word must
    end, so its time grows with the square of the subject's length: 74 µs for a typical
    subject, measured. Cutting the UTF-8 bytes directly gives the same words in 3 µs.
    """
    data = text.encode()
    words, start = [], 0
    while start < len(data):
        end = min(start + SUBJECT_WORD_BYTES, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # not inside a character
            end -= 1
        words.append(f"=?utf-8?b?{b64encode(data[start:end]).decode()}?=")
        start = end
    return " ".join(words)


class ReminderEmail(EmailMultiAlternatives):
    """A reminder e-mail whose non-ASCII subject is encoded here, in one pass, and whose
    date names its zone."""

    reminder_pks = ()  # the reminders this e-mail carries

    def message(self):
        message = self.message_with_subject()
        if "Date" not in self.extra_headers:
            # Django writes the time in UTC as "-0000", which RFC 5322 reserves for a time
            # whose zone is unknown; this one is known to be UTC.
            message.replace_header("Date", format_datetime(timezone.now().astimezone(UTC)))
        return message

    def message_with_subject(self):
        if self.subject.isascii() or "\n" in self.subject or "\r" in self.subject:
            return super().message()  # Django's own path, which refuses a line break
        subject, self.subject = self.subject, ""
        try:
            message = super().message()
        finally:
            self.subject = subject
        # Django has checked every other header; this one is built from base64 alone.
        message.replace_header("Subject", encoded_subject(subject))
        return message


def email_for(deliveries, user):
    """One e-mail to `user` for the (reminder, message) pairs in `deliveries`, most urgent
    first: a single reminder reads as itself, several as one list."""
    reminders = [reminder for reminder, _ in deliveries]
    messages = [message for _, message in deliveries]
    settings_link = settings.SITE_URL + reverse("settings")
    text = text_body(messages, user, settings_link)
    html = html_body(messages, user, settings_link)
    email = ReminderEmail(
        subject=subject_line(messages),
        body=text,
        to=[user.email],
        headers={
            "Message-ID": message_id(reminders),
            # Sent by the tracker itself (RFC 3834): auto-responders do not answer it.
            "Auto-Submitted": "auto-generated",
            # One click in the mail program stops e-mails of the kinds it carries (RFC 8058).
            "List-Unsubscribe": f"<{unsubscribe.link(user, [r.kind for r in reminders])}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.reminder_pks = tuple(reminder.pk for reminder in reminders)
    email.encoding = UTF8_LONG_LINES if has_long_lines(text, html) else UTF8
    email.attach_alternative(html, "text/html")
    return email


def wants_email(user):
    # Only to an address its owner has confirmed: never to one typed in unchecked.
    return bool(user.email_reminders and user.reminder_email())


def wants_inapp(user):
    return bool(user.inapp_reminders)


# Sending with a deadline ----------------------------------------------------------------------


class SendDeadlineExceeded(smtplib.SMTPServerDisconnected):
    """The mail server did not take a message before its deadline; the connection is dropped.

    A kind of SMTPServerDisconnected, so that Django's backend, closing a connection that
    ran out of time, drops it at once instead of saying QUIT and waiting for an answer.
    """


class OutOfTime(smtplib.SMTPServerDisconnected):
    """Raised inside smtplib when the deadline has passed before the next operation."""


# When (time.monotonic()) the SMTP exchange under way must be over; None: no deadline.
_deadline = ContextVar("mail_deadline", default=None)


class Deadline:
    def __init__(self, seconds, ends):
        self.seconds, self.ends = seconds, ends

    @property
    def passed(self):
        return time.monotonic() >= self.ends


@contextmanager
def deadline(seconds):
    """Within the block, every operation of an `SMTPBackend` ends within `seconds` from now,
    or by the deadline of an enclosing block if that comes first."""
    ends = time.monotonic() + seconds
    outer = _deadline.get()
    if outer is not None:
        ends = min(ends, outer)
    token = _deadline.set(ends)
    try:
        yield Deadline(seconds, ends)
    finally:
        _deadline.reset(token)


def time_left(usual):
    """How long the next socket operation may wait: `usual` (EMAIL_TIMEOUT), or less when
    the deadline is nearer. Raises SendDeadlineExceeded when the deadline has passed."""
    ends = _deadline.get()
    if ends is None:
        return usual
    left = ends - time.monotonic()
    if left <= 0:
        raise OutOfTime("no time was left")
    return left if usual is None else min(usual, left)


class DeadlineReader(io.RawIOBase):
    """The socket as smtplib reads replies from it, each read waiting only for what is left
    of the deadline: a server that trickles a reply a byte at a time cannot stretch it."""

    def __init__(self, sock, timeout):
        super().__init__()
        self.sock, self.timeout = sock, timeout

    def readable(self):
        return True

    def readinto(self, buffer):
        self.sock.settimeout(time_left(self.timeout))
        return self.sock.recv_into(buffer)


class DeadlineSMTPMixin:
    """smtplib's client, each connect, write and read bounded by the current deadline."""

    def _get_socket(self, host, port, timeout):
        return super()._get_socket(host, port, time_left(timeout))

    def send(self, s):
        if self.sock:
            # sendall's timeout bounds the whole write, not each piece of it.
            self.sock.settimeout(time_left(self.timeout))
        return super().send(s)

    def getreply(self):
        if self.file is None and self.sock:
            self.file = io.BufferedReader(DeadlineReader(self.sock, self.timeout))
        return super().getreply()


class DeadlineSMTP(DeadlineSMTPMixin, smtplib.SMTP):
    pass


class DeadlineSMTPSSL(DeadlineSMTPMixin, smtplib.SMTP_SSL):
    pass


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend with a wall-clock deadline for each message: connecting, every
    command, and the server's answer to the message together take at most `deadline`
    seconds (EMAIL_SEND_DEADLINE), however slowly the server answers. A message that runs
    out of time fails with SendDeadlineExceeded, and its connection is dropped."""

    def __init__(self, *args, deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline or settings.EMAIL_SEND_DEADLINE

    @property
    def connection_class(self):
        return DeadlineSMTPSSL if self.use_ssl else DeadlineSMTP

    def open(self):
        return self._within_deadline(super().open)

    def close(self):
        # Django's close says QUIT, and drops the connection when that fails.
        with deadline(self.deadline):
            super().close()

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            sent += self._within_deadline(super().send_messages, [message])
        return sent

    def _within_deadline(self, action, *args):
        with deadline(self.deadline) as limit:
            try:
                return action(*args)
            except SendDeadlineExceeded:  # said already, by an inner step
                self.drop()
                raise
            except Exception as error:
                self.drop()
                if limit.passed and not self.fail_silently:
                    raise SendDeadlineExceeded(
                        f"The mail server did not take the message within {limit.seconds:g} s "
                        f"(EMAIL_SEND_DEADLINE): {error}"
                    ) from error
                raise

    def drop(self):
        """Close the connection without a word to the server: after a failure mid-message,
        a QUIT would only wait for a server that is not answering."""
        if self.connection is not None:
            with suppress(OSError):
                self.connection.close()
            self.connection = None
