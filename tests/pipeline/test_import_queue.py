"""An import runs in the queue, never in the request: the upload returns at once with a page
that shows its progress, and the caps on rows and columns are said before anything is
queued."""

import csv
import io
import tracemalloc
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_q.models import OrmQ

from interviews.models import Client, Invitation
from pipeline.invitation_import import MAX_COLUMNS, MAX_ROWS, read_sheet
from pipeline.models import IMPORT_TIMEOUT, ImportJob
from pipeline.tasks import run_import
from tests.support.queued import queue_inline

from ..conftest import NOW


def csv_file(header, rows, name="other-tracker.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def foreign_rows(count):
    return [
        [f"Client {n % 40}", f"Job {n}", (NOW - timedelta(hours=1 + n % 300)).isoformat()]
        for n in range(count)
    ]


FOREIGN_HEADER = ["Client", "Job title", "Notified at"]
MAPPING = {
    "client": "0",
    "company": "",
    "job_title": "1",
    "job_url": "",
    "message": "",
    "notified_at": "2",
    "started_at": "",
    "completed_at": "",
    "declined_at": "",
    "decline_reason": "",
    "archived_at": "",
    "dayfirst": "1",
}


@pytest.fixture
def signed_in(client, owner, now):
    client.force_login(owner)
    return client


def choose_columns(client):
    digest = client.get(reverse("import_mapping")).context["form"]["digest"].value()
    return client.post(reverse("import_mapping"), {**MAPPING, "digest": digest})


def test_four_thousand_rows_do_not_hold_the_request(signed_in, owner):
    signed_in.post(
        reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, foreign_rows(4000))}
    )
    with CaptureQueriesContext(connection) as queries:
        response = choose_columns(signed_in)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_progress", args=[job.pk])
    # Queued, not run: no row of the file was read into the tracker by the request.
    assert job.state == ImportJob.State.QUEUED
    assert len(queries) < 20
    assert not Invitation.objects.exists()
    page = signed_in.get(response["Location"])
    assert "Waiting for the queue to start it (4000 rows)" in page.text
    assert '<meta http-equiv="refresh" content="2">' in page.text


def test_the_queue_imports_the_job_and_the_page_says_what_was_imported(signed_in, owner):
    with queue_inline():
        signed_in.post(
            reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, foreign_rows(300))}
        )
        response = choose_columns(signed_in)
    assert Invitation.objects.filter(owner=owner).count() == 300
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE and job.text == ""
    assert job.rows_checked == job.rows_total == 300
    page = signed_in.get(response["Location"])
    assert "Imported 300 invitations with 40 new clients." in page.text
    assert "http-equiv" not in page.text  # over: no more refreshing


def test_our_own_export_goes_straight_to_the_queue(signed_in, owner, make_invitation):
    from pipeline.portability import invitations_csv

    make_invitation()
    exported = invitations_csv(owner)
    Invitation.objects.all().delete()
    response = signed_in.post(
        reverse("import_invitations"),
        {"file": SimpleUploadedFile("mine.csv", exported.encode(), "text/csv")},
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_progress", args=[job.pk])
    assert job.state == ImportJob.State.QUEUED
    assert OrmQ.objects.count() == 0  # enqueued only once the request's transaction commits


def test_a_file_with_a_bad_row_imports_nothing_and_the_page_lists_it(signed_in, owner):
    rows = foreign_rows(50)
    rows[30][2] = "yesterday-ish"
    with queue_inline():
        signed_in.post(reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, rows)})
        response = choose_columns(signed_in)
    assert not Invitation.objects.exists() and not Client.objects.exists()
    page = signed_in.get(response["Location"])
    assert page.context["problems"] == [
        "Line 32: “Notified at” is not a date and time we can read: “yesterday-ish”."
    ]
    assert "Nothing was imported." in page.text


def test_a_ten_thousand_column_file_is_refused_at_once(signed_in):
    header = [f"Column {n}" for n in range(10_000)]
    response = signed_in.post(
        reverse("import_invitations"), {"file": csv_file(header, [["x"] * 10_000])}
    )
    assert response.status_code == 200
    assert f"The file has 10,000 columns; an import reads at most {MAX_COLUMNS}." in response.text
    assert len(response.content) < 50_000
    assert not ImportJob.objects.exists()


