"""Messages as they reach the mail-in mailbox: a notification from the corpus, forwarded to
a user's plus-address, as raw bytes."""

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

NOTIFICATIONS = Path(__file__).resolve().parent.parent / "fixtures" / "notifications"
MAIL_IN_ADDRESS = "tracker@example.com"


def address_of(user):
    return f"tracker+{user.mail_token}@example.com"


def notification(name):
    """`(headers, body)` of a corpus notification written as a header block and a body."""
    text = (NOTIFICATIONS / name).read_text()
    head, _, body = text.partition("\n\n")
    headers = dict(line.split(": ", 1) for line in head.splitlines())
    return headers, body


MAIL_DATES = {
    # The corpus writes dates as a mail app shows them; a message carries RFC 5322 ones.
    "Tue, Nov 24, 2026 at 3:15 PM": "Tue, 24 Nov 2026 15:15:00 -0500",
    "Wed, Nov 25, 2026 at 6:30 AM": "Wed, 25 Nov 2026 06:30:00 -0500",
}


def message(
    name, to, message_id=None, subject=None, html=False, extra_headers=None, job=None, date=None
):
    """The corpus notification `name` as a raw message delivered to `to`; `job` makes its job
    link (and so the invitation) a different one."""
    headers, body = notification(name)
    if job is not None:
        body = body.replace("~02f1e2d3c4b5a6978", f"~02f1e2d3c4b5a{int(job):04d}")
    mail = EmailMessage()
    mail["From"] = headers.get("From", "Upwork <donotreply@upwork.com>")
    mail["To"] = to
    mail["Subject"] = subject or headers.get("Subject", "")
    date = date or headers.get("Date")
    if date:
        mail["Date"] = MAIL_DATES.get(date, date)
    mail["Message-ID"] = message_id or make_msgid(domain="upwork.example")
    for key, value in (extra_headers or {}).items():
        mail[key] = value
    mail.set_content(body)
    if html:
        mail.add_alternative(f"<html><body><pre>{body}</pre></body></html>", subtype="html")
    return bytes(mail)


def invitation(to, **kwargs):
    return message("inv_fittrack_plain.txt", to, **kwargs)
