"""Invitation and client pages: thin views over the models' own rules."""

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, RestrictedError, prefetch_related_objects
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from kit.clock import format_deadline
from kit.display import with_links
from kit.forms import show_model_error
from kit.lists import (
    OneAfterOther,
    chosen_statuses,
    month_bounds,
    narrow,
    narrowing_params,
    paginate,
)
from kit.once import saves_once
from kit.ownership import id_from, owned, owned_queryset
from kit.prefill import PASTED_INVITATION, focus_first_filled, forget_pasted, pasted_initial
from kit.prepared import Prepared
from kit.search import cleaned, search
from kit.status import count_sql, fetch_counts

from .forms import (
    ArchiveForm,
    ClientForm,
    CompleteForm,
    DeclineForm,
    InvitationForm,
    PreparationFormSet,
    StartForm,
    window_words,
)
from .models import (
    OPEN_STATUSES,
    Client,
    Invitation,
    Point,
    Status,
    count_preparation,
    status_q,
)

POINTS = len(Point.values)


# Invitation list -------------------------------------------------------------------------

# What the search box looks in: every word typed must appear in one of these.
INVITATION_SEARCH = [
    "job_title",
    "client__name",
    "client__company",
    "message",
    "client__research_notes",
]
CLIENT_SEARCH = ["name", "company", "industry", "website", "research_notes"]

STATUS_FILTERS = [("all", "All"), ("open", "Open")] + [(s.value, s.label) for s in Status]
SORTS = [("deadline", "Next deadline"), ("newest", "Newest")]
DEFAULT_PARAMS = {("status", "all"), ("sort", "deadline")}


def _chip_count_sql(owner, now, client=None, month_start=None, month_end=None):
    """The query of chip_counts: each status of the owner's invitations a subquery on its
    index, narrowed as kit.lists.narrow narrows the list."""
    rows = Invitation.objects.filter(owner=owner)
    if client is not None:
        rows = rows.filter(client_id=client)
    if month_start is not None:
        rows = rows.filter(notified_at__gte=month_start, notified_at__lt=month_end)
    return count_sql(**{status.value: rows.filter(status_q(status, now)) for status in Status})


# One compiled query per way of narrowing (none, a client, a month, both): kit.prepared.
_CHIP_COUNTS = {}


def chip_counts(owner, now, client, month):
    """How many of the owner's invitations (of `client`, notified in `month`, when given)
    are in each status at `now`, in one query compiled once per way of narrowing."""
    values = {"owner": owner.pk, "now": now}
    if client is not None:
        values["client"] = client
    bounds = month_bounds(month)
    if bounds:
        values["month_start"], values["month_end"] = bounds
    shape = tuple(sorted(values))
    if shape not in _CHIP_COUNTS:
        _CHIP_COUNTS[shape] = Prepared(_chip_count_sql)
    return fetch_counts(Status.values, *_CHIP_COUNTS[shape].sql(**values))


