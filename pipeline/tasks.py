"""The queue's part of an import: run one job, from the file's text to its outcome."""

import logging

from django.db import transaction
from django_q.tasks import async_task

from .invitation_import import ImportProblem, import_invitations, last_invitation_pk, read_sheet
from .models import IMPORT_TIMEOUT, ImportJob

log = logging.getLogger(__name__)

TASK = "pipeline.tasks.run_import"


def enqueue(job):
    """Queue the job once the request's transaction commits (a worker must find its row).

    `robust`: a broker that is down leaves the job waiting, which its page says, rather
    than turning the user's upload into a server error after the job was saved.
    """
    transaction.on_commit(
        lambda: async_task(
            TASK, job.pk, timeout=int(IMPORT_TIMEOUT.total_seconds()), task_name=f"import-{job.pk}"
        ),
        robust=True,
    )


def run_import(job_id):
    """Run import job `job_id` if it is still queued, or go on with one stopped half-way
    (see `ImportJob.claim`); safe to deliver twice."""
    # The file's text is read a piece at a time, never whole (`ImportJob.text_pieces`).
    job = ImportJob.objects.select_related("owner").defer("text").filter(pk=job_id).first()
    if job is None or not job.claim():
        return
    if not job.written_line:
        job.invitations_before = last_invitation_pk()
        job.save(update_fields=["invitations_before"])
    try:
        sheet = read_sheet(job.text_pieces)
        result = import_invitations(
            job.owner,
            sheet,
            {k: int(v) for k, v in job.mapping.items()},
            job.dayfirst,
            progress=job.checked,
            written=job.wrote,
            after_line=job.written_line,
            before_pk=job.invitations_before,
        )
    except ImportProblem as problem:  # the file was checked on upload; never trust a row
        job.finish(ImportJob.State.REFUSED, problems=[[None, str(problem)]], problem_count=1)
        return
    except Exception:
        log.exception("Import job %s stopped; nothing of it was written.", job_id)
        job.finish(ImportJob.State.FAILED)
        raise
    if result.problems:
        job.finish(
            ImportJob.State.REFUSED,
            keep_text=not job.own_format,
            problems=[list(p) for p in result.problems],
            problem_count=result.problem_count,
        )
    else:
        # Added to what an earlier run of the job wrote before it was stopped.
        job.finish(
            ImportJob.State.DONE,
            invitations_created=job.invitations_created + result.created,
            clients_created=job.clients_created + result.new_clients,
            rows_skipped=job.rows_skipped + result.skipped,
            rows_repeated=job.rows_repeated + result.repeated,
        )
