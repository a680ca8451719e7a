"""The queue writes an import a batch at a time: what that must not change (every bad row
reported, nothing written twice, reminders and preparation as a save makes them), and what
it brings (progress per batch, a stopped job going on, queries that do not grow per row)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Client, Invitation, PreparationItem
from kit.clock import zone_of
from pipeline import invitation_import, models
from pipeline.models import IMPORT_TIMEOUT, ImportJob
from pipeline.tasks import run_import
from reminders.models import Reminder
from tests.support.csv_import import csv_text
from tests.support.instants import NOW

HEADER = ["Client", "Job title", "Notified at", "Started at"]
MAPPING = {"client": 0, "job_title": 1, "notified_at": 2, "started_at": 3}


def rows(count, clients=7):
    """Rows spread over a few clients; every third one started."""
    made = []
    for n in range(count):
        notified = NOW - timedelta(hours=1 + n % 300, minutes=n)
        started = notified + timedelta(minutes=30) if n % 3 == 0 else None
        made.append(
            [
                f"Client {n % clients}",
                f"Job {n}",
                notified.isoformat(),
                started.isoformat() if started else "",
            ]
        )
    return made


def queued_job(owner, text):
    return ImportJob.objects.create(
        owner=owner,
        file_name="rows.csv",
        text=text,
        digest="d",
        mapping=MAPPING,
        state=ImportJob.State.QUEUED,
    )


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(invitation_import, "BATCH_ROWS", 10)


def test_a_batch_writes_what_a_save_writes(owner, now, small_batches):
    job = queued_job(owner, csv_text(HEADER, *rows(25)))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert (job.invitations_created, job.clients_created) == (25, 7)
    assert Client.objects.filter(owner=owner).count() == 7
    imported = list(Invitation.objects.filter(owner=owner).order_by("pk"))
    imported_reminders = set(
        Reminder.objects.values_list("kind", "subject_id", "deadline", "lead", "due_at")
    )
    assert PreparationItem.objects.filter(invitation__owner=owner).count() == 4 * 25
    # The same invitations saved one by one, as a page does, give the same deadlines and
    # the same reminders.
    Reminder.objects.all().delete()
    for invitation in imported:
        twin = Invitation(
            owner=owner,
            client=invitation.client,
            job_title=invitation.job_title,
            notified_at=invitation.notified_at,
            started_at=invitation.started_at,
        )
        twin.save()
        assert (twin.start_deadline, twin.completion_deadline) == (
            invitation.start_deadline,
            invitation.completion_deadline,
        )
        Reminder.objects.filter(subject_id=twin.pk).update(subject_id=invitation.pk)
    saved_reminders = set(
        Reminder.objects.values_list("kind", "subject_id", "deadline", "lead", "due_at")
    )
    assert imported_reminders and imported_reminders == saved_reminders


def test_a_bad_row_in_the_middle_of_a_batch_is_reported_and_nothing_written(
    owner, now, small_batches
):
    made = rows(25)
    made[14][2] = "the day after tomorrow"
    job = queued_job(owner, csv_text(HEADER, *made))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    # Line 16: the header is line 1, and row 15 of the file is made[14].
    assert job.problems == [
        [16, "“Notified at” is not a date and time we can read: “the day after tomorrow”"]
    ]
    assert not Invitation.objects.exists() and not Client.objects.exists()


def test_rows_already_in_the_tracker_or_earlier_in_the_file_are_told_apart_across_batches(
    owner, now, small_batches
):
    made = rows(25)
    before = queued_job(owner, csv_text(HEADER, made[0]))
    run_import(before.pk)  # the first row is in the tracker before the file comes
    # The first row again in two later batches; the fifth row again in the next batch.
    made += [list(made[0]), list(made[4]), list(made[0])]
    job = queued_job(owner, csv_text(HEADER, *made))
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert (job.invitations_created, job.rows_skipped, job.rows_repeated) == (24, 3, 1)
    assert Invitation.objects.count() == 25


def test_the_stored_file_is_read_in_pieces_that_cut_rows_and_cells_anywhere(
    owner, now, monkeypatch
):
    monkeypatch.setattr(models, "TEXT_PIECE", 7)
    made = rows(12)
    made[5][1] = "Job with “quotes”, a comma\nand a line break"
    job = queued_job(owner, csv_text(HEADER, *made))
    assert len(list(job.text_pieces())) > 40
    assert "".join(job.text_pieces()) == job.text
    job.mapping = {**MAPPING, "message": 1}  # a line break is refused in a title only
    job.mapping["job_title"] = 0
    job.save()
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.problems
    assert Invitation.objects.count() == 12
    assert Invitation.objects.filter(message=made[5][1]).exists()


def test_progress_moves_once_per_batch(owner, now, small_batches):
    job = queued_job(owner, csv_text(HEADER, *rows(35)))
    checked, written = [], []
    real_checked, real_wrote = ImportJob.checked, ImportJob.wrote

    def note_checked(self, count):
        checked.append(count)
        real_checked(self, count)

    def note_written(self, line, result):
        written.append((line, Invitation.objects.count()))
        real_wrote(self, line, result)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ImportJob, "checked", note_checked)
        patch.setattr(ImportJob, "wrote", note_written)
        run_import(job.pk)
    assert checked == [10, 20, 30, 35]
    # Each batch's record is made with its rows, the header being line 1.
    assert written == [(11, 10), (21, 20), (31, 30), (36, 35)]


class Killed(BaseException):
    """The worker stopped half-way (its process killed, the queue's timeout): nothing of
    the task's own error handling runs."""


def test_a_stopped_job_goes_on_after_its_last_batch_without_doubling_rows(
    owner, now, small_batches
):
    made = rows(35)
    made.append(list(made[3]))  # a repeat of a row written before the stop
    job = queued_job(owner, csv_text(HEADER, *made))
    real_write = invitation_import._write_batch

    def stop_at_the_third_batch(user, batch, clients, result):
        if result.created == 20:
            raise Killed
        real_write(user, batch, clients, result)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invitation_import, "_write_batch", stop_at_the_third_batch)
        with pytest.raises(Killed):
            run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING
    assert Invitation.objects.count() == 20 == job.invitations_created
    assert job.written_line == 21

    # Another delivery while the job may still be running takes nothing.
    run_import(job.pk)
    assert Invitation.objects.count() == 20
    now.shift(IMPORT_TIMEOUT + timedelta(minutes=1))
    run_import(job.pk)  # delivered again by the queue
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert Invitation.objects.count() == 35 == job.invitations_created
    assert job.clients_created == Client.objects.count() == 7
    assert PreparationItem.objects.count() == 4 * 35
    assert (job.rows_skipped, job.rows_repeated) == (0, 1)
    doubled = Invitation.objects.values("job_title").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubled.exists()


