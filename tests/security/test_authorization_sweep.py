"""Every page in the URLconf, asked for by a stranger, an anonymous visitor and the wrong method.

The routes come from walking the URLconf, not from a list someone keeps: a route that takes
an object id must be in OBJECT_ROUTES (which says what object to build and which methods the
view takes), and an argument-less page must send an anonymous visitor to log in unless it is
in PUBLIC_PAGES. A view added later without an entry here fails
`test_every_route_with_an_argument_is_in_the_table` until someone says how to check it.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from capture.models import InboundMessage, Outcome
from offers.models import Offer
from pipeline.models import ImportJob
from proposals.models import Proposal, ProposalTemplate
from reminders.models import Channel, Notification
from tests.support.instants import NOW
from tests.support.snapshots import changes, snapshot

GET, POST, BOTH = "GET", "POST", "GET and POST"


@dataclass(frozen=True)
class Route:
    path: str
    name: str
    namespace: str
    arguments: tuple

    @property
    def full_name(self):
        return f"{self.namespace}:{self.name}" if self.namespace else self.name


def arguments_of(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    regex = pattern.regex
    return tuple(regex.groupindex) or tuple(f"group{i}" for i in range(regex.groups))


def walk(patterns, prefix="", namespace="", arguments=()):
    """Every route of the URLconf, includes followed, with all the arguments it takes."""
    for entry in patterns:
        here = arguments + arguments_of(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, (namespace, entry.namespace)))
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, here)
        else:
            yield Route(prefix + str(entry.pattern), entry.name or "", namespace, here)


ROUTES = list(walk(get_resolver().url_patterns))

# Django's admin checks staff status and permissions itself; it is handled below, in
# test_the_admin_sends_everyone_who_is_not_staff_to_its_own_log_in, not by this table.
ADMIN_NAMESPACE = "admin"
# Django's password-reset confirmation takes a user id and a token instead of an object id:
# a wrong token shows "This link does not work" (200, Django's own behaviour), not 404.
# Handled below, in the tests named test_a_password_reset_link_*.
# The calendar feed is reached by its secret token alone (calendar applications cannot log
# in): handled below, in test_the_calendar_feed_*.
# allauth's e-mail confirmation link is the same: a key, not an object id. The providers'
# mail-in webhooks are keyed by their secret, not a log-in: see
# tests/capture/test_mail_in_webhooks.py.
TOKEN_ROUTES = {
    "account_reset_password_from_key",
    "account_confirm_email",
    "calendar_feed",
    "mail_in_webhook",
    "reminder_unsubscribe",
}

# Route name -> (what object its argument names, the methods the view takes).
OBJECT_ROUTES = {
    "invitation_detail": ("invitation", GET),
    "invitation_edit": ("invitation", BOTH),
    "invitation_start": ("invitation", POST),
    "invitation_complete": ("started invitation", POST),
    "invitation_decline": ("invitation", POST),
    "invitation_archive": ("invitation", POST),
    "preparation_update": ("invitation", POST),
    "client_detail": ("client", GET),
    "client_edit": ("client", BOTH),
    "client_delete": ("client", POST),
    "proposal_detail": ("proposal", GET),
    "proposal_edit": ("proposal", BOTH),
    "proposal_submit": ("draft proposal", POST),
    "proposal_withdraw": ("proposal", POST),
    "template_edit": ("template", BOTH),
    "template_delete": ("template", POST),
    "offer_request": ("proposal", POST),
    "offer_detail": ("offer", GET),
    "offer_receive": ("requested offer", BOTH),
    "offer_receive_paste": ("requested offer", POST),
    "offer_accept": ("offer", BOTH),
    "offer_decline": ("offer", POST),
    "offer_withdraw": ("offer", POST),
    "notification_read": ("notification", POST),
    "proposal_check": ("proposal", POST),
    "calendar_invitation": ("invitation", GET),
    "calendar_offer": ("offer", GET),
    "import_progress": ("import job", GET),
    "mfa_edit_webauthn": ("passkey", BOTH),
    "mfa_remove_webauthn": ("passkey", BOTH),
    "channel_toggle": ("channel", POST),
    "channel_delete": ("channel", POST),
    "channel_test": ("channel", POST),
    "inbox_message": ("inbound message", GET),
    "inbox_record": ("inbound message", POST),
    "inbox_dismiss": ("inbound message", POST),
}

# Pages without an argument that an anonymous visitor may see; every other one sends them
# to log in.
PUBLIC_PAGES = {
    # allauth's pages for people not signed in yet (log-in, sign-up, reset, the second step
    # of a log-in, a passkey log-in, "confirmation sent"), public by design.
    "account_login",
    "account_logout",  # logging out when not logged in is harmless
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "healthz",
    # The installable app: the same for everyone, and nothing of anyone's in them.
    "manifest",
    "service_worker",
    "offline",
}
# Steps of a log-in under way (the second factor, a passkey, a code) and log-out: with none
# under way they send the visitor back to the log-in page, with nothing to come back to.
BACK_TO_LOG_IN = {
    "account_logout",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_login_webauthn",
}

WHY_NO_405 = (
    "{name} shows its form on GET and saves it on POST, so neither is a wrong method; any "
    "other method only shows the form again. No 405 to check."
)

# What a stranger posts: enough to change the object if the view let them.
HOSTILE_POST = {
    "job_title": "Taken over",
    "name": "Taken over",
    "body": "Taken over",
    "notified_at": "2026-11-25T06:00",
    "new_client_name": "Taken over",
    "decline_reason": "Taken over",
    "reason": "Taken over",
    "acknowledgment": "Thank you",
    "terms_reviewed": "on",
    "received_at": "2026-11-25T06:00",
    "amount": "1",
    "contract_type": "hourly",
    "currency": "USD",
    "bid_type": "hourly",
    "cover_letter": "Taken over",
}


def object_routes():
    return [
        r
        for r in ROUTES
        if r.arguments and r.namespace != ADMIN_NAMESPACE and r.name not in TOKEN_ROUTES
    ]


def page_routes():
    return [r for r in ROUTES if not r.arguments and r.namespace != ADMIN_NAMESPACE]


def route_ids(routes):
    return [r.full_name or r.path for r in routes]


@pytest.fixture
def build(owner, client_record, make_invitation, make_proposal, make_offer):
    """Make an object of a kind for the owner, in the state its pages expect."""

    def make(kind):
        if kind == "invitation":
            return make_invitation()
        if kind == "started invitation":
            invitation = make_invitation()
            invitation.start(NOW - timedelta(minutes=30))
            return invitation
        if kind == "client":
            return client_record
        if kind == "draft proposal":
            return make_proposal()
        if kind == "proposal":
            return make_proposal(status=Proposal.Status.SUBMITTED, submitted_at=NOW)
        if kind == "template":
            return ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hi.")
        if kind == "offer":
            return make_offer()
        if kind == "requested offer":
            return Offer.objects.create(
                owner=owner, client=client_record, job_title="Build", requested_at=NOW
            )
        if kind == "passkey":
            return Authenticator.objects.create(
                user=owner, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"}
            )
        if kind == "notification":
            return Notification.objects.create(owner=owner, title="Start", created_at=NOW)
        if kind == "import job":
            return ImportJob.objects.create(
                owner=owner, file_name="a.csv", digest="d", state=ImportJob.State.QUEUED
            )
        if kind == "channel":
            # Loopback is refused without the operator's leave: a test sends nothing.
            channel = Channel(owner=owner, name="Phone")
            channel.set_url("json://127.0.0.1:9/hook")
            channel.save()
            return channel
        if kind == "inbound message":
            return InboundMessage.objects.create(
                owner=owner,
                received_at=NOW,
                message_id="<kept@example>",
                source=b"Subject: Hello\r\n\r\nHi",
                outcome=Outcome.UNPLACED,
            )
        raise AssertionError(f"No builder for {kind!r}: add one to the `build` fixture.")

    return make


def entry(route):
    if route.name not in OBJECT_ROUTES:
        pytest.fail(f"{route.path} ({route.name}) is not in OBJECT_ROUTES; add it there.")
    return OBJECT_ROUTES[route.name]


def url_for(route, obj):
    (argument,) = route.arguments
    return reverse(route.full_name, kwargs={argument: obj.pk})


def csrf_client(user):
    """A browser that must send the CSRF token, signed in as `user`, holding a valid token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get(reverse("dashboard")).status_code == 200
    browser.token = browser.cookies["csrftoken"].value
    return browser


