"""The intake benchmarks at a tiny scale: a CSV import through the queue's task, the reader
on its corpus, fetch_mail from Dovecot. How fast is never judged here."""

import csv
import io
import json

import pytest

from accounts.models import User
from bench import throughput
from interviews.models import Invitation
from pipeline import invitation_import
from pipeline.models import ImportJob
from reminders.models import Reminder


def test_the_generated_file_is_another_trackers_with_only_closed_history(db):
    ((text, count),) = throughput.csv_files(50, "Europe/Berlin")
    rows = list(csv.reader(io.StringIO(text)))
    assert count == 50 and len(rows) == 51
    sheet = invitation_import.read_sheet(text)
    assert not sheet.is_own_format
    assert set(sheet.guess_mapping()) >= {"client", "job_title", "notified_at", "completed_at"}
    for cells in rows[1:]:
        record = dict(zip(rows[0], cells, strict=True))
        assert any(record[end] for end in ("Completed at", "Declined at", "Archived at"))


def test_files_over_the_uploads_row_limit_are_split(db, monkeypatch):
    monkeypatch.setattr(invitation_import, "MAX_ROWS", 10)
    assert [count for _, count in throughput.csv_files(25, "UTC")] == [10, 10, 5]


def test_the_import_writes_every_row_through_the_queues_task(db, monkeypatch):
    monkeypatch.setattr(invitation_import, "MAX_ROWS", 20)
    figures = throughput.measure_import(30)

    assert figures["rows"] == 30 and figures["jobs"] == 2 and figures["rows_per_job"] == 20
    assert figures["seconds"] > 0
    assert figures["rows_per_second"] == pytest.approx(30 / figures["seconds"])
    assert figures["peak_memory_small_bytes"] > 0 and figures["peak_memory_large_bytes"] > 0
    assert isinstance(figures["peak_memory_growth"], float)
    # Three runs (timed, and traced at a tenth and at all rows), each for a user of its own.
    users = User.objects.filter(username__startswith="bench-import-")
    assert users.count() == 3
    assert Invitation.objects.filter(owner__in=users).count() == 30 + 3 + 30
    assert set(ImportJob.objects.values_list("state", flat=True)) == {ImportJob.State.DONE}
    assert not Reminder.objects.filter(owner__in=users, status=Reminder.Status.PENDING).exists()


def test_the_reader_reads_the_whole_corpus_each_round():
    figures = throughput.measure_reader(rounds=2)
    samples = len(list(throughput.CORPUS.glob("*.json")))
    assert samples >= 60 and figures["samples"] == samples
    assert figures["notifications"] == 2 * samples
    assert figures["notifications_per_second"] == pytest.approx(
        figures["notifications"] / figures["seconds"]
    )


def test_the_corpus_reads_each_sample_at_its_sidecars_moment_and_zone():
    samples = throughput.corpus()
    sidecar = json.loads(sorted(throughput.CORPUS.glob("*.json"))[0].read_text())
    _, zone, now = samples[0]
    assert zone == sidecar["timezone"] and now.isoformat().startswith(sidecar["now"][:16])


def test_fetch_mail_reads_every_message_from_a_loopback_dovecot(db):
    if throughput.dovecot() is None:
        assert throughput.measure_fetch_mail(3) == {
            "skipped": "Dovecot is not installed (apt-get install dovecot-imapd)"
        }
        return
    figures = throughput.measure_fetch_mail(4)

    assert figures["messages"] == 4 and figures["seconds"] > 0
    assert figures["messages_per_second"] == pytest.approx(4 / figures["seconds"])
    # The run's user is gone with what it captured.
    assert not User.objects.filter(username__startswith="bench-mail-").exists()
    assert not Invitation.objects.exists()
