"""The pages over every domain app: the dashboard, analytics, export and import, and account
deletion."""

import hashlib

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import RestrictedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kit.ownership import id_from, owned
from proposals.models import ProposalTemplate

from . import analytics as analytics_report
from . import portability
from .dashboard import MISSED_WITHIN, pipeline_counts, recent_activity, what_is_due
from .forms import DeleteAccountForm, ImportMappingForm, ImportUploadForm
from .invitation_import import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportProblem,
    problem_lines,
    read_sheet,
)
from .models import ImportJob
from .tasks import enqueue

# A foreign file waits in the session (server side, per signed-in user) between the upload
# and the column mapping; the upload form already limited its size.
STASH = "invitation_import"
PREVIEW_ROWS = 5


def _bound(request, files=False):
    """A form's data on POST (even an empty POST, which must show "required"), else none."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _download(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stamp():
    return timezone.localdate().isoformat()


@login_required
@require_safe
def data_home(request):
    """What the user can take away, bring in, or delete."""
    return render(request, "pipeline/data.html", {"nav": "settings"})


CSV_EXPORTS = {
    "invitations": portability.invitations_csv,
    "proposals": portability.proposals_csv,
    "offers": portability.offers_csv,
}


@login_required
@require_safe
@reauthentication_required
def export_csv(request, kind):
    """One CSV file of the user's invitations, proposals or offers (`kind`, set by the URL)."""
    return _download(
        CSV_EXPORTS[kind](request.user), "text/csv; charset=utf-8", f"{kind}-{_stamp()}.csv"
    )


@login_required
@require_safe
@reauthentication_required
def export_everything(request):
    return _download(
        portability.everything_json(request.user),
        "application/json; charset=utf-8",
        f"invitation-tracker-{_stamp()}.json",
    )


# Import -------------------------------------------------------------------------------

# The job whose columns are being chosen is kept in the session (server side, per signed-in
# user) between the upload and the column mapping; its file waits on the job's row.
STASH = "invitation_import"
PREVIEW_ROWS = 5
# The progress page reloads itself this often while the job runs.
REFRESH_SECONDS = 2


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _caps():
    return {
        "max_rows": MAX_ROWS,
        "max_columns": MAX_COLUMNS,
        "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
    }


def _in_flight(user):
    return ImportJob.objects.filter(owner=user, state__in=ImportJob.IN_FLIGHT).first()


def _queue(job, mapping, dayfirst):
    """Hand the job to the queue; the page that follows shows its progress."""
    job.mapping, job.dayfirst, job.state = mapping, dayfirst, ImportJob.State.QUEUED
    job.save(update_fields=["own_format", "mapping", "dayfirst", "state"])
    enqueue(job)
    return redirect("import_progress", pk=job.pk)


@login_required
def import_upload(request):
    form = ImportUploadForm(*_bound(request, files=True))
    running = _in_flight(request.user)
    context = {
        "form": form,
        "nav": "settings",
        "header": portability.INVITATION_HEADER,
        "running": running,
        **_caps(),
    }
    if request.method == "POST" and running is not None:
        form.add_error(None, "An import of yours is still running; wait until it is over.")
    elif request.method == "POST" and form.is_valid() and form.everything is not None:
        try:
            counts = portability.restore_everything(request.user, form.everything)
        except portability.RestoreProblem as problem:
            form.add_error("file", str(problem))
        else:
            restored = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            messages.success(request, f"Restored from the export: {restored}.")
            return redirect("dashboard")
    elif request.method == "POST" and form.is_valid():
        sheet = form.sheet
        with transaction.atomic():
            # An earlier file left at the column choice is forgotten: one at a time.
            ImportJob.objects.filter(owner=request.user, state=ImportJob.State.CHOOSING).delete()
            job = ImportJob.objects.create(
                owner=request.user,
                file_name=form.cleaned_data["file"].name[:200],
                text=form.text,
                digest=_digest(form.text),
                rows_total=sheet.row_count,
            )
            if sheet.is_own_format:
                job.own_format = True
                return _queue(job, sheet.own_mapping(), dayfirst=True)
        request.session[STASH] = {"job": job.pk}
        return redirect("import_mapping")
    return render(request, "pipeline/import.html", context)


def _stashed_job(request):
    """The signed-in user's job waiting for its columns, as the session names it."""
    stash = request.session.get(STASH)
    if not (isinstance(stash, dict) and isinstance(stash.get("job"), int)):
        return None
    return ImportJob.objects.filter(
        pk=stash["job"], owner=request.user, state=ImportJob.State.CHOOSING
    ).first()