@login_required
def invitation_list(request):
    now = timezone.now()
    invitations = owned_queryset(request, Invitation)
    query = cleaned(request.GET.get("q", ""))
    invitations = search(invitations, query, INVITATION_SEARCH)
    invitations, narrowed = narrow(request, invitations, "notified_at")
    # Every chip's count in one query, however many invitations there are: those of the
    # client and month shown, as the chips keep them. Each status reads its own index range,
    # unless words are searched: then one pass over the rows found counts them all.
    if query:
        counts = invitations.status_counts(now)
    else:
        counts = chip_counts(request.user, now, narrowed.get("client"), request.GET.get("month"))
    counts["all"] = sum(counts.values())
    counts["open"] = sum(counts[s] for s in OPEN_STATUSES)
    statuses = chosen_statuses(request, Status.values)
    status = request.GET.get("status", "all")
    if status == "open":
        invitations = invitations.open(now)
        shown_open = counts["open"]
    elif statuses:
        invitations = invitations.status(*statuses, now=now)
        status = statuses[0] if len(statuses) == 1 else "several"
        shown_open = sum(counts[s] for s in statuses if s in OPEN_STATUSES)
    else:
        status = "all"
        shown_open = counts["open"]
    # The chips counted each status filter's rows already.
    shown_count = sum(counts[s] for s in statuses) if status == "several" else counts[status]

    sort = request.GET.get("sort", "deadline")
    if sort == "newest":
        rows = invitations.order_by("-notified_at", "-pk")
    else:
        sort = "deadline"
        # The open ones by deadline, then the rest newest first: each part read in the
        # order of an index, where one ORDER BY for both sorted all the user's rows.
        rows = OneAfterOther(
            invitations.open_by_deadline(now), shown_open, invitations.closed_newest_first(now)
        )
    page = paginate(request, rows, shown_count)
    page["page_obj"].object_list = with_links(
        page["page_obj"].object_list,
        detail_url=("invitation_detail", "pk"),
        client_url=("client_detail", "client_id"),
    )
    # The page's clients in one query by primary key: joined in the page query instead,
    # PostgreSQL hashed every client in the table before sorting and keeping 25 rows.
    prefetch_related_objects(page["page_obj"].object_list, "client")
    for invitation in count_preparation(page["page_obj"].object_list):
        # The open window's end, from the row and the page's one clock reading.
        invitation.next_deadline = invitation.deadline_at(now)
        # As text already: the template localizes each number it shows, six in every row.
        invitation.preparation_shown = str(invitation.preparation_done)

    # The statuses shown, in words ("all" names none).
    shown_values = statuses if status == "several" else [status] if status != "all" else []
    labels = [dict(STATUS_FILTERS)[value] for value in shown_values]

    # What narrows the list: a chip, a search or a new order keeps the client and month.
    narrowing = narrowing_params(request, narrowed)
    shown = [("status", s) for s in statuses] if status == "several" else [("status", status)]
    shown += narrowing

    def kept(*params):
        return [(k, v) for k, v in params if v and (k, v) not in DEFAULT_PARAMS]

    def link(*params):
        return "?" + urlencode(kept(*params)) if kept(*params) else request.path

    return render(
        request,
        "interviews/invitation_list.html",
        {
            "nav": "invitations",
            **page,
            "chips": [
                {
                    "value": v,
                    "label": label,
                    "count": counts[v],
                    "url": link(("status", v), *narrowing, ("q", query), ("sort", sort)),
                }
                for v, label in STATUS_FILTERS
            ],
            "sorts": [
                {"value": v, "label": label, "url": link(*shown, ("q", query), ("sort", v))}
                for v, label in SORTS
            ],
            # The search box sends these along with the words typed.
            "search_keeps": kept(*shown, ("sort", sort)),
            "clear_search_url": link(*shown, ("sort", sort)),
            "status": status,
            "sort": sort,
            "query": query,
            "points": str(POINTS),
            "filtered": bool(query) or status != "all" or bool(narrowed),
            "narrowed": narrowed,
            "status_labels": labels,
            # The note above a narrowed list names the statuses it shows, one or several.
            "several": labels if status == "several" or narrowed else [],
            "start_window": window_words(settings.INTERVIEW_START_WINDOW),
        },
    )


# Recording and correcting an invitation --------------------------------------------------


@login_required
@saves_once
def invitation_new(request):
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            invitation = form.save()
            forget_pasted(request, PASTED_INVITATION)
            messages.success(request, recorded_message(invitation, request.user))
            return redirect(invitation)
    else:
        initial, pasted_notes = {}, {}
        # "New invitation" from a client's page arrives with that client picked.
        client_id = id_from(request.GET.get("client"))
        if client_id and owned_queryset(request, Client).filter(pk=client_id).exists():
            initial["client"] = client_id
        pasted = {}
        if request.GET.get("pasted"):
            pasted, pasted_notes = pasted_initial(request, PASTED_INVITATION)
            pasted = initial_from_paste(request, pasted)
            initial.update(pasted)
        else:
            forget_pasted(request, PASTED_INVITATION)  # the blank form discards a paste
        form = InvitationForm(user=request.user, initial=initial)
        focus_first_filled(form, pasted)
    return render(
        request,
        "interviews/invitation_form.html",
        {
            "nav": "invitations",
            "form": form,
            "has_clients": form.has_clients,
            "pasted_notes": pasted_notes if request.method == "GET" else {},
        },
    )


