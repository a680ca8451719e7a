"""Paste-to-record, the checklist and answer suggestions, as the pages show them."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from interviews.models import Invitation
from offers.models import Offer
from proposals.models import ScreeningQuestion

FIXTURES = Path(__file__).parent / "fixtures" / "notifications"
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


def test_saving_a_proposal_runs_the_checklist_shown_on_its_page(signed_in, now, make_proposal):
    proposal = make_proposal(cover_letter="Hello.")
    signed_in.post(
        reverse("proposal_edit", args=[proposal.pk]),
        {
            "job_title": proposal.job_title,
            "client": proposal.client_id,
            "cover_letter": "Hallo Acme, ich habe viele Jahre Erfahrung mit Django und helfe gern.",
            "bid_type": "hourly",
            "bid_amount": "50",
            "currency": "USD",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )
    proposal.refresh_from_db()
    assert proposal.checked_at is not None
    page = signed_in.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "Checklist" in page and "Needs attention:" in page


def test_the_edit_page_suggests_an_earlier_answer_to_a_similar_question(
    signed_in, now, make_proposal
):
    earlier = make_proposal(job_title="Earlier job")
    ScreeningQuestion.objects.create(
        proposal=earlier, question="Describe your experience with Django?", answer="Ten years."
    )
    current = make_proposal(job_title="New job")
    ScreeningQuestion.objects.create(
        proposal=current, question="What is your Django experience?", answer=""
    )
    page = signed_in.get(reverse("proposal_edit", args=[current.pk])).content.decode()
    assert "earlier answer" in page and "Ten years." in page