def test_a_file_over_the_row_cap_is_refused_before_it_is_queued(signed_in):
    rows = [["A", f"Job {n}", "2026-11-20"] for n in range(MAX_ROWS + 1)]
    response = signed_in.post(
        reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, rows)}
    )
    assert response.status_code == 200
    assert f"more than {MAX_ROWS:,} rows" in response.text
    assert not ImportJob.objects.exists()


def test_the_upload_page_states_the_caps(signed_in):
    response = signed_in.get(reverse("import_invitations"))
    assert f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns" in response.text


def test_a_second_import_waits_for_the_first(signed_in):
    file = csv_file(FOREIGN_HEADER, foreign_rows(3))
    signed_in.post(reverse("import_invitations"), {"file": file})
    choose_columns(signed_in)
    again = signed_in.post(
        reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, foreign_rows(3))}
    )
    assert again.status_code == 200
    assert "An import of yours is still running" in again.text
    assert ImportJob.objects.count() == 1


def test_a_job_delivered_twice_runs_once(signed_in, owner):
    signed_in.post(
        reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, foreign_rows(5))}
    )
    choose_columns(signed_in)
    job = ImportJob.objects.get()
    run_import(job.pk)
    run_import(job.pk)  # the ORM broker may deliver a task again after `retry`
    assert Invitation.objects.count() == 5


def test_a_job_stopped_with_its_worker_is_said_to_have_stopped(signed_in, owner, now):
    job = ImportJob.objects.create(
        owner=owner,
        file_name="big.csv",
        text="x",
        digest="d",
        rows_total=10,
        state=ImportJob.State.RUNNING,
        started_at=NOW,
    )
    page = signed_in.get(reverse("import_progress", args=[job.pk]))
    assert "Checked 0 of 10 rows" in page.text
    now.shift(IMPORT_TIMEOUT + timedelta(minutes=1))
    page = signed_in.get(reverse("import_progress", args=[job.pk]))
    assert "The import stopped before it finished" in page.text
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.text == ""


def test_a_stranger_gets_404_for_my_import(client, owner, stranger):
    job = ImportJob.objects.create(owner=owner, file_name="a.csv", digest="d")
    client.force_login(stranger)
    assert client.get(reverse("import_progress", args=[job.pk])).status_code == 404


def test_reading_the_file_keeps_no_row(owner):
    """The check and the import read the rows one by one: memory does not grow with them."""
    text = "Client,Job title,Notified at\r\n" + "".join(
        f"Client {n % 40},Job {n},2026-11-20 10:00\r\n" for n in range(MAX_ROWS)
    )
    tracemalloc.start()
    try:
        sheet = read_sheet(text)
        assert sum(1 for _ in sheet.rows()) == sheet.row_count == MAX_ROWS
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The text is ~0.4 MB and is not copied; its rows as lists of cells would take megabytes.
    assert peak < 200_000


def test_a_name_with_a_direction_control_is_refused_by_line(signed_in):
    rows = foreign_rows(3)
    rows[1][0] = "Acme\u202efdp.exe"
    with queue_inline():
        signed_in.post(reverse("import_invitations"), {"file": csv_file(FOREIGN_HEADER, rows)})
        response = choose_columns(signed_in)
    page = signed_in.get(response["Location"])
    assert page.context["problems"] == [
        "Line 3: “Client” holds an invisible character that changes the direction of the text."
    ]
    assert not Invitation.objects.exists()


def test_a_job_the_queue_does_not_start_says_so(signed_in, owner, now):
    job = ImportJob.objects.create(
        owner=owner,
        file_name="a.csv",
        text="x",
        digest="d",
        rows_total=3,
        state=ImportJob.State.QUEUED,
    )
    url = reverse("import_progress", args=[job.pk])
    assert "it may not be running" not in signed_in.get(url).text
    now.shift(timedelta(minutes=3))
    assert "it may not be running" in signed_in.get(url).text
