"""The checklist and answer suggestions, as the proposal pages show them."""

import pytest
from django.urls import reverse

from proposals.models import ScreeningQuestion


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


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