def recorded_message(invitation, user):
    """What recording an invitation leads to: its start deadline, or that it has passed."""
    deadline = format_deadline(invitation.start_deadline, user)
    if invitation.start_deadline <= timezone.now():
        # An old notification, recorded late: its start window cannot be met any more.
        return f"Invitation recorded. Its start window closed on {deadline}."
    return f"Invitation recorded. Start the interview by {deadline}."


def initial_from_paste(request, pasted):
    """Form values from a pasted notification; the client is matched to one of yours by name."""
    keys = ("job_title", "job_url", "notified_at", "message", "source_text")
    initial = {key: pasted[key] for key in keys if pasted.get(key)}
    questions = pasted.get("screening_questions") or []
    if questions:
        # Kept with the invitation: a proposal for it starts with them.
        initial["screening_questions"] = "\n".join(str(question) for question in questions)
    name = (pasted.get("client_name") or "").strip()
    if name:
        known = owned_queryset(request, Client).filter(name__iexact=name).first()
        if known:
            initial["client"] = known.pk
        else:
            initial["new_client_name"] = name
    return initial


@login_required
def invitation_edit(request, pk):
    invitation = owned(request, Invitation.objects.select_related("client"), pk=pk)
    if request.method == "POST":
        # The form changes its instance while validating; the page shows the saved row.
        editing = owned(request, Invitation, pk=pk)
        form = InvitationForm(request.POST, instance=editing, user=request.user)
        if form.is_valid():
            # Saving the form is the user's check of a captured invitation.
            form.instance.captured = False
            saved = form.save()
            text = "Invitation updated."
            if saved.start_deadline != invitation.start_deadline:
                text += (
                    " The start deadline moved with the notice time to "
                    f"{format_deadline(saved.start_deadline, request.user)}."
                )
            messages.success(request, text)
            return redirect(saved)
    else:
        form = InvitationForm(instance=invitation, user=request.user)
    return render(
        request,
        "interviews/invitation_form.html",
        {
            "nav": "invitations",
            "form": form,
            "invitation": invitation,
            "has_clients": form.has_clients,
        },
    )


# The detail page and its actions ---------------------------------------------------------


def available_actions(invitation, status):
    """The actions the model would allow now, so the page offers only those."""
    actions = set()
    # A window that has closed may still have been met: an interview started (or completed)
    # in time and recorded late is entered with the time it happened.
    if status in (Status.PENDING, Status.EXPIRED):
        actions.add("start")
    if status in (Status.IN_PROGRESS, Status.LAPSED):
        actions.add("complete")
    if status in OPEN_STATUSES:
        actions.add("decline")
    if not (invitation.archived_at or invitation.declined_at):
        actions.add("archive")
    return actions


def timeline(invitation, status):
    """The steps from notice to completion, each marked done, due or missed."""
    inv = invitation

    def step(label, at, state="", note="", window_start=None):
        return {
            "label": label,
            "at": at,
            "state": state,
            "note": note,
            "window_start": window_start if state == "due" else None,
        }

    steps = [step("Notified", inv.notified_at, "done")]

    if inv.started_at:
        steps.append(step("Start deadline", inv.start_deadline, "done", "Started in time."))
        steps.append(step("Started", inv.started_at, "done"))
    elif status == Status.PENDING:
        steps.append(
            step("Start deadline", inv.start_deadline, "due", window_start=inv.notified_at)
        )
        steps.append(step("Started", None, "due", "Not started yet."))
    elif status == Status.EXPIRED:
        steps.append(step("Start deadline", inv.start_deadline, "missed", "The window closed."))
        steps.append(step("Started", None, "missed", "Never started."))
    else:
        steps.append(step("Start deadline", inv.start_deadline, note="No longer needed."))
        steps.append(step("Started", None, note="Not started."))

    completion = window_words(settings.INTERVIEW_COMPLETION_WINDOW)
    if not inv.started_at:
        steps.append(
            step("Completion deadline", None, note=f"{completion} after the interview starts.")
        )
        steps.append(step("Completed", None))
    elif inv.completed_at:
        steps.append(step("Completion deadline", inv.completion_deadline, "done", "Met."))
        steps.append(step("Completed", inv.completed_at, "done"))
    elif status == Status.IN_PROGRESS:
        steps.append(
            step("Completion deadline", inv.completion_deadline, "due", window_start=inv.started_at)
        )
        steps.append(step("Completed", None, "due", "Not completed yet."))
    elif status == Status.LAPSED:
        steps.append(
            step("Completion deadline", inv.completion_deadline, "missed", "The window closed.")
        )
        steps.append(step("Completed", None, "missed", "Never completed."))
    else:
        steps.append(step("Completion deadline", inv.completion_deadline, note="No longer needed."))
        steps.append(step("Completed", None, note="Not completed."))

    if inv.declined_at:
        steps.append(step("Declined", inv.declined_at, note=inv.decline_reason))
    elif inv.archived_at:
        steps.append(step("Archived", inv.archived_at))
    return steps


