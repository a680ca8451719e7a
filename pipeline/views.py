"""The pages over every domain app: the dashboard, analytics, export and import, and account
deletion."""

import hashlib

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import RestrictedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from proposals.models import ProposalTemplate

from . import analytics as analytics_report
from . import portability
from .dashboard import MISSED_WITHIN, pipeline_counts, recent_activity, what_is_due
from .forms import DeleteAccountForm, ImportMappingForm, ImportUploadForm
from .invitation_import import ImportProblem, import_invitations, problem_lines, read_sheet

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
def export_csv(request, kind):
    """One CSV file of the user's invitations, proposals or offers (`kind`, set by the URL)."""
    return _download(
        CSV_EXPORTS[kind](request.user), "text/csv; charset=utf-8", f"{kind}-{_stamp()}.csv"
    )


@login_required
@require_safe
def export_everything(request):
    return _download(
        portability.everything_json(request.user),
        "application/json; charset=utf-8",
        f"invitation-tracker-{_stamp()}.json",
    )


# Import -------------------------------------------------------------------------------


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _after_import(request, result):
    request.session.pop(STASH, None)
    parts = [f"Imported {result.created} invitation{'s' if result.created != 1 else ''}"]
    if result.new_clients:
        parts.append(
            f"with {result.new_clients} new client{'s' if result.new_clients != 1 else ''}"
        )
    text = " ".join(parts) + "."
    if result.skipped:
        text += (
            f" {result.skipped} row{'s were' if result.skipped != 1 else ' was'} already in "
            "your tracker and skipped."
        )
    if result.repeated:
        text += (
            f" {result.repeated} row{'s' if result.repeated != 1 else ''} repeated an earlier "
            f"row of the file and {'were' if result.repeated != 1 else 'was'} skipped."
        )
    messages.success(request, text)
    return redirect("invitation_list")


def _problems_context(result):
    lines, more = problem_lines(result)
    return {"problems": lines, "more_problems": more}


@login_required
def import_upload(request):
    form = ImportUploadForm(*_bound(request, files=True))
    context = {"form": form, "nav": "settings", "header": portability.INVITATION_HEADER}
    if request.method == "POST" and form.is_valid() and form.everything is not None:
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
        if sheet.is_own_format:
            result = import_invitations(request.user, sheet, sheet.own_mapping())
            if result.ok:
                return _after_import(request, result)
            context.update(_problems_context(result))
            return render(request, "pipeline/import.html", context)
        request.session[STASH] = {
            "name": form.cleaned_data["file"].name[:200],
            "text": form.text,
            "digest": _digest(form.text),
        }
        return redirect("import_mapping")
    return render(request, "pipeline/import.html", context)


def _is_stash(stash):
    """Whether the session holds a file chosen for import, as `import_invitations` keeps it."""
    return isinstance(stash, dict) and all(
        isinstance(stash.get(key), str) for key in ("name", "text", "digest")
    )


@login_required
def import_mapping(request):
    stash = request.session.get(STASH)
    if not _is_stash(stash):
        # Nothing chosen yet, or a stash in another shape (kept by an older version).
        request.session.pop(STASH, None)
        messages.info(request, "Choose a file to import first.")
        return redirect("import_invitations")
    try:
        sheet = read_sheet(stash["text"])
    except ImportProblem:  # cannot happen for a stashed file, but never trust the session
        request.session.pop(STASH, None)
        return redirect("import_invitations")
    form = ImportMappingForm(
        *_bound(request),
        sheet=sheet,
        zone_name=request.user.timezone,
        initial={"digest": stash["digest"]},
    )
    context = {
        "form": form,
        "nav": "settings",
        "file_name": stash["name"],
        "columns": sheet.column_names(),
        "preview": [cells for _, cells in sheet.rows[:PREVIEW_ROWS]],
        "row_count": len(sheet.rows),
    }
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["digest"] != stash["digest"]:
            form.add_error(
                None, "The file changed in another tab since this page was opened; check again."
            )
        else:
            result = import_invitations(
                request.user, sheet, form.mapping(), dayfirst=form.cleaned_data["dayfirst"]
            )
            if result.ok:
                return _after_import(request, result)
            context.update(_problems_context(result))
    return render(request, "pipeline/import_mapping.html", context)


# Account deletion ---------------------------------------------------------------------


@login_required
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
            return redirect("login")
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
