"""A user moving to another server gets everything back from their own export."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Milestone, Offer
from pipeline.portability import everything, invitations_csv
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from tests.conftest import NOW
from tests.support.queued import queue_inline

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(owner, now):
    acme = Client.objects.create(
        owner=owner, name="Acme", company="Acme Inc.", research_notes="Fitness apps"
    )
    invitation = Invitation.objects.create(
        owner=owner,
        client=acme,
        job_title="React Native fitness app",
        message="We use HealthKit.",
        notified_at=NOW - timedelta(days=3),
    )
    invitation.start(NOW - timedelta(days=2))
    for item in invitation.preparation.all():
        item.notes = f"Notes on {item.point}"
        item.done = True
        item.save()
    template = ProposalTemplate.objects.create(owner=owner, name="Standard", body="I can help.")
    proposal = Proposal.objects.create(
        owner=owner,
        invitation=invitation,
        template=template,
        cover_letter="Hi Acme, thank you for inviting me.",
        bid_type="fixed",
        bid_amount=Decimal("1200"),
    )
    ScreeningQuestion.objects.create(
        proposal=proposal, position=0, question="HealthKit?", answer="Yes, twice."
    )
    proposal.submit(NOW - timedelta(days=1))
    offer = Offer.objects.create(
        owner=owner,
        proposal=proposal,
        received_at=NOW - timedelta(hours=5),
        contract_type="fixed",
        amount=Decimal("1200"),
        terms="Two milestones.",
    )
    Milestone.objects.create(offer=offer, position=0, title="Design", amount=Decimal("400"))
    Milestone.objects.create(offer=offer, position=1, title="Build", amount=Decimal("800"))
    return owner


def comparable(data):
    """The export without what a new server gives anew: ids, row times, reminders."""
    drop = {"id", "client_id", "invitation_id", "template_id", "proposal_id", "created_at"}
    drop |= {"updated_at", "username", "email", "date_joined", "exported_at"}

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in drop}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean({k: v for k, v in data.items() if k not in ("reminders", "notifications")})


def test_the_json_export_restores_everything_into_a_fresh_account(client, pipeline, now):
    exported = json.dumps(everything(pipeline))
    moved = User.objects.create_user("alice2", "alice2@example.com", "alice-password-2")
    client.force_login(moved)
    response = client.post(
        reverse("import_invitations"),
        {"file": SimpleUploadedFile("everything.json", exported.encode())},
    )
    assert response.status_code == 302, response.context["form"].errors
    moved.refresh_from_db()
    restored = everything(moved)
    assert comparable(restored) == comparable(json.loads(exported))
    invitation = Invitation.objects.get(owner=moved)
    assert invitation.preparation.filter(done=True).count() == 4
    assert Proposal.objects.get(owner=moved).invitation == invitation


def test_restoring_into_an_account_with_records_changes_nothing(client, pipeline, now):
    exported = json.dumps(everything(pipeline))
    client.force_login(pipeline)
    before = everything(pipeline)
    response = client.post(
        reverse("import_invitations"),
        {"file": SimpleUploadedFile("everything.json", exported.encode())},
    )
    assert response.status_code == 200
    assert "import it into an account with no invitations" in response.text
    assert everything(pipeline) == before


def test_a_broken_export_is_refused_and_changes_nothing(client, owner, now):
    client.force_login(owner)
    data = {"format": "invitation-tracker-export", "version": 1, "clients": [{"id": 1}]}
    response = client.post(
        reverse("import_invitations"),
        {"file": SimpleUploadedFile("everything.json", json.dumps(data).encode())},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert not Client.objects.filter(owner=owner).exists()


def test_the_invitations_csv_carries_the_preparation_back(client, pipeline, now):
    exported = invitations_csv(pipeline)
    moved = User.objects.create_user("alice2", "alice2@example.com", "alice-password-2")
    client.force_login(moved)
    with queue_inline():
        response = client.post(
            reverse("import_invitations"),
            {"file": SimpleUploadedFile("invitations.csv", exported.encode())},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(owner=moved)
    assert invitation.preparation.filter(done=True).count() == 4
    assert io.StringIO(exported).readline().strip().endswith("preparation done")