def _queries_to_import(owner, count):
    Invitation.objects.filter(owner=owner).delete()
    Client.objects.filter(owner=owner).delete()
    job = queued_job(owner, csv_text(HEADER, *rows(count)))
    with CaptureQueriesContext(connection) as queries:
        run_import(job.pk)
    job.refresh_from_db()
    assert job.invitations_created == count
    return len(queries)


def test_the_queries_grow_with_the_batches_not_the_rows(owner, now, monkeypatch):
    monkeypatch.setattr(invitation_import, "BATCH_ROWS", 100)
    one_batch = _queries_to_import(owner, 100)
    three_batches = _queries_to_import(owner, 300)
    per_batch = (three_batches - one_batch) / 2
    # A batch of 100 rows: a few statements per table (SQLite caps the values of one
    # statement), never one per row.
    assert per_batch <= 20
    monkeypatch.setattr(invitation_import, "BATCH_ROWS", 10)
    per_small_batch = (_queries_to_import(owner, 30) - _queries_to_import(owner, 10)) / 2
    assert per_small_batch <= 12


def test_a_job_stopped_after_some_batches_says_what_it_wrote(client, owner, now, small_batches):
    job = queued_job(owner, csv_text(HEADER, *rows(35)))
    real_write = invitation_import._write_batch

    def stop_at_the_third_batch(user, batch, clients, result):
        if result.created == 20:
            raise Killed
        real_write(user, batch, clients, result)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(invitation_import, "_write_batch", stop_at_the_third_batch)
        with pytest.raises(Killed):
            run_import(job.pk)
    client.force_login(owner)
    page = client.get(reverse("import_progress", args=[job.pk]))
    assert "writing them (20 written so far)" in page.text
    now.shift(IMPORT_TIMEOUT + timedelta(minutes=1))
    page = client.get(reverse("import_progress", args=[job.pk]))
    assert "after writing 20 invitations" in page.text
    assert "Nothing was imported" not in page.text


