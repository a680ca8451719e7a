"""Browsers an account has logged in from: a signed cookie naming the accounts, no row.

The cookie is signed with SECRET_KEY, so only a log-in (with the password, a reset link or
a passkey) can put an account in it. accounts.adapter counts the password guesses from such
a browser apart from everyone else's.
"""

import secrets

from django.conf import settings
from django.core import signing

COOKIE = "tracker_device"
SALT = "accounts.devices"
MAX_AGE = 180 * 24 * 3600
MOST_ACCOUNTS = 5


def read(request):
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("logins"), list):
        return None
    return value


def knows(request, login):
    """Has this browser logged in to the account named `login` before?"""
    value = read(request)
    return bool(login) and value is not None and login in value["logins"]


def device_id(request):
    value = read(request)
    return value["id"] if value else ""


def remember(request, response, user):
    """Add `user` to the browser's cookie, on the response that completes their log-in."""
    value = read(request) or {"id": secrets.token_urlsafe(16), "logins": []}
    login = user.get_username().lower()
    logins = [name for name in value["logins"] if name != login] + [login]
    value["logins"] = logins[-MOST_ACCOUNTS:]
    response.set_cookie(
        COOKIE,
        signing.dumps(value, salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
