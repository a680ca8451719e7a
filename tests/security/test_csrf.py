"""A post without the CSRF token is forbidden on every form and changes nothing."""

import pytest
from django.test import Client as Browser
from django.urls import reverse

from accounts.models import User
from reminders.models import Notification
from tests.support.bad_input import (
    CLIENT_NEW,
    INVITATION_NEW,
    OFFER_NEW,
    PROPOSAL_NEW,
    SETTINGS,
    SIGNUP,
    TEMPLATE_NEW,
    client_form,
    const,
    invitation_form,
    offer_form,
    proposal_form,
    settings_form,
    signup_form,
    start,
    template_form,
)
from tests.support.instants import NOW
from tests.support.snapshots import changes, snapshot

# A missing CSRF token: 403 on every form, nothing saved ---------------------------------

CSRF_FORMS = [
    ("invitation-new", INVITATION_NEW, invitation_form),
    ("client-new", CLIENT_NEW, client_form),
    ("proposal-new", PROPOSAL_NEW, proposal_form),
    ("template-new", TEMPLATE_NEW, template_form),
    ("offer-new", OFFER_NEW, offer_form),
    ("settings", SETTINGS, lambda w: {**settings_form(w), "timezone": "Europe/Paris"}),
    ("invitation-start", start, lambda w: {}),
    ("invitation-decline", lambda w: reverse("invitation_decline", args=[w.pending.pk]), None),
    ("offer-accept", lambda w: reverse("offer_accept", args=[w.offer.pk]), None),
    ("proposal-withdraw", lambda w: reverse("proposal_withdraw", args=[w.submitted.pk]), None),
    ("notifications-read-all", const("/notifications/read-all/"), None),
]


# Pages for the CSRF check whose URL takes POST only; the token comes from the dashboard.
NO_FORM_PAGE = {
    "invitation-start",
    "invitation-decline",
    "proposal-withdraw",
    "notifications-read-all",
}


@pytest.mark.parametrize("name,url,form", CSRF_FORMS, ids=[name for name, _, _ in CSRF_FORMS])
def test_a_post_without_the_csrf_token_is_forbidden_and_changes_nothing(
    name, url, form, world, owner
):
    Notification.objects.create(owner=owner, title="Unread", created_at=NOW)
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(owner)
    data = {
        **(form(world) if form else {}),
        "decline_reason": "Not for me",
        "terms_reviewed": "on",
        "acknowledgment": "Thank you",
    }
    before = snapshot()
    response = browser.post(url(world), data)
    assert response.status_code == 403
    assert not changes(before, snapshot())
    # The same post with the token goes through: the 403 was the missing token.
    browser.get(url(world) if name not in NO_FORM_PAGE else "/")
    token = browser.cookies["csrftoken"].value
    response = browser.post(url(world), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert changes(before, snapshot())


def test_a_signup_without_the_csrf_token_is_forbidden(db):
    browser = Browser(enforce_csrf_checks=True)
    response = browser.post(SIGNUP(None), signup_form(None))
    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()
