"""One-click unsubscribe (RFC 8058) from a kind of reminder e-mail.

Each reminder e-mail carries a signed link naming its user and the kinds of reminder it
holds; a POST to it stops e-mails of those kinds, without signing in: the signature is the
key. The app and the user's channels still show those reminders.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

SALT = "reminders.unsubscribe"

# Which group (the user model's REMINDER_GROUPS) each registered kind of reminder is in.
GROUP_OF_KIND = {
    "start_window": "start",
    "completion_window": "completion",
    "offer_expiry": "offer",
    "proposal_followup": "followup",
    "offer_request_followup": "followup",
}


def reminder_groups():
    return get_user_model().REMINDER_GROUPS


def groups_of(kinds):
    """The groups of `kinds`, in REMINDER_GROUPS' order."""
    found = {GROUP_OF_KIND[kind] for kind in kinds if kind in GROUP_OF_KIND}
    return [group for group in reminder_groups() if group in found]


def token(user, groups):
    return signing.dumps({"user": user.pk, "groups": list(groups)}, salt=SALT)


def link(user, kinds):
    return settings.SITE_URL + reverse("reminder_unsubscribe", args=[token(user, groups_of(kinds))])


class BadLink(Exception):
    """The link was not signed here, was altered, or names nothing to turn off."""


def read(value):
    """(user, groups) the link `value` names; BadLink when it is not one of ours, and
    User.DoesNotExist when its user is gone."""
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature as error:
        raise BadLink("This unsubscribe link is not valid: it was altered or cut short.") from error
    groups = data.get("groups") if isinstance(data, dict) else None
    known = reminder_groups()
    if not isinstance(groups, list) or not groups or any(g not in known for g in groups):
        raise BadLink("This unsubscribe link names no kind of reminder.")
    return get_user_model().objects.get(pk=data.get("user")), groups


def mute(user, groups):
    """Stop e-mails of `groups` for `user`; the ones already off stay off."""
    muted = list(user.email_muted_kinds or [])
    user.email_muted_kinds = [g for g in reminder_groups() if g in muted or g in groups]
    user.save(update_fields=["email_muted_kinds"])


def email_muted(user, kind):
    return GROUP_OF_KIND.get(kind) in (user.email_muted_kinds or [])


def labels(groups):
    return [reminder_groups()[group] for group in groups]