# A proposal can still answer an invitation whose interview has not missed a window and
# that was not set aside.
PROPOSAL_WRITABLE = {Status.PENDING, Status.IN_PROGRESS, Status.COMPLETED}

# Proposal and offer states, by their status values (interviews does not import those apps).
PROPOSAL_STATES = {"draft": "due", "submitted": "done", "hired": "done"}
OFFER_STATES = {"requested": "due", "received": "due", "accepted": "done", "expired": "missed"}


def responses(invitation):
    """The proposals answering the invitation, each followed by its offers, for the timeline."""
    steps = []
    # Only the owner's own rows, even if a link across owners predates the models' checks.
    owner = invitation.owner_id
    for proposal in invitation.proposals.filter(owner=owner).prefetch_related("offers"):
        steps.append(
            {
                "kind": "proposal",
                "item": proposal,
                "state": PROPOSAL_STATES.get(proposal.status, ""),
            }
        )
        for offer in proposal.offers.all():
            if offer.owner_id != owner:
                continue
            status = offer.status
            steps.append(
                {
                    "kind": "offer",
                    "item": offer,
                    "status": status,
                    "state": OFFER_STATES.get(status, ""),
                    "awaiting": status == "received",
                }
            )
    return steps


def detail_page(request, invitation, forms=None, preparation=None, refused_shown=True):
    """Render the detail page; a refused action's form comes back with its message.

    With `refused_shown` false, a refused form whose action no longer applies is left off:
    the page shows the invitation as it stands, and the refusal is told at the top.
    """
    now = timezone.now()
    user = request.user
    status = invitation.status_at(now)
    forms = {
        "start": StartForm(user=user, invitation=invitation),
        "complete": CompleteForm(user=user, invitation=invitation),
        "decline": DeclineForm(),
        "archive": ArchiveForm(),
    } | (forms or {})
    available = available_actions(invitation, status)
    # A refused action stays on the page with its message, even if it no longer applies.
    shown = {
        name for name, form in forms.items() if name in available or (form.errors and refused_shown)
    }
    if preparation is None:
        preparation = PreparationFormSet(queryset=invitation.preparation.all(), prefix="prep")
    # Counted from the database: a refused save must not show a progress that was not kept.
    done = invitation.preparation.filter(done=True).count()
    # The proposal that answers it (only the owner's own), or whether one may still be written.
    proposal = invitation.proposals.filter(owner=invitation.owner_id).first()
    return render(
        request,
        "interviews/invitation_detail.html",
        {
            "nav": "invitations",
            "invitation": invitation,
            "status": status,
            "status_label": Status(status).label,
            "deadline": invitation.current_deadline,
            "timeline": timeline(invitation, status),
            "responses": responses(invitation),
            "forms": forms,
            "shown": shown,
            "preparation": preparation,
            "preparation_done": done,
            "points": POINTS,
            "proposal": proposal,
            "can_write_proposal": proposal is None and status in PROPOSAL_WRITABLE,
        },
    )


@login_required
@require_safe
def invitation_detail(request, pk):
    return detail_page(request, owned(request, Invitation.objects.select_related("client"), pk=pk))