@login_required
def import_mapping(request):
    if request.method == "POST" and "choose_again" in request.POST:
        return _choose_again(request)
    job = _stashed_job(request)
    if job is None:
        # Nothing chosen yet, queued already, or a stash in another shape.
        request.session.pop(STASH, None)
        messages.info(request, "Choose a file to import first.")
        return redirect("import_invitations")
    try:
        sheet = read_sheet(job.text)
    except ImportProblem:  # cannot happen for a checked file, but never trust a row
        request.session.pop(STASH, None)
        return redirect("import_invitations")
    form = ImportMappingForm(
        *_bound(request),
        sheet=sheet,
        zone_name=request.user.timezone,
        initial={"digest": job.digest},
    )
    context = {
        "form": form,
        "nav": "settings",
        "file_name": job.file_name,
        "columns": sheet.column_names(),
        "preview": sheet.preview(PREVIEW_ROWS),
        "row_count": sheet.row_count,
    }
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["digest"] != job.digest:
            form.add_error(
                None, "The file changed in another tab since this page was opened; check again."
            )
        else:
            request.session.pop(STASH, None)
            with transaction.atomic():
                return _queue(job, form.mapping(), dayfirst=form.cleaned_data["dayfirst"])
    return render(request, "pipeline/import_mapping.html", context)


def _choose_again(request):
    """Back from a refused import of a foreign file to its columns, the file unchanged."""
    job = owned(request, ImportJob, pk=id_from(request.POST["choose_again"]) or 0)
    if not job.can_choose_again or _in_flight(request.user) is not None:
        messages.info(request, "Choose a file to import first.")
        return redirect("import_invitations")
    ImportJob.objects.filter(owner=request.user, state=ImportJob.State.CHOOSING).delete()
    job.choose_again()
    request.session[STASH] = {"job": job.pk}
    return redirect("import_mapping")


def _summary(job):
    parts = [
        f"Imported {job.invitations_created} "
        f"invitation{'s' if job.invitations_created != 1 else ''}"
    ]
    if job.clients_created:
        parts.append(
            f"with {job.clients_created} new client{'s' if job.clients_created != 1 else ''}"
        )
    text = " ".join(parts) + "."
    if job.rows_skipped:
        text += (
            f" {job.rows_skipped} row{'s were' if job.rows_skipped != 1 else ' was'} already "
            "in your tracker and skipped."
        )
    if job.rows_repeated:
        text += (
            f" {job.rows_repeated} row{'s' if job.rows_repeated != 1 else ''} repeated an "
            f"earlier row of the file and {'were' if job.rows_repeated != 1 else 'was'} "
            "skipped."
        )
    return text


@login_required
@require_safe
def import_progress(request, pk):
    """Where an import stands; it reloads itself until the import is over."""
    job = owned(request, ImportJob, pk=pk)
    job.give_up_if_stalled()
    if job.state == ImportJob.State.CHOOSING:
        return redirect("import_mapping")
    problems, more = problem_lines(
        [(line, message) for line, message in job.problems], job.problem_count
    )
    context = {
        "nav": "settings",
        "job": job,
        "refresh": None if job.is_over else REFRESH_SECONDS,
        "summary": _summary(job) if job.state == ImportJob.State.DONE else "",
        "problems": problems,
        "more_problems": more,
        "percent": int(100 * job.rows_checked / job.rows_total) if job.rows_total else 0,
        **_caps(),
    }
    return render(request, "pipeline/import_progress.html", context)


# Account deletion ---------------------------------------------------------------------


@login_required
@reauthentication_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(*_bound(request), user=user)
    if request.method == "POST" and form.is_valid():
        username = user.get_username()
        try:
            portability.delete_account(user)
        except RestrictedError:
            # Another account's records still point at one of this user's clients (a link
            # made before the models refused them): deleting would leave them dangling.
            form.add_error(
                None,
                "Records of another account refer to one of your clients, so the account "
                "cannot be deleted yet; an administrator can unlink them. Nothing was deleted.",
            )
        else:
            logout(request)
            messages.success(
                request, f"The account “{username}” and everything in it have been deleted."
            )
            return redirect("account_login")
    return render(
        request,
        "pipeline/delete_account.html",
        {"form": form, "contents": portability.account_contents(user), "nav": "settings"},
    )


# The dashboard and analytics ---------------------------------------------------------------


@login_required
def dashboard(request):
    user = request.user
    now = timezone.now()
    counts = pipeline_counts(user, now)
    context = {"nav": "dashboard", "counts": counts, "now": now}
    if counts["invitations"] or counts["proposals"] or counts["offers"]:
        due, missed = what_is_due(user, now)
        context.update(
            due=due,
            missed=missed,
            due_total=counts["pending"] + counts["in_progress"] + counts["awaiting"],
            missed_total=counts["invitations_missed"] + counts["offers_missed"],
            activity=recent_activity(user),
            missed_days=MISSED_WITHIN.days,
        )
    else:
        # Nothing recorded yet: show the first steps instead of empty tables.
        context["getting_started"] = True
        context["has_template"] = ProposalTemplate.objects.filter(owner=user).exists()
    return render(request, "pipeline/dashboard.html", context)


@login_required
def analytics(request):
    report = analytics_report.build(request.user)
    return render(request, "pipeline/analytics.html", {"report": report, "nav": "analytics"})
