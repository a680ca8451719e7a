"""Paste to record, for offers: the same page as for invitations, reading an offer."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from interviews.paste_views import paste_page

from .pasted import SESSION_KEY, extract_offer

NEW_OFFER_URL = "/offers/new/?pasted=1"


@login_required
@require_http_methods(["GET", "POST"])
def offer_paste(request):
    return paste_page(
        request,
        extract=extract_offer,
        session_key=SESSION_KEY,
        next_url=NEW_OFFER_URL,
        template="offers/offer_paste.html",
        context={"nav": "offers", "cancel_url": "/offers/"},
    )