def post_with_token(browser, url, data=None):
    return browser.post(url, {**(data or {}), "csrfmiddlewaretoken": browser.token})


def assert_sent_to_log_in(response, url):
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert f"next={url}" in location.query.replace("%2F", "/")


# The table follows the URLconf ------------------------------------------------------------


def test_the_walk_finds_routes_inside_includes():
    names = {r.full_name for r in ROUTES}
    # From config/urls.py, from an include at "", and from includes with a prefix.
    assert {"dashboard", "settings", "invitation_detail", "offer_accept"} <= names
    assert {r.path for r in ROUTES if r.name == "offer_accept"} == {"offers/<int:pk>/accept/"}
    assert any(r.namespace == ADMIN_NAMESPACE for r in ROUTES)


def test_every_route_with_an_argument_is_in_the_table():
    found = {r.name for r in object_routes()}
    missing = found - set(OBJECT_ROUTES)
    assert not missing, (
        f"New routes take an object id or token: {sorted(missing)}. Add each to OBJECT_ROUTES "
        "(the object it names, the methods it takes) so strangers are checked on it."
    )
    stale = set(OBJECT_ROUTES) - found
    assert not stale, f"OBJECT_ROUTES names routes that are gone: {sorted(stale)}"
    for route in object_routes():
        assert route.name, f"{route.path} has no name; name it so this test can check it."
        assert len(route.arguments) == 1, f"{route.path}: extend url_for for more arguments."


