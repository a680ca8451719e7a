"""The queue's task: one read of the mail-in mailbox (see capture.imap)."""

import logging

from django.conf import settings

from .imap import MailboxError, fetch_mail

log = logging.getLogger("capture.imap")


def fetch_new_mail():
    """Run by the schedule every few minutes; does nothing while MAIL_IN_IMAP_URL is unset."""
    if not settings.MAIL_IN_IMAP:
        return "mail in is off"
    try:
        counts = fetch_mail()
    except MailboxError as error:
        log.warning("mail in: %s", error)
        return str(error)
    return dict(counts)
