"""Answer suggestions: a malformed `?proposal=` to leave out leaves out nothing."""

import pytest
from django.test import Client as Browser

from proposals.models import ScreeningQuestion
from tests.support.malformed_ids import MALFORMED, spoil


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


# Answer suggestions: a malformed ?proposal= leaves nothing out --------------------------------

SUGGEST = "/proposals/answers/suggest/"


QUESTION = "Describe your experience with Django."


@pytest.fixture
def answered(make_proposal):
    proposal = make_proposal()
    ScreeningQuestion.objects.create(proposal=proposal, question=QUESTION, answer="Six years.")
    return proposal


def suggested(response):
    return [s["answer"] for s in response.json()["suggestions"]]


@pytest.mark.parametrize("template", MALFORMED + ["", "  "])
def test_a_malformed_proposal_to_leave_out_leaves_out_nothing(signed_in, answered, template):
    response = signed_in.get(SUGGEST, {"q": QUESTION, "proposal": spoil(template, answered.pk)})
    assert response.status_code == 200
    assert suggested(response) == ["Six years."]


def test_a_proposal_to_leave_out_with_spaces_around_its_id_is_left_out(signed_in, answered):
    response = signed_in.get(SUGGEST, {"q": QUESTION, "proposal": f" {answered.pk} "})
    assert response.status_code == 200
    assert suggested(response) == []