def act(request, pk, name, form_class, do, success):
    invitation = owned(request, Invitation.objects.select_related("client"), pk=pk)
    form = form_class(request.POST, user=request.user, invitation=invitation)
    if form.is_valid():
        try:
            do(invitation, form.cleaned_data)
        except ValidationError as error:
            show_model_error(form, error)
            # Changed meanwhile (another tab, another device): show the invitation as it is
            # now, and say at the top what happened to it, instead of the stale form.
            invitation = owned(request, Invitation.objects.select_related("client"), pk=pk)
            status = invitation.status_at(timezone.now())
            if name not in available_actions(invitation, status):
                refusal = " ".join(str(m) for errors in form.errors.values() for m in errors)
                messages.error(request, f"{where_it_stands(invitation, request.user)} {refusal}")
                return detail_page(request, invitation, forms={name: form}, refused_shown=False)
        else:
            messages.success(request, success(invitation))
            return redirect(invitation)
    return detail_page(request, invitation, forms={name: form})


def where_it_stands(invitation, user):
    """The invitation's latest event in a sentence: why an action from an old page is refused."""
    inv = invitation
    if inv.declined_at:
        return f"This invitation was already declined on {format_deadline(inv.declined_at, user)}."
    if inv.archived_at:
        return f"This invitation was already archived on {format_deadline(inv.archived_at, user)}."
    if inv.completed_at:
        return f"This interview was already completed on {format_deadline(inv.completed_at, user)}."
    if inv.started_at:
        return f"This interview was already started on {format_deadline(inv.started_at, user)}."
    return f"This invitation is {Status(inv.status_at(timezone.now())).label.lower()} now."


@login_required
@require_POST
def invitation_start(request, pk):
    return act(
        request,
        pk,
        "start",
        StartForm,
        lambda inv, data: inv.start(data["started_at"]),
        started_message(request.user),
    )


def started_message(user):
    def message(invitation):
        deadline = format_deadline(invitation.completion_deadline, user)
        if invitation.completion_deadline <= timezone.now():
            # Recorded late: the completion window it opened has closed too.
            return f"Start recorded. Its completion window closed on {deadline}."
        return f"Interview started. Complete and submit it by {deadline}."

    return message


@login_required
@require_POST
def invitation_complete(request, pk):
    return act(
        request,
        pk,
        "complete",
        CompleteForm,
        lambda inv, data: inv.complete(data["completed_at"]),
        completed_message,
    )


def completed_message(invitation):
    if invitation.proposals.filter(owner=invitation.owner_id).exists():
        return "Interview completed."
    return "Interview completed. Next: write the proposal."


@login_required
@require_POST
def invitation_decline(request, pk):
    return act(
        request,
        pk,
        "decline",
        DeclineForm,
        lambda inv, data: inv.decline(data["decline_reason"]),
        lambda inv: "Invitation declined; its reminders stop.",
    )


@login_required
@require_POST
def invitation_archive(request, pk):
    return act(
        request,
        pk,
        "archive",
        ArchiveForm,
        lambda inv, data: inv.archive(),
        lambda inv: "Invitation archived; its reminders stop.",
    )


@login_required
@require_POST
def preparation_update(request, pk):
    invitation = owned(request, Invitation.objects.select_related("client"), pk=pk)
    # The formset's queryset is this invitation's four items: an item id from any other
    # invitation is not a valid choice, so it cannot be changed from here.
    formset = PreparationFormSet(request.POST, queryset=invitation.preparation.all(), prefix="prep")
    if formset.is_valid():
        formset.save()
        done = invitation.preparation.filter(done=True).count()
        messages.success(request, f"Preparation saved: {done} of {POINTS} done.")
        return redirect(f"{invitation.get_absolute_url()}#preparation")
    return detail_page(request, invitation, preparation=formset)


# Clients ---------------------------------------------------------------------------------