def test_the_token_and_public_pages_named_here_exist():
    names = {r.name for r in ROUTES}
    assert names >= TOKEN_ROUTES
    assert names >= PUBLIC_PAGES


# Routes with an object id ---------------------------------------------------------------


@pytest.mark.parametrize("route", object_routes(), ids=route_ids(object_routes()))
def test_the_owner_reaches_the_object(route, owner, build, now):
    kind, methods = entry(route)
    url = url_for(route, build(kind))
    browser = csrf_client(owner)
    if methods == POST:
        response = post_with_token(browser, url)
        # The view ran on the owner's object: it redirects or re-shows a form, never 404.
        assert response.status_code in (200, 302), response.status_code
    else:
        assert browser.get(url).status_code == 200


@pytest.mark.parametrize("route", object_routes(), ids=route_ids(object_routes()))
def test_a_stranger_gets_404_and_changes_nothing(route, stranger, build, now):
    kind, methods = entry(route)
    url = url_for(route, build(kind))
    browser = csrf_client(stranger)
    before = snapshot()
    if methods in (GET, BOTH):
        assert browser.get(url).status_code == 404
    if methods in (POST, BOTH):
        # With a valid CSRF token, so the 404 is the ownership check and not a 403.
        assert post_with_token(browser, url, HOSTILE_POST).status_code == 404
    assert not changes(before, snapshot())


@pytest.mark.parametrize("route", object_routes(), ids=route_ids(object_routes()))
def test_an_anonymous_visitor_is_sent_to_log_in_and_changes_nothing(route, build, client, now):
    kind, methods = entry(route)
    url = url_for(route, build(kind))
    before = snapshot()
    if methods in (GET, BOTH):
        assert_sent_to_log_in(client.get(url), url)
    if methods in (POST, BOTH):
        assert_sent_to_log_in(client.post(url, HOSTILE_POST), url)
    assert not changes(before, snapshot())


