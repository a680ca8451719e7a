"""Paste to record: a page with one text box (or an `.eml` file) that reads a notification
into a new form, and the same box on a requested offer's "it arrived" page.

The values go into the session, never into the database; the record's page takes them out
with `kit.prefill.pasted_initial` and shows them for the user to check and save.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kit.lists import paginate
from kit.ownership import owned, owned_queryset
from kit.prefill import PASTED_INVITATION, PASTED_OFFER, Extraction, received_offer_key
from offers.models import Offer, Status

from .kinds import INVITATION, OFFER, UNKNOWN
from .mailin import forwarding_address
from .message import MAX_MESSAGE_BYTES
from .models import InboundMessage, Outcome
from .reading import read_notification
from .text import MAX_PASTE_CHARS

KIND_WORDS = {
    "invitation": "an invitation to interview",
    "offer": "an offer",
    "invitation_withdrawn": "a withdrawn invitation",
    "job_closed": "a closed job",
    "offer_withdrawn": "a withdrawn offer",
    "offer_expired": "an expired offer",
    "contract_started": "a contract that started",
}
FILE_TOO_LARGE = "That file is too large to be a notification (at most %(limit)s MB)."
FILE_NOT_EML = (
    "Choose an e-mail saved as an “.eml” file (in your mail app: Save as, or Download "
    "message); other files are not read."
)


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Notification text",
        required=False,  # the reader says what is wrong, in the same words everywhere
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-limit": MAX_PASTE_CHARS}),
        help_text="The e-mail body (plain or HTML), its source, or the text copied from the "
        "page. Nothing is saved until you check the form and save it.",
    )
    message_file = forms.FileField(
        label="…or an e-mail file (.eml)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,message/rfc822"}),
        help_text="Drop the e-mail here, or choose it: saved from your mail app as “.eml”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses NUL characters with its own message; the reader's is clearer.
        self.fields["text"].validators = []

    def clean_message_file(self):
        upload = self.cleaned_data.get("message_file")
        if not upload:
            return None
        if upload.size > MAX_MESSAGE_BYTES:
            raise ValidationError(
                FILE_TOO_LARGE, params={"limit": MAX_MESSAGE_BYTES // (1024 * 1024)}
            )
        name = (upload.name or "").lower()
        if not (name.endswith(".eml") or upload.content_type == "message/rfc822"):
            raise ValidationError(FILE_NOT_EML)
        return upload.read(MAX_MESSAGE_BYTES + 1)

    def source(self):
        """`(field, source)`: the file's bytes when one was given, else the pasted text."""
        if self.cleaned_data.get("message_file"):
            return "message_file", self.cleaned_data["message_file"]
        return "text", self.cleaned_data.get("text")


def read_into_session(request, form, kind, session_key):
    """Read the form's paste or file as `kind` into the session; `None` with the form's
    error set when it is not a notification."""
    field, source = form.source()
    try:
        reading = read_notification(source, request.user, kind=kind)
    except ValidationError as error:
        form.add_error(field, error)
        return None
    extraction = reading.extraction()
    extraction.source_text = reading.source_text
    read = len(extraction.fields)
    request.session[session_key] = extraction.to_session()
    if reading.recognised not in (kind, UNKNOWN):
        messages.warning(
            request,
            f"This looks like {KIND_WORDS[reading.recognised]}, not {KIND_WORDS[kind]}: "
            "check that you pasted the right notification.",
        )
    if read:
        messages.info(
            request,
            f"Read {read} field{'s' if read != 1 else ''} from the notification. "
            "Check them, fill in the rest, then save.",
        )
    else:
        # "Read 0 fields ... check them" asked the user to check nothing.
        messages.warning(
            request,
            "Nothing could be read from the pasted text. Fill in the form yourself, "
            "or paste the whole notification, from its subject to its last line.",
        )
    return reading


