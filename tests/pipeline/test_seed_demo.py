from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from interviews.models import Client, Invitation, Status
from offers.models import Offer
from proposals.models import Proposal


def counts():
    return (
        User.objects.count(),
        Invitation.objects.count(),
        Proposal.objects.count(),
        Offer.objects.count(),
    )


def test_it_creates_a_pipeline_in_every_status_and_prints_credentials(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo / demo-freelancer" in out.getvalue()
    assert "admin / admin-tracker" in out.getvalue()
    statuses = set(Invitation.objects.with_status().values_list("current_status", flat=True))
    assert statuses == set(Status.values)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="demo").check_password("demo-freelancer")


def test_running_it_twice_duplicates_nothing(db):
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == first
    assert "nothing changed" in out.getvalue()


@pytest.mark.parametrize(
    ("setting", "length"),
    [
        ("INTERVIEW_START_WINDOW", timedelta(days=7)),
        ("INTERVIEW_START_WINDOW", timedelta(days=30)),
        ("INTERVIEW_COMPLETION_WINDOW", timedelta(hours=24)),
        ("INTERVIEW_COMPLETION_WINDOW", timedelta(hours=72)),
        ("OFFER_EXPIRY_DEFAULT", timedelta(days=1)),
    ],
)
def test_it_builds_every_status_with_other_window_lengths_too(db, settings, setting, length):
    # `make run` seeds on every start, with whatever windows the environment sets.
    setattr(settings, setting, length)
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Invitation.objects.with_status().values_list("current_status", flat=True))
    assert statuses == set(Status.values)
    offers = set(Offer.objects.with_status().values_list("current_status", flat=True))
    assert offers == {"requested", "received", "accepted"}


def test_a_demo_client_kept_under_another_case_is_taken_not_duplicated(db):
    user = User.objects.create_user("demo", "demo@example.com", "pw-for-the-demo-1")
    mine = Client.objects.create(owner=user, name="acme analytics")
    call_command("seed_demo", stdout=StringIO())
    assert Client.objects.filter(owner=user, name__iexact="Acme Analytics").get() == mine
    assert Invitation.objects.filter(owner=user, client=mine).exists()