@pytest.mark.parametrize("route", object_routes(), ids=route_ids(object_routes()))
def test_the_wrong_method_gets_405_and_changes_nothing(route, owner, build, now):
    kind, methods = entry(route)
    if methods == BOTH:
        pytest.skip(WHY_NO_405.format(name=route.name))
    url = url_for(route, build(kind))
    browser = csrf_client(owner)
    before = snapshot()
    if methods == POST:
        # A link, a prefetch or a crawler must never change anything.
        assert browser.get(url).status_code == 405
        assert browser.head(url).status_code == 405
    else:
        assert post_with_token(browser, url, HOSTILE_POST).status_code == 405
    token = {"X-CSRFToken": browser.token}
    assert browser.put(url, headers=token).status_code == 405
    assert browser.delete(url, headers=token).status_code == 405
    assert not changes(before, snapshot())


# Pages without an argument --------------------------------------------------------------


@pytest.mark.parametrize("route", page_routes(), ids=route_ids(page_routes()))
def test_an_anonymous_visitor_is_sent_to_log_in_from_every_private_page(route, client, db):
    url = reverse(route.full_name)
    if route.name in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code in (200, 302, 405), response.status_code
        if response.status_code == 302:
            location = urlsplit(response["Location"])
            if route.name in BACK_TO_LOG_IN:
                assert (location.path, location.query) == (reverse("account_login"), "")
            else:
                assert location.path != reverse("account_login")
        return
    assert_sent_to_log_in(client.get(url), url)
    assert_sent_to_log_in(client.post(url), url)


# The password-reset link: a token, not an object id --------------------------------------


def reset_url(user, token=None):
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": token or default_token_generator.make_token(user),
        },
    )


def test_a_password_reset_link_works_for_its_own_user(client, owner):
    response = client.get(reset_url(owner), follow=True)
    assert response.status_code == 200
    assert b"Choose a new password" in response.content


@pytest.mark.parametrize("token", ["forged-token", "c8n1qz-0123456789abcdef0123456789abcdef"])
def test_a_password_reset_link_with_a_forged_token_does_not_work(client, owner, token):
    password = owner.password
    response = client.get(reset_url(owner, token), follow=True)
    assert b"This link does not work" in response.content
    assert b"password1" not in response.content
    client.post(
        reset_url(owner, token),
        {"password1": "N3w-pass-word", "password2": "N3w-pass-word"},
    )
    owner.refresh_from_db()
    assert owner.password == password


def test_a_password_reset_link_of_one_user_does_not_open_anothers(client, owner, stranger):
    password = owner.password
    strangers_token = default_token_generator.make_token(stranger)
    response = client.get(reset_url(owner, strangers_token), follow=True)
    assert b"This link does not work" in response.content
    owner.refresh_from_db()
    assert owner.password == password


# The admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_object_urls(build):
    invitation = build("invitation")
    return [
        reverse("admin:interviews_invitation_change", args=[invitation.pk]),
        reverse("admin:interviews_client_change", args=[invitation.client_id]),
        reverse("admin:proposals_proposal_change", args=[build("proposal").pk]),
        reverse("admin:offers_offer_change", args=[build("offer").pk]),
    ]


def test_the_admin_sends_everyone_who_is_not_staff_to_its_own_log_in(
    client, owner, admin_object_urls, now
):
    for who in ("anonymous", "owner"):
        if who == "owner":
            client.force_login(owner)  # the owner of the objects, but not staff
        for url in admin_object_urls:
            response = client.get(url)
            assert response.status_code == 302, (who, url)
            assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_the_admin_shows_the_objects_to_staff(admin_client, admin_object_urls, now):
    for url in admin_object_urls:
        assert admin_client.get(url).status_code == 200


def test_the_calendar_feed_answers_only_its_own_token(client, owner):
    feed = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    assert client.get(feed).status_code == 200  # anonymous: the token is the key
    guessed = reverse("calendar_feed", kwargs={"token": "x" * 43})
    assert client.get(guessed).status_code == 404
    assert client.post(feed).status_code == 405
    owner.rotate_calendar_token()
    assert client.get(feed).status_code == 404
