"""Paste-to-record, as the pages show it: the pasted notification pre-fills the form."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from interviews.models import Invitation
from offers.models import Offer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notifications"


PASTE_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_a_pasted_invitation_prefills_the_new_invitation_form(signed_in):
    text = (FIXTURES / "invitation_email_plain.txt").read_text()
    with time_machine.travel(PASTE_NOW, tick=False):
        response = signed_in.post(reverse("invitation_paste"), {"text": text}, follow=True)
    form = response.context["form"]
    assert form.initial["job_title"] == "Django dashboard for a logistics startup"
    assert form.initial["new_client_name"] == "Northwind Logistics"
    assert form.initial["job_url"] == "https://www.upwork.com/jobs/~01a2b3c4d5e6f7a8b9"
    assert "Screening questions" not in form.initial["message"]
    assert form.initial["screening_questions"] == (
        "Describe your recent experience with similar projects.\n"
        "What is your availability over the next four weeks?"
    )
    assert not Invitation.objects.exists()  # nothing is saved until the user saves


def test_a_pasted_invitation_picks_an_existing_client_by_name(signed_in, owner):
    from interviews.models import Client

    known = Client.objects.create(owner=owner, name="northwind logistics")
    text = (FIXTURES / "invitation_email_plain.txt").read_text()
    with time_machine.travel(PASTE_NOW, tick=False):
        response = signed_in.post(reverse("invitation_paste"), {"text": text}, follow=True)
    assert response.context["form"].initial["client"] == known.pk


def test_what_could_not_be_read_is_noted_on_the_form(signed_in):
    text = (FIXTURES / "invitation_missing_fields.txt").read_text()
    with time_machine.travel(PASTE_NOW, tick=False):
        response = signed_in.post(reverse("invitation_paste"), {"text": text}, follow=True)
    assert "some could not be read" in response.content.decode()
    assert response.context["pasted_notes"]


def test_a_pasted_offer_prefills_terms_and_milestones(signed_in):
    text = (FIXTURES / "offer_fixed_milestones.html").read_text()
    with time_machine.travel(PASTE_NOW, tick=False):
        response = signed_in.post(reverse("offer_paste"), {"text": text}, follow=True)
    form = response.context["form"]
    assert form.initial["contract_type"] == "fixed"
    milestones = response.context["milestones"]
    assert milestones.forms[0].initial.get("title")
    assert not Offer.objects.exists()
