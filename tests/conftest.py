"""The cast every test shares: an owner, a stranger, and small builders for the domain."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY as AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client as TestClient

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate
from tests.support.bad_input import World
from tests.support.channels import CHANNEL_KEY
from tests.support.instants import NOW


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def confirmed(user):
    """`user` with their address confirmed, as after opening the link mailed at sign-up."""
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.fixture
def owner(db):
    return confirmed(
        User.objects.create_user(
            "alice",
            "alice@example.com",
            "alice-password-1",
            timezone="America/New_York",
            first_name="Alice",
            last_name="Smith",
        )
    )


@pytest.fixture
def stranger(db):
    return confirmed(
        User.objects.create_user(
            "mallory", "mallory@example.com", "mallory-password-1", timezone="Europe/Berlin"
        )
    )


@pytest.fixture(autouse=True)
def _admin_without_second_factor(settings):
    # The many admin tests sign staff in with force_login and no authenticator; the rule that
    # staff need a second factor is tested on its own (tests/accounts/test_admin_second_factor.py).
    settings.TRACKER_ADMIN_REQUIRES_MFA = False


@pytest.fixture(autouse=True)
def _force_login_counts_as_a_fresh_log_in(monkeypatch):
    """A test's force_login stands for a log-in through the page, which also records that the
    password was just given: pages behind a re-authentication (export, account deletion,
    e-mail, two-factor) open as they would right after logging in. Tests of the
    re-authentication itself use `stale_login`."""
    original = TestClient.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {
                "method": "password",
                "at": time.time(),
                "username": user.get_username(),
                "reauthenticated": True,
            }
        ]
        session[AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session.save()

    monkeypatch.setattr(TestClient, "force_login", force_login)


def stale_login(client, user):
    """Sign `user` in as long ago: their next sensitive page asks for the password again."""
    client.force_login(user)
    session = client.session
    session.pop(AUTHENTICATION_METHODS_SESSION_KEY, None)
    session.save()


@pytest.fixture(autouse=True)
def _empty_cache(request, settings):
    """Each test starts with no log-in or reset counted against anyone.

    The cache's table is in the test database: an ordinary test's rollback empties it, but a
    transactional test (the browser tests, the processes) keeps what earlier ones counted, as
    Redis always does; those are emptied here.
    """
    if "redis" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def client_record(owner):
    return Client.objects.create(owner=owner, name="Acme", company="Acme Inc.", industry="SaaS")


@pytest.fixture
def make_invitation(owner, client_record):
    def make(notified_at=None, **fields):
        return Invitation.objects.create(
            owner=fields.pop("owner", owner),
            client=fields.pop("client", client_record),
            job_title=fields.pop("job_title", "Build a dashboard"),
            notified_at=notified_at or NOW - timedelta(hours=1),
            **fields,
        )

    return make


@pytest.fixture
def make_offer(owner, client_record):
    def make(received_at=None, **fields):
        return Offer.objects.create(
            owner=owner,
            client=fields.pop("client", client_record),
            job_title=fields.pop("job_title", "Build a dashboard"),
            received_at=received_at or NOW - timedelta(hours=1),
            amount=fields.pop("amount", Decimal("50")),
            **fields,
        )

    return make


@pytest.fixture
def make_proposal(owner, client_record):
    def make(**fields):
        return Proposal.objects.create(
            owner=owner,
            client=fields.pop("client", client_record),
            job_title=fields.pop("job_title", "Build a dashboard"),
            cover_letter=fields.pop("cover_letter", "Hello Acme, I can help."),
            bid_amount=fields.pop("bid_amount", Decimal("50")),
            **fields,
        )

    return make


@pytest.fixture
def world(now, owner, stranger, client_record, make_invitation, make_proposal, make_offer):
    started = make_invitation(job_title="Started interview")
    started.start(NOW - timedelta(minutes=30))
    strangers_client = Client.objects.create(owner=stranger, name="Initech")
    strangers_invitation = Invitation.objects.create(
        owner=stranger, client=strangers_client, job_title="Theirs", notified_at=NOW
    )
    return World(
        client=client_record,
        pending=make_invitation(),
        started=started,
        expired=make_invitation(job_title="Too late", notified_at=NOW - timedelta(days=15)),
        empty_draft=make_proposal(cover_letter=""),
        submitted=make_proposal(status=Proposal.Status.SUBMITTED, submitted_at=NOW),
        template=ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hi."),
        requested_offer=Offer.objects.create(
            owner=owner, client=client_record, job_title="Asked for", requested_at=NOW
        ),
        offer=make_offer(),
        expired_offer=make_offer(job_title="Old offer", received_at=NOW - timedelta(days=40)),
        strangers_client=strangers_client,
        strangers_template=ProposalTemplate.objects.create(
            owner=stranger, name="Theirs", body="Hi."
        ),
        strangers_item=strangers_invitation.preparation.first(),
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing is deliberately slow; the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production settings hash static file names from a manifest that `collectstatic` writes;
    # the tests render pages without running it, and WhiteNoise finds the files where they
    # are written (as in debug) instead of warning that STATIC_ROOT does not exist.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _channel_keys(settings):
    """A production-like channel key, as the start-up check asks for when DEBUG is off."""
    settings.TRACKER_CHANNEL_KEYS = [CHANNEL_KEY]
