"""An import's page follows the queue: the browser sees it go from waiting to imported
without reloading the page, and without JavaScript the page reloads itself."""

import pytest
from playwright.sync_api import expect

from pipeline.models import ImportJob
from pipeline.tasks import run_import

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FILE = "Client,Job title,Notified at\r\nInitech,Job one,2026-11-20 10:00\r\n"


def queued_job(owner):
    return ImportJob.objects.create(
        owner=owner,
        file_name="other-tracker.csv",
        text=FILE,
        digest="d",
        rows_total=1,
        mapping={"client": 0, "job_title": 1, "notified_at": 2},
        state=ImportJob.State.QUEUED,
    )


def test_the_page_shows_the_import_finish_without_a_reload(new_page, log_in, screenshot, owner):
    job = queued_job(owner)
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/data/import/{job.pk}/")
    expect(page.get_by_text("Waiting for the queue to start it (1 row).")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    run_import(job.pk)  # the queue's part, in this process
    expect(page.get_by_text("Imported 1 invitation with 1 new client.")).to_be_visible(
        timeout=10_000
    )
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "import-done")


def test_without_javascript_the_page_reloads_itself(new_page, log_in, owner):
    job = queued_job(owner)
    page = new_page(java_script_enabled=False)
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/data/import/{job.pk}/")
    expect(page.get_by_text("Waiting for the queue to start it (1 row).")).to_be_visible()
    run_import(job.pk)
    expect(page.get_by_text("Imported 1 invitation with 1 new client.")).to_be_visible(
        timeout=10_000
    )