@login_required
def client_list(request):
    query = cleaned(request.GET.get("q", ""))
    clients = search(owned_queryset(request, Client), query, CLIENT_SEARCH)
    # Page the clients first (an index on the owner and the lower-cased name serves the order),
    # then count only the shown clients' invitations: counting every invitation the user ever
    # had before paginating made the page grow with the square of their history.
    page = paginate(request, clients.order_by(Lower("name"), "pk"))
    shown = list(page["page_obj"].object_list)
    page["page_obj"].object_list = shown
    counts = _invitation_counts(request.user, shown)
    for client in with_links(shown, url=("client_detail", "pk")):
        client.invitation_count, client.open_count = counts.get(client.pk, (0, 0))
    return render(
        request,
        "interviews/client_list.html",
        {
            "nav": "clients",
            **page,
            "query": query,
        },
    )


def _invitation_counts(user, clients):
    """{client id: (invitations, open ones)} of `user`'s invitations to `clients`.

    Two small grouped queries rather than one with a filtered count: the total over the shown
    clients alone reads an index of the invitations by client and owner, and the open ones are
    read through the indexes of open windows, which hold no history at all.
    """
    if not clients:
        return {}
    mine = Invitation.objects.filter(owner=user).order_by()
    totals = (
        mine.filter(client_id__in=[c.pk for c in clients])
        .values_list("client_id")
        .annotate(rows=Count("pk"))
    )
    # Every client with an open invitation (an unfinished one whose window is still running):
    # no more rows than open invitations, read through the index of unfinished invitations by
    # window end. Asking for the shown clients only would steer the database away from it.
    running = mine.unfinished().filter(window_deadline__gt=timezone.now())
    opened = dict(running.values_list("client_id").annotate(rows=Count("pk")))
    return {client_id: (rows, opened.get(client_id, 0)) for client_id, rows in totals}


@login_required
@require_safe
def client_detail(request, pk):
    client = owned(request, Client, pk=pk)
    # Scoped to the user as well as the client: a row linked to another user's client
    # before the models refused such links must not show here.
    return render(
        request,
        "interviews/client_detail.html",
        {
            "nav": "clients",
            "client": client,
            "invitations": owned_queryset(request, client.invitations)
            .with_next_deadline()
            .with_preparation()
            .by_next_deadline(),
            "proposals": owned_queryset(request, client.proposals),
            "offers": owned_queryset(request, client.offers),
            "points": POINTS,
        },
    )


def client_form_page(request, client):
    creating = client.pk is None
    # The form writes the posted values onto its instance; the page names the saved client.
    saved_name = client.name
    if request.method == "POST":
        form = ClientForm(request.POST, instance=client)
        if form.is_valid():
            client = form.save()
            messages.success(request, f"Client {client.name} {'added' if creating else 'updated'}.")
            return redirect(client)
    else:
        form = ClientForm(instance=client)
    return render(
        request,
        "interviews/client_form.html",
        {
            "nav": "clients",
            "form": form,
            "client": None if creating else client,
            "saved_name": saved_name,
        },
    )


@login_required
@saves_once
def client_new(request):
    return client_form_page(request, Client(owner=request.user))


@login_required
def client_edit(request, pk):
    return client_form_page(request, owned(request, Client, pk=pk))


@login_required
@require_POST
def client_delete(request, pk):
    client = owned(request, Client, pk=pk)
    try:
        client.delete()
    except RestrictedError as error:
        # Only the user's own records are named. No page deletes an invitation, a proposal
        # or an offer, so the user is not told to delete them first.
        mine = [record for record in error.restricted_objects if record.owner_id == client.owner_id]
        if mine:
            problem = f"{client.name} has {records_in_words(mine)} recorded for it, so it is kept."
        else:
            problem = (
                f"{client.name} is still linked to records of another account, so it cannot be "
                "deleted; an administrator can unlink them."
            )
        messages.error(request, f"{problem} Nothing was deleted.")
        return redirect(client)
    messages.success(request, f"Client {client.name} deleted.")
    return redirect("client_list")


def records_in_words(records):
    """`1 invitation and 2 proposals`: the records that keep a client from being deleted."""
    counts = Counter(type(record) for record in records)
    words = [
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in sorted(counts.items(), key=lambda item: item[0]._meta.label)
    ]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"
