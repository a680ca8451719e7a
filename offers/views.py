"""Pages for offers: request, record, receive, accept, decline, withdrawn."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from interviews.models import Client
from kit.display import with_links
from kit.forms import show_errors, show_model_error
from kit.lists import status_list
from kit.once import saves_once
from kit.ownership import owned, owned_from_query, owned_queryset
from kit.prefill import (
    PASTED_OFFER,
    focus_first_filled,
    forget_pasted,
    pasted_initial,
    received_offer_key,
)
from proposals.models import Proposal

from .forms import AcceptForm, DeclineForm, MilestoneFormSet, OfferForm, OfferTermsForm
from .models import ACKNOWLEDGMENT_SUGGESTIONS, Offer, Status, milestone_gap

# What the search box looks in: every word typed must appear in one of these.
OFFER_SEARCH = [
    "job_title",
    "client__name",
    "client__company",
    "terms",
    "acknowledgment",
    "proposal__cover_letter",
]


@login_required
def offer_list(request):
    offers = owned_queryset(request, Offer).select_related("client", "proposal")
    context = {
        "nav": "offers",
        **status_list(
            request,
            offers,
            Status,
            "accepted_at",
            lambda rows, chosen: rows.status(*chosen),
            search_fields=OFFER_SEARCH,
        ),
    }
    page = context["page_obj"]
    page.object_list = with_links(
        page.object_list, detail_url=("offer_detail", "pk"), accept_url=("offer_accept", "pk")
    )
    return render(request, "offers/offer_list.html", context)


def _save_milestones(offer, milestones):
    milestones.instance = offer
    for position, milestone in enumerate(milestones.save(commit=False)):
        milestone.position = position
        milestone.save()


@login_required
@saves_once
def offer_new(request):
    proposal = owned_from_query(request, Proposal.objects.select_related("client"), "proposal")
    offer = Offer(owner=request.user)
    initial, milestone_rows, pasted_notes = {}, [], {}
    if request.method == "GET" and request.GET.get("pasted"):
        initial, milestone_rows, pasted_notes = initial_from_paste(request)
    elif request.method == "GET":
        forget_pasted(request, PASTED_OFFER)  # the blank form discards a paste
    pasted = dict(initial)
    milestones = MilestoneFormSet(
        request.POST or None, instance=offer, prefix="milestones", initial=milestone_rows
    )
    # A pasted offer may list more milestones than the form has empty rows; each gets one.
    milestones.extra = max(milestones.extra, len(milestone_rows))
    if proposal is not None:
        initial["proposal"] = proposal.pk
        initial["currency"] = proposal.currency
        initial["contract_type"] = proposal.bid_type
    form = OfferForm(
        request.POST or None,
        initial=initial,
        instance=offer,
        owner=request.user,
        milestones=milestones,
        pasted=bool(milestone_rows or initial or pasted_notes),
    )
    focus_first_filled(form, pasted)
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        with transaction.atomic():
            offer = form.save()
            _save_milestones(offer, milestones)
        forget_pasted(request, PASTED_OFFER)
        messages.success(request, "Offer recorded.")
        return redirect(offer)
    awaiting = (
        Offer.objects.filter(proposal=proposal).status(Status.REQUESTED).first()
        if proposal is not None
        else None
    )
    context = {
        "nav": "offers",
        "form": form,
        "milestones": milestones,
        "awaiting": awaiting,
        "pasted_notes": pasted_notes,
    }
    return render(request, "offers/offer_new.html", context)


TERM_FIELDS = (
    "job_title",
    "contract_type",
    "amount",
    "currency",
    "weekly_limit",
    "start_date",
    "expires_at",
    "received_at",
    "terms",
    "source_text",
)


def initial_from_paste(request):
    """Form values from a pasted offer notification: fields, milestone rows, and notes."""
    pasted, notes = pasted_initial(request, PASTED_OFFER)
    initial = {key: pasted[key] for key in TERM_FIELDS if pasted.get(key) not in (None, "")}
    name = (pasted.get("client_name") or "").strip()
    if name:
        client = owned_queryset(request, Client).filter(name__iexact=name).first()
        if client:
            initial["client"] = client.pk
        else:
            notes["client"] = (
                f"“{name}” is not one of your clients yet; pick one, or add the client first."
            )
    title = initial.get("job_title")
    if title:
        answered = owned_queryset(request, Proposal).filter(job_title__iexact=title).order_by("-pk")
        if match := answered.first():
            initial["proposal"] = match.pk
    rows = [
        {key: row.get(key) for key in ("title", "amount", "due_date") if row.get(key)}
        for row in pasted.get("milestones") or []
    ]
    return initial, rows, notes


@login_required
def offer_receive(request, pk):
    offer = owned(request, Offer.objects.select_related("client", "proposal"), pk=pk)
    if offer.status != Status.REQUESTED:
        messages.info(
            request,
            f"Only a requested offer can be received; this one is "
            f"{offer.get_status_display().lower()}.",
        )
        return redirect(offer)
    initial, milestone_rows, pasted_notes = {}, [], {}
    if request.method == "GET" and request.GET.get("pasted"):
        initial, milestone_rows, pasted_notes = received_from_paste(request, offer)
    milestones = MilestoneFormSet(
        request.POST or None, instance=offer, prefix="milestones", initial=milestone_rows
    )
    milestones.extra = max(milestones.extra, len(milestone_rows))
    form = OfferTermsForm(
        request.POST or None,
        initial=initial,
        instance=offer,
        owner=request.user,
        milestones=milestones,
        pasted=bool(initial or milestone_rows or pasted_notes),
    )
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                offer.receive(data["received_at"], data["expires_at"], **form.terms())
                _save_milestones(offer, milestones)
        except ValidationError as error:
            show_model_error(form, error)
        else:
            messages.success(request, "Offer received: its terms and expiry are recorded.")
            return redirect(offer)
    context = {
        "nav": "offers",
        "form": form,
        "milestones": milestones,
        "offer": offer,
        "pasted_notes": pasted_notes,
    }
    return render(request, "offers/offer_receive.html", context)


def received_from_paste(request, offer):
    """Values pasted on this requested offer's page: its terms and expiry. The offer keeps
    its own client and title; a paste that names another job is pointed out."""
    pasted, notes = pasted_initial(request, received_offer_key(offer.pk))
    initial = {
        name: pasted[name]
        for name in TERM_FIELDS
        if name != "job_title" and pasted.get(name) not in (None, "")
    }
    for name in ("client_name", "job_title"):
        notes.pop(name, None)
    title = (pasted.get("job_title") or "").strip()
    if title and title.casefold() != offer.job_title.casefold():
        notes["job_title"] = (
            f"The pasted offer is for “{title}”; this one is for “{offer.job_title}”. "
            "Check that it is the right offer before saving."
        )
    rows = [
        {key: row.get(key) for key in ("title", "amount", "due_date") if row.get(key)}
        for row in pasted.get("milestones") or []
    ]
    return initial, rows, notes


def _offer_for_page(request, pk):
    return owned(
        request,
        Offer.objects.select_related("client", "proposal__invitation"),
        pk=pk,
    )


@login_required
@require_safe
def offer_detail(request, pk):
    offer = _offer_for_page(request, pk)
    milestones = list(offer.milestones.all())
    context = {
        "nav": "offers",
        "offer": offer,
        **_own_links(request, offer),
        "milestones": milestones,
        "milestone_total": sum(m.amount for m in milestones),
        "milestone_gap": milestone_gap(offer.amount, sum(m.amount for m in milestones)),
        "decline_form": DeclineForm(),
    }
    return render(request, "offers/offer_detail.html", context)


def _own_links(request, offer):
    """The offer's client, proposal and invitation, each only if it is the user's own: a
    link across owners may predate the model's checks, and must not name another's rows."""

    def own(row):
        return row if row is not None and row.owner_id == request.user.pk else None

    proposal = own(offer.proposal)
    invitation = own(proposal.invitation) if proposal is not None else None
    return {"client": own(offer.client), "proposal": proposal, "invitation": invitation}


@login_required
def offer_accept(request, pk):
    offer = _offer_for_page(request, pk)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer.accept(form.cleaned_data["acknowledgment"], form.cleaned_data["terms_reviewed"])
        except ValidationError as error:
            show_model_error(form, error)
        else:
            messages.success(request, "Offer accepted. This is your contract now.")
            return redirect(offer)
    milestones = list(offer.milestones.all())
    context = {
        "nav": "offers",
        "offer": offer,
        "form": form,
        "milestones": milestones,
        "milestone_total": sum(m.amount for m in milestones),
        "milestone_gap": milestone_gap(offer.amount, sum(m.amount for m in milestones)),
        "suggestions": ACKNOWLEDGMENT_SUGGESTIONS,
    }
    return render(request, "offers/offer_accept.html", context)


@login_required
@require_POST
def offer_decline(request, pk):
    offer = owned(request, Offer, pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        # A reason that cannot be kept is not dropped: nothing is declined.
        for error in form.errors.get("reason", []):
            messages.error(request, f"The offer was not declined: {error}")
        return redirect(offer)
    try:
        offer.decline(form.cleaned_data["reason"])
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, "Offer declined.")
    return redirect(offer)


@login_required
@require_POST
def offer_withdraw(request, pk):
    offer = owned(request, Offer, pk=pk)
    try:
        offer.withdraw()
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, "Offer marked as withdrawn by the client.")
    return redirect(offer)


@login_required
@require_POST
def offer_request(request, proposal_pk):
    proposal = owned(request, Proposal, pk=proposal_pk)
    try:
        offer = Offer.request_for(proposal)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(proposal)
    messages.success(request, "Offer requested. Record its arrival here when the client sends it.")
    return redirect(offer)
