"""Screening question buttons: a malformed place moves or removes nothing."""

import pytest
from django.test import Client as Browser
from django.urls import reverse

from proposals.models import Proposal, ScreeningQuestion
from tests.support.malformed_ids import MALFORMED, spoil


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


# Question buttons: a malformed place moves or removes nothing ---------------------------------


@pytest.fixture
def asked(make_proposal):
    proposal = make_proposal()
    for position, question in enumerate(["First", "Second"]):
        ScreeningQuestion.objects.create(
            proposal=proposal, position=position, question=question, answer="Yes."
        )
    return proposal


def edit_data(proposal, **button):
    data = {
        "client": proposal.client_id,
        "job_title": proposal.job_title,
        "job_url": "",
        "cover_letter": proposal.cover_letter,
        "bid_type": proposal.bid_type,
        "bid_amount": proposal.bid_amount,
        "currency": proposal.currency,
        "connects_spent": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "2",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, question in enumerate(proposal.questions.order_by("position")):
        data[f"questions-{i}-id"] = question.pk
        data[f"questions-{i}-question"] = question.question
        data[f"questions-{i}-answer"] = question.answer
    return data | button


def questions(proposal):
    return list(Proposal.objects.get(pk=proposal.pk).questions.values_list("question", flat=True))


# The second question's place is 1: a too kind reading of "１" would move or remove it.
BAD_PLACES = [t for t in MALFORMED if t != "0"] + ["", "  "]


@pytest.mark.parametrize("template", BAD_PLACES)
@pytest.mark.parametrize("button", ["move", "remove"])
def test_a_malformed_question_place_moves_or_removes_nothing(signed_in, asked, button, template):
    place = spoil(template, 1)
    value = f"{place}:up" if button == "move" else place
    url = reverse("proposal_edit", args=[asked.pk])
    response = signed_in.post(url, edit_data(asked, **{button: value}), follow=True)
    assert response.status_code == 200
    assert "Proposal saved." in response.text
    assert questions(asked) == ["First", "Second"]


@pytest.mark.parametrize(
    ("button", "expected"), [("move", ["Second", "First"]), ("remove", ["First"])]
)
def test_a_question_place_with_spaces_around_it_still_works(signed_in, asked, button, expected):
    value = " 1 :up" if button == "move" else " 1 "
    url = reverse("proposal_edit", args=[asked.pk])
    assert signed_in.post(url, edit_data(asked, **{button: value})).status_code == 302
    assert questions(asked) == expected
