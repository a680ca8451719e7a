"""Screening questions read from an invitation's notification start its proposal."""

import pytest
from django.urls import reverse

from proposals.models import Proposal, ScreeningQuestion

QUESTIONS = "Which Shopify apps have you optimised?\n\nHow would you measure the improvement?\n"


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def invitation(now, make_invitation):
    return make_invitation(job_title="Store speed-up", screening_questions=QUESTIONS)


def new_proposal(signed_in, invitation):
    url = reverse("proposal_new") + f"?invitation={invitation.pk}"
    data = {"cover_letter": "Hello, I can help.", "bid_type": "hourly", "bid_amount": "50"}
    data["currency"] = "USD"
    return signed_in.post(url, data, follow=True)


def test_the_new_proposal_page_lists_the_invitations_questions(signed_in, invitation):
    page = signed_in.get(reverse("proposal_new") + f"?invitation={invitation.pk}").text
    assert "Which Shopify apps have you optimised?" in page
    assert "they are added to the draft when you save it" in page


def test_saving_the_proposal_adds_them_in_order_ready_to_answer(signed_in, invitation):
    response = new_proposal(signed_in, invitation)
    proposal = Proposal.objects.get()
    assert list(proposal.questions.values_list("question", "answer", "position")) == [
        ("Which Shopify apps have you optimised?", "", 0),
        ("How would you measure the improvement?", "", 1),
    ]
    assert "2 screening questions are on it: answer them first." in response.text


def test_the_questions_are_taken_once_never_doubled(signed_in, invitation):
    new_proposal(signed_in, invitation)
    proposal = Proposal.objects.get()
    assert proposal.take_invitation_questions() == 0
    assert ScreeningQuestion.objects.filter(proposal=proposal).count() == 2


def test_a_proposal_without_an_invitation_takes_none(now, make_proposal):
    proposal = make_proposal()
    assert proposal.take_invitation_questions() == 0
    assert not proposal.questions.exists()


def test_an_invitation_without_questions_adds_none(signed_in, now, make_invitation):
    new_proposal(signed_in, make_invitation())
    assert not ScreeningQuestion.objects.exists()
