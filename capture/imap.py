"""One run over the operator's mailbox (MAIL_IN_IMAP): each unseen message is kept and
placed (`capture.mailin.receive`), and only then flagged \\Seen.

Safe to run any number of times at once: a message two runs both read is claimed by the
unique (owner, Message-ID) of its Inbox row, so it is placed once. A run that stops part-way
(the server goes away, the process is killed) leaves the rest unseen for the next run; one
whose outcome was stored but not yet flagged is read again and found already kept.
"""

import contextlib
import imaplib
import logging
import re
import ssl
from collections import Counter

from django.conf import settings

from .mailin import Refused, receive

log = logging.getLogger("capture.imap")

_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_UID = re.compile(rb"UID (\d+)")
# Messages whose sizes one command asks for: a round trip each otherwise.
SIZES_AT_ONCE = 100
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class MailboxError(Exception):
    """The mailbox could not be read: the message names the server and what it said."""


def connect(config):
    host, port, timeout = config["host"], config["port"], settings.MAIL_IN_TIMEOUT
    try:
        if config["tls"]:
            conn = imaplib.IMAP4_SSL(
                host, port, ssl_context=ssl.create_default_context(), timeout=timeout
            )
        else:
            conn = imaplib.IMAP4(host, port, timeout=timeout)
            if host not in LOOPBACK:
                # Plain imap:// to another machine is upgraded, never sent in clear.
                conn.starttls(ssl_context=ssl.create_default_context())
        conn.login(config["user"], config["PASSWORD"])
        status, _ = conn.select(_quoted(config["mailbox"]))
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"The mailbox at {host}:{port} could not be opened: {error}") from error
    if status != "OK":
        raise MailboxError(f"The mailbox {config['mailbox']!r} on {host} could not be selected.")
    return conn


def _quoted(mailbox):
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(result, what):
    status, data = result
    if status != "OK":
        raise MailboxError(f"The server refused to {what}: {data!r}")
    return data


def fetch_mail(config=None, limit=None):
    """Read the unseen messages once; a Counter of outcomes (and `refused`)."""
    config = config or settings.MAIL_IN_IMAP
    if not config:
        raise MailboxError("MAIL_IN_IMAP_URL is not set: there is no mailbox to read.")
    limit = limit or settings.MAIL_IN_FETCH_LIMIT
    counts = Counter()
    # The users this run's messages were for, looked up once each rather than per message.
    owners = {}
    conn = connect(config)
    try:
        uids = _ok(conn.uid("SEARCH", None, "UNSEEN"), "search the mailbox")[0].split()
        sizes = {}
        for position, uid in enumerate(uids[:limit]):
            try:
                if uid not in sizes:
                    sizes.update(_sizes(conn, uids[position:limit]))
                counts[_take(conn, uid, owners, sizes.get(uid))] += 1
            except (OSError, imaplib.IMAP4.abort) as error:
                # What was stored stays stored; the message in hand, and the rest, are still
                # unseen and are read by the next run.
                taken = sum(counts.values())
                raise MailboxError(
                    f"The connection to {config['host']} was lost after {taken} message"
                    f"{'s' if taken != 1 else ''} ({error}); the rest are read next run."
                ) from error
        counts["left"] = max(0, len(uids) - limit)
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    return counts


def _sizes(conn, uids):
    """`{uid: size in bytes}` of the next SIZES_AT_ONCE of `uids`, asked in one command."""
    batch = uids[:SIZES_AT_ONCE]
    data = _ok(conn.uid("FETCH", b",".join(batch), "(UID RFC822.SIZE)"), "give messages' sizes")
    sizes = {uid: None for uid in batch}  # a message that gave none is read, as before
    for part in data:
        line = part[0] if isinstance(part, tuple) else part
        uid, size = _UID.search(line or b""), _SIZE.search(line or b"")
        if uid and size:
            sizes[uid.group(1)] = int(size.group(1))
    return sizes


def _take(conn, uid, owners=None, size=None):
    """Keep one message (of `size` bytes, when known), then flag it seen; its outcome's name."""
    if size is not None and size > settings.MAIL_IN_MAX_BYTES:
        log.warning("mail in: refused IMAP message %s: %s bytes", uid.decode(), size)
        outcome = "refused"
    else:
        data = _ok(conn.uid("FETCH", uid, "(BODY.PEEK[])"), "give a message")
        raw = next((part[1] for part in data if isinstance(part, tuple)), None)
        if raw is None:
            return "vanished"  # expunged by someone else meanwhile
        try:
            row = receive(raw, via="imap", owners=owners)
            outcome = "already kept" if row.repeated else row.outcome
        except Refused:
            outcome = "refused"
    _ok(conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)"), "flag a message seen")
    return outcome
