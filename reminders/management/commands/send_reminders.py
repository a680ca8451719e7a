"""Run one reminder sweep: `python manage.py send_reminders` (from cron, say every minute).

Safe to run beside the queue and on several machines at once: each reminder is claimed by
one sweep only.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.template.defaultfilters import pluralize

from reminders.tasks import preview_due_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Send every reminder that is due now, once; print what was sent, skipped, "
        "cancelled, retried and failed (with -v 0, only the reminders that failed for good)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=(
                "List what would be sent, skipped or cancelled, in the same batches and e-mails, "
                "and change nothing; with more than 1,000 due, the first batches and a count."
            ),
        )

    def handle(self, *args, dry_run=False, **options):
        mail = self.check_configuration()
        try:
            report = preview_due_reminders() if dry_run else send_due_reminders(connection=mail)
        except DatabaseError as error:
            # Locked (another writer held the lock past the timeout) or gone mid-way. What
            # this sweep had claimed is taken back after REMINDER_LEASE by a later sweep.
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise CommandError(
                f"The database refused the sweep ({reason}); it stopped. Nothing is lost: "
                "reminders it had claimed are released after REMINDER_LEASE and sent by the "
                "next sweep."
            ) from error
        quiet = options["verbosity"] == 0
        for action, pk, text in report.lines:
            # Quiet (`-v 0`, from cron): only what needs a person, a reminder given up on.
            if not quiet or action == "failed":
                self.stdout.write(f"{action:<13} reminder {pk}: {text}")
        if quiet:
            return
        if not report.lines and not report.reclaimed:
            self.stdout.write("Nothing was due.")
        verb = "Would have" if dry_run else "Done:"
        self.stdout.write(f"{verb} {report.summary}.")
        if report.channels is not None and report.channels.busy:
            self.stdout.write(f"{report.channels.summary}.")
        if report.left:
            were = "was" if report.left == 1 else "were"
            self.stdout.write(
                f"{report.left} due reminder{pluralize(report.left)} {were} left for the next "
                "sweep: this one stopped at its time budget."
            )
        if report.more:
            self.stdout.write(
                f"{report.more} more due reminder{pluralize(report.more)} not listed here; "
                "the sweep takes them too."
            )

    def check_configuration(self):
        try:
            mail = get_connection(fail_silently=False)
        except (ImportError, ImproperlyConfigured, TypeError, ValueError) as error:
            raise CommandError(
                f"The e-mail backend cannot be loaded ({error}). Check EMAIL_BACKEND."
            ) from error
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM reminders_reminder WHERE 1 = 0")
        except DatabaseError as error:
            raise CommandError(
                f"The database is not reachable or not migrated ({error}). Check DATABASE_URL "
                "and run `python manage.py migrate`."
            ) from error
        return mail
