"""A form posted twice (a double click, back and resubmit) saves one record.

A create page's form carries a one-time token (`{% once_field %}` from
accounts/templatetags/once.py), which is also kept in the session. The first successful POST
with it — the view's redirect to what it created — uses the token up and remembers where it
led; a later POST with the same token is sent there too, with a message, and saves nothing.

Checking the token, saving and using the token up happen in one transaction that first locks
the user's row (on SQLite, the IMMEDIATE transaction's write lock), so two posts arriving at
once queue: the second sees the token used and saves nothing. A POST without a token is
handled as before, unguarded.

Back after a save reloads the form with a new token while the browser puts the typed values
back; static/js/app.js then sends the form, if unchanged, with the token it was first sent
with, so that re-post is recognised here too.
"""

import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import redirect

FIELD = "once"
SESSION_KEY = "once_tokens"
# Tokens kept per session (oldest dropped first): more than anyone has forms open at once.
KEEP = 50
ALREADY_SAVED = "This form was already sent and saved once; here is what it saved."


def _kept(tokens):
    return dict(list(tokens.items())[-KEEP:])


def issue(request):
    """A token for a form about to be shown; a form re-shown after an error keeps its own."""
    tokens = dict(request.session.get(SESSION_KEY, {}))
    posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
    # Only a token this session issued and has not used up is kept for the form re-shown.
    token = posted if tokens.get(posted) == "" else secrets.token_urlsafe(16)
    tokens[token] = ""
    request.session[SESSION_KEY] = _kept(tokens)
    return token


def _tokens_as_stored(request):
    """This session's tokens as saved now, not as loaded when the request began."""
    session = request.session
    if session.session_key is None:
        return dict(session.get(SESSION_KEY, {}))
    stored = type(session)(session.session_key).load()
    return {**session.get(SESSION_KEY, {}), **stored.get(SESSION_KEY, {})}


def saves_once(view):
    """Guard a create view whose success is a redirect to what it created."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            # One create at a time per user, so the token is checked against the last save.
            get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
            tokens = _tokens_as_stored(request)
            request.session[SESSION_KEY] = tokens
            if tokens.get(token):
                messages.info(request, ALREADY_SAVED)
                return redirect(tokens[token])
            response = view(request, *args, **kwargs)
            if response.status_code == 302:
                tokens = dict(request.session.get(SESSION_KEY, {}))
                tokens[token] = response["Location"]
                request.session[SESSION_KEY] = _kept(tokens)
                # Saved inside the transaction: a post waiting on the lock must see it.
                request.session.save()
        return response

    return guarded