def test_each_written_invitation_is_given_its_own_pk(owner, now, small_batches):
    # Rows written and removed before: the new pks do not start at 1 and follow a gap.
    job = queued_job(owner, csv_text(HEADER, *rows(5)))
    run_import(job.pk)
    Invitation.objects.filter(owner=owner).delete()
    Reminder.objects.all().delete()
    job = queued_job(owner, csv_text(HEADER, *rows(25)))
    run_import(job.pk)
    imported = {i.pk: i for i in Invitation.objects.filter(owner=owner)}
    assert len(imported) == 25
    # The preparation and reminders were written with the pks the insert gave back: each
    # names the invitation it was made for, whose deadlines are unlike any other's.
    prepared = PreparationItem.objects.values("invitation").annotate(n=Count("pk"))
    assert {p["invitation"]: p["n"] for p in prepared} == dict.fromkeys(imported, 4)
    reminders = list(Reminder.objects.values_list("subject_id", "deadline"))
    assert reminders
    for subject, deadline in reminders:
        invitation = imported[subject]
        assert deadline in (invitation.start_deadline, invitation.completion_deadline)


def test_create_rows_gives_the_instances_the_pks_they_were_stored_with(owner, now):
    from kit.rows import create_rows

    client = Client.objects.create(owner=owner, name="Acme")
    unsaved = [
        Invitation(owner=owner, client=client, job_title=f"Job {n}", notified_at=NOW)
        for n in range(30)
    ]
    for invitation in unsaved:
        invitation.compute_deadlines()
    made = create_rows(unsaved)
    stored = dict(Invitation.objects.values_list("pk", "job_title"))
    assert {i.pk: i.job_title for i in made} == stored
    assert not any(i._state.adding for i in made)


def test_a_moment_written_the_same_way_on_many_rows_is_read_once(owner, now):
    invitation_import._read_time.cache_clear()
    written = "March 3, 2025 10:00"
    job = queued_job(
        owner, csv_text(HEADER, *[[f"Client {n}", "Job", written, ""] for n in range(3)])
    )
    run_import(job.pk)
    job.refresh_from_db()
    assert job.invitations_created == 3
    assert set(Invitation.objects.values_list("notified_at", flat=True)) == {
        invitation_import.parse_time(written, zone_of(owner), job.dayfirst)
    }
    # Three rows, checked then written: six readings, one of them by dateutil.
    info = invitation_import._read_time.cache_info()
    assert (info.misses, info.hits) == (1, 5)


def test_a_bad_address_repeated_is_reported_on_every_row(owner, now):
    header = [*HEADER, "Job URL"]
    mapping = {**MAPPING, "job_url": 4}
    cells = [
        [f"Client {n}", f"Job {n}", NOW.isoformat(), "", "ftp://example.com/x"] for n in range(3)
    ]
    job = queued_job(owner, csv_text(header, *cells))
    job.mapping = mapping
    job.save()
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert [line for line, _ in job.problems] == [2, 3, 4]
    assert all("Job URL" in message for _, message in job.problems)
    assert not Invitation.objects.exists()
