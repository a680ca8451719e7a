"""An import of invitations from a file, run by the queue, and what became of it.

The import's rows go into every domain app's tables (clients, invitations, their
preparation and reminders), so the job that carries them lives here, above those apps,
as the only model of this otherwise model-less app.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone

# The queue stops an import after this long (its task timeout); a job still `running`
# later than that was stopped with its worker: what it wrote is the batches it recorded.
IMPORT_TIMEOUT = timedelta(minutes=10)
# How much of a file's text a worker reads at once.
TEXT_PIECE = 256 * 1024
# A queue that runs picks a job up within seconds; one still waiting after this is not running.
QUEUE_PATIENCE = timedelta(minutes=2)


class ImportJob(models.Model):
    class State(models.TextChoices):
        CHOOSING = "choosing", "Waiting for you to choose its columns"
        QUEUED = "queued", "Waiting for the queue"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported: some rows need fixing"
        FAILED = "failed", "Not imported: the import stopped"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file_name = models.CharField(max_length=200)
    # The file's text until the job is over; emptied then, so no copy is kept.
    text = models.TextField(blank=True)
    digest = models.CharField(max_length=64)
    # Our own export (its columns known) rather than another tracker's file.
    own_format = models.BooleanField(default=False)
    # Which column holds what (`pipeline.invitation_import.TARGETS` keys to positions).
    mapping = models.JSONField(default=dict, blank=True)
    dayfirst = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHOOSING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    invitations_created = models.PositiveIntegerField(default=0)
    clients_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    rows_repeated = models.PositiveIntegerField(default=0)
    # The file's last line written, recorded in each batch's own transaction: a job stopped
    # half-way and run again goes on after it, writing no row twice.
    written_line = models.PositiveIntegerField(default=0)
    # The highest invitation pk when the job first wrote: a stored row above it that a row
    # of the file matches was written by this job (a repeat), one below it was there before.
    invitations_before = models.PositiveBigIntegerField(default=0)
    # The first problems found, `[[line, message], …]`, and how many there were in all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The upload page's "is one of yours still in flight?" (pipeline.views).
            models.Index(
                fields=["owner"],
                condition=models.Q(state__in=["queued", "running"]),
                name="importjob_in_flight",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display().lower()})"

    IN_FLIGHT = (State.QUEUED, State.RUNNING)
    OVER = (State.DONE, State.REFUSED, State.FAILED)

    @property
    def is_over(self):
        return self.state in self.OVER

    @property
    def is_waiting_long(self):
        """Queued for longer than a running queue takes to start a job."""
        return self.state == self.State.QUEUED and self.created_at + QUEUE_PATIENCE < timezone.now()

    @property
    def is_writing(self):
        """Every row is checked and right: the rows are being written, in one go."""
        return self.state == self.State.RUNNING and self.rows_checked >= self.rows_total

    def claim(self, now=None):
        """Take a queued job to run it; False when another worker has it, or it is over.

        A conditional UPDATE: the queue may deliver the task twice (the ORM broker does
        after `retry`), and only one delivery may run it. A job still `running` past the
        queue's timeout was stopped with its worker; the task delivered again takes it
        back, and goes on after the last batch it wrote.
        """
        now = now or timezone.now()
        queued = models.Q(state=self.State.QUEUED)
        stopped = models.Q(state=self.State.RUNNING, started_at__lt=now - IMPORT_TIMEOUT)
        taken = ImportJob.objects.filter(queued | stopped, pk=self.pk).update(
            state=self.State.RUNNING, started_at=now
        )
        if taken:
            self.refresh_from_db()
        return bool(taken)

    def text_pieces(self):
        """The file's text as stored, TEXT_PIECE characters at a time, one query each: a worker
        never holds the whole file (`invitation_import.read_sheet` takes this function)."""
        start, size = 1, TEXT_PIECE  # SQL counts characters from 1
        while True:
            piece = (
                ImportJob.objects.filter(pk=self.pk)
                .values_list(Substr("text", start, size), flat=True)
                .first()
            )
            if not piece:
                return
            yield piece
            start += len(piece)

    def checked(self, rows):
        """Note progress (outside any transaction, so the progress page sees it)."""
        ImportJob.objects.filter(pk=self.pk).update(rows_checked=rows)
        self.rows_checked = rows

    def wrote(self, line, result):
        """Record a written batch: its last line and the counts so far (inside the batch's
        transaction, so the record and the rows commit together)."""
        counts = {
            "written_line": line,
            "invitations_created": self.invitations_created + result.created,
            "clients_created": self.clients_created + result.new_clients,
            "rows_skipped": self.rows_skipped + result.skipped,
            "rows_repeated": self.rows_repeated + result.repeated,
        }
        ImportJob.objects.filter(pk=self.pk).update(**counts)
        self.written_line = line

    @property
    def can_choose_again(self):
        """A foreign file refused for its rows keeps its text: other columns may fit."""
        return self.state == self.State.REFUSED and not self.own_format and bool(self.text)

    def choose_again(self):
        """Back to the column choice, for the same file."""
        self.state, self.rows_checked, self.problems, self.problem_count = (
            self.State.CHOOSING,
            0,
            [],
            0,
        )
        self.started_at = self.finished_at = None
        # Anything written before goes on as "already in the tracker" when the file is
        # read again with other columns.
        self.written_line = self.invitations_created = self.clients_created = 0
        self.rows_skipped = self.rows_repeated = 0
        self.save()

    def finish(self, state, keep_text=False, **counts):
        """Record the outcome and forget the file's text (unless `keep_text`)."""
        now = timezone.now()
        fields = {"state": state, "finished_at": now, **counts}
        if not keep_text:
            fields["text"] = ""
        ImportJob.objects.filter(pk=self.pk, state=self.State.RUNNING).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def give_up_if_stalled(self, now=None):
        """A job running longer than the queue lets it was stopped with its worker (its
        transaction rolled back, nothing written): say so instead of "importing" forever."""
        now = now or timezone.now()
        if self.state == self.State.RUNNING and self.started_at + IMPORT_TIMEOUT < now:
            self.finish(self.State.FAILED)
