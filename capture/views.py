"""Paste to record: a page with one text box that reads a notification into a new form.

The values go into the session, never into the database; the new-record page takes them out
with `kit.prefill.pasted_initial` and shows them for the user to check and save.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kit.prefill import PASTED_INVITATION, PASTED_OFFER

from .invitation import extract_invitation
from .offer import extract_offer
from .text import MAX_PASTE_CHARS


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Notification text",
        required=False,  # the extractor says what is wrong, in the same words everywhere
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-limit": MAX_PASTE_CHARS}),
        help_text="The e-mail body (plain or HTML) or the text copied from the page. "
        "Nothing is saved until you check the form and save it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses NUL characters with its own message; the extractor's is clearer.
        self.fields["text"].validators = []


def paste_page(request, *, extract, session_key, next_url, template, context):
    """GET shows the box; POST reads the paste into the session and goes to the new form."""
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extraction = extract(form.cleaned_data["text"], request.user)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            request.session[session_key] = extraction.to_session()
            read = len(extraction.fields)
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
            return redirect(next_url)
    return render(request, template, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_paste(request):
    return paste_page(
        request,
        extract=extract_invitation,
        session_key=PASTED_INVITATION,
        next_url=reverse("invitation_new") + "?pasted=1",
        template="capture/invitation_paste.html",
        context={"nav": "invitations", "cancel_url": reverse("invitation_list")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_paste(request):
    return paste_page(
        request,
        extract=extract_offer,
        session_key=PASTED_OFFER,
        next_url=reverse("offer_new") + "?pasted=1",
        template="capture/offer_paste.html",
        context={"nav": "offers", "cancel_url": reverse("offer_list")},
    )
