"""The checklist and the submit button tell the same rules: an unanswered screening question
is the one point that blocks, and the page says so before any confirmation."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from proposals.models import Proposal, ScreeningQuestion

pytestmark = pytest.mark.django_db

CONFIRMATION = "It can no longer go back to a draft."


@pytest.fixture
def draft(owner, make_proposal):
    proposal = make_proposal()
    ScreeningQuestion.objects.create(proposal=proposal, question="Have you used HealthKit?")
    proposal.run_check()
    return proposal


def test_the_checklist_marks_the_unanswered_question_as_blocking(client, owner, draft):
    client.force_login(owner)
    response = client.get(draft.get_absolute_url())
    assertNotContains(response, "none of it blocks submission")
    assertContains(response, "Blocks submission: Every screening question answered")


def test_the_page_says_what_blocks_before_offering_the_confirmation(client, owner, draft):
    client.force_login(owner)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Answer every screening question before submitting (1 left).")
    assertNotContains(response, CONFIRMATION)
    assertNotContains(response, reverse("proposal_submit", args=[draft.pk]))


def test_once_answered_the_proposal_can_be_submitted(client, owner, draft):
    draft.questions.update(answer="Yes, in two apps.")
    client.force_login(owner)
    response = client.get(draft.get_absolute_url())
    assertContains(response, CONFIRMATION)
    client.post(reverse("proposal_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.SUBMITTED
