"""python manage.py fetch_mail: read the mail-in mailbox once (cron-safe, idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from capture.imap import MailboxError, fetch_mail


class Command(BaseCommand):
    help = (
        "Read new messages from MAIL_IN_IMAP_URL once: keep each in its user's Inbox and "
        "record what it says. Safe to run from cron and the queue at the same time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="At most this many messages this run (default MAIL_IN_FETCH_LIMIT).",
        )

    def handle(self, *args, limit=None, verbosity=1, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        if not settings.MAIL_IN_IMAP:
            raise CommandError(
                "MAIL_IN_IMAP_URL is not set, so there is no mailbox to read. Set it (and "
                "MAIL_IN_ADDRESS) as docs/deploy.md shows."
            )
        try:
            counts = fetch_mail(limit=limit)
        except MailboxError as error:
            raise CommandError(str(error)) from error
        left = counts.pop("left", 0)
        if verbosity:
            taken = sum(counts.values())
            parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
            self.stdout.write(
                f"Read {taken} message{'s' if taken != 1 else ''}"
                + (f": {parts}" if parts else "")
                + "."
            )
            if left:
                self.stdout.write(f"{left} more wait for the next run.")