def paste_page(request, *, kind, session_key, next_url, template, context):
    """GET shows the box; POST reads the paste into the session and goes to the new form."""
    form = PasteForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and read_into_session(request, form, kind, session_key) is not None
    ):
        return redirect(next_url)
    return render(request, template, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_paste(request):
    return paste_page(
        request,
        kind=INVITATION,
        session_key=PASTED_INVITATION,
        next_url=reverse("invitation_new") + "?pasted=1",
        template="capture/invitation_paste.html",
        context={"nav": "invitations", "cancel_url": reverse("invitation_list")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_paste(request):
    """Read a pasted offer into the new-offer form, or, when it is the offer the user asked
    for on a proposal (the same job title), into that requested offer's page instead."""
    form = PasteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        reading = read_into_session(request, form, OFFER, PASTED_OFFER)
        if reading is not None:
            requested = requested_offer_for(request, reading.fields.get("job_title"))
            if requested is None:
                return redirect(reverse("offer_new") + "?pasted=1")
            request.session[received_offer_key(requested.pk)] = request.session.pop(PASTED_OFFER)
            messages.info(
                request,
                f"This is the offer you requested for “{requested.job_title}”: record its "
                "arrival here.",
            )
            return redirect(reverse("offer_receive", args=[requested.pk]) + "?pasted=1")
    context = {"form": form, "nav": "offers", "cancel_url": reverse("offer_list")}
    return render(request, "capture/offer_paste.html", context)


def requested_offer_for(request, job_title):
    """The user's one requested offer for this job title, or None (none, or several)."""
    if not job_title:
        return None
    found = list(
        Offer.objects.filter(owner=request.user, job_title__iexact=job_title.strip())
        .status(Status.REQUESTED)
        .order_by("-pk")[:2]
    )
    return found[0] if len(found) == 1 else None


@login_required
@require_POST
def offer_receive_paste(request, pk):
    """The paste box of a requested offer's "it arrived" page: what it reads fills that
    offer's form, never a new offer."""
    offer = owned(request, Offer, pk=pk)
    receive_url = reverse("offer_receive", args=[offer.pk])
    if offer.status != Status.REQUESTED:
        return redirect(receive_url)  # the page itself says why it cannot be received
    form = PasteForm(request.POST, request.FILES)
    if form.is_valid() and read_into_session(request, form, OFFER, received_offer_key(offer.pk)):
        return redirect(receive_url + "?pasted=1")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"Nothing was read: {error}")
    return redirect(receive_url)


# The Inbox -----------------------------------------------------------------------------
# Every message received by mail, what was read and what was done; the forwarding address.

RECORD_AS = {
    "invitation": (PASTED_INVITATION, "invitation_new"),
    "offer": (PASTED_OFFER, "offer_new"),
}


@login_required
@require_safe
def inbox(request):
    rows = owned_queryset(request, InboundMessage).select_related("invitation", "offer")
    if request.GET.get("show") == "open":
        rows = rows.needing_action()
    context = {
        "nav": "inbox",
        "address": forwarding_address(request.user),
        **paginate(request, rows),
    }
    context["rows"] = context["page_obj"].object_list
    return render(request, "capture/inbox.html", context)


@login_required
@require_safe
def inbox_message(request, pk):
    row = owned(request, InboundMessage, pk=pk)
    fields = [(name.replace("_", " "), value) for name, value in row.fields_read.items()]
    return render(
        request,
        "capture/inbox_message.html",
        {"nav": "inbox", "row": row, "fields": fields, "text": _shown_text(row)},
    )


def _shown_text(row):
    """The message as text only: HTML is reduced, never rendered."""
    try:
        return read_notification(bytes(row.source), row.owner).source_text
    except ValidationError:
        return row.source_text()[:MAX_PASTE_CHARS]


@login_required
@require_POST
def inbox_record(request, pk):
    """One click: the message's fields pre-fill the new invitation or offer form."""
    row = owned(request, InboundMessage, pk=pk)
    kind = request.POST.get("as")
    if kind not in RECORD_AS:
        messages.error(request, "Choose whether to record it as an invitation or an offer.")
        return redirect(row)
    session_key, url_name = RECORD_AS[kind]
    try:
        reading = read_notification(bytes(row.source), request.user, kind=kind)
        extraction = reading.extraction()
        extraction.source_text = reading.source_text
    except ValidationError:
        extraction = Extraction(source_text=row.source_text()[:MAX_PASTE_CHARS])
    request.session[session_key] = extraction.to_session()
    messages.info(request, "Filled in from the message in your Inbox. Check it, then save.")
    return redirect(reverse(url_name) + "?pasted=1")


@login_required
@require_POST
def inbox_dismiss(request, pk):
    row = owned(request, InboundMessage, pk=pk)
    InboundMessage.objects.filter(pk=row.pk).update(outcome=Outcome.DISMISSED)
    messages.success(request, "Dismissed. The message stays in your Inbox.")
    return redirect("inbox")


@login_required
@require_POST
def mail_in_rotate(request):
    request.user.rotate_mail_token()
    messages.success(
        request,
        "Your forwarding address is new. Mail to the old one is refused from now on: change "
        "the forwarding rule in your mail app.",
    )
    return redirect("settings")
