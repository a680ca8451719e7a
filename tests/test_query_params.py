"""Ids read from a query string or a button: anything malformed is no id, never a 500.

A malformed id in a list filter filters nothing; one that names the object a page works on
is a 404, like another user's object. Each bad value is built from a real id where it can
be, so that reading it too kindly (full-width digits as 12) would pick a real row.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client as Browser
from django.urls import reverse

from interviews.models import Client
from kit.ownership import MAX_ID, id_from
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from tests.offer_forms import NO_MILESTONES

from .snapshots import changes, snapshot

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Each is a template: {pk} is the id of a real row, which a too kind reading would pick.
MALFORMED = [
    "abc",
    "1.5",
    "{pk}.0",
    "-1",
    "-{pk}",
    "0",
    "+{pk}",
    "{full_width}",
    "{arabic_indic}",
    "99999999999999999999999",
    str(MAX_ID + 1),
    "1" * 5000,
    "{pk} OR 1=1",
]


def spoil(template, pk):
    text = str(pk)
    return template.format(
        pk=text,
        full_width=text.translate(FULL_WIDTH),
        arabic_indic=text.translate(ARABIC_INDIC),
    )


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


# id_from -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), (" 7 ", 7), ("\t12\n", 12), ("007", 7), (str(MAX_ID), MAX_ID)],
)
def test_id_from_reads_ascii_digits_with_surrounding_spaces(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "abc",
        "1.5",
        "-1",
        "0",
        "+7",
        "1_000",
        "1 2",
        "１２",
        "٣",
        "²",
        "99999999999999999999999",
        str(MAX_ID + 1),
        "1" * 5000,
        None,
        7,
    ],
)
def test_id_from_refuses_anything_else(value):
    assert id_from(value) is None


# List filters: a malformed client filters nothing -----------------------------------------


@pytest.fixture
def two_clients(now, owner, client_record, make_invitation, make_proposal, make_offer):
    """Two clients with an invitation, a proposal and an offer each."""
    other = Client.objects.create(owner=owner, name="Globex")
    for client in (client_record, other):
        make_invitation(client=client, job_title=f"Job for {client.name}")
        make_proposal(client=client, job_title=f"Job for {client.name}")
        make_offer(client=client, job_title=f"Job for {client.name}")
    return client_record, other


LISTS = ["invitation_list", "proposal_list", "offer_list"]


def listed(response):
    return sorted(row.job_title for row in response.context["page_obj"].object_list)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("template", MALFORMED + ["", "  "])
def test_a_malformed_client_filter_shows_every_client(signed_in, two_clients, name, template):
    url = reverse(name)
    response = signed_in.get(url, {"client": spoil(template, two_clients[1].pk)})
    assert response.status_code == 200
    assert listed(response) == ["Job for Acme", "Job for Globex"]
    assert "for one client" not in response.text


@pytest.mark.parametrize("name", LISTS)
def test_a_client_filter_with_spaces_around_the_id_still_filters(signed_in, two_clients, name):
    response = signed_in.get(reverse(name), {"client": f" {two_clients[1].pk} "})
    assert response.status_code == 200
    assert listed(response) == ["Job for Globex"]
    assert "for one client" in response.text


# New invitation: ?client= picks the client, or nothing --------------------------------------


@pytest.mark.parametrize("template", MALFORMED + ["", "  "])
def test_a_malformed_client_picks_no_client_for_a_new_invitation(
    signed_in, client_record, template
):
    response = signed_in.get(
        reverse("invitation_new"), {"client": spoil(template, client_record.pk)}
    )
    assert response.status_code == 200
    assert response.context["form"]["client"].value() is None


def test_a_client_with_spaces_around_its_id_is_picked_for_a_new_invitation(
    signed_in, client_record
):
    response = signed_in.get(reverse("invitation_new"), {"client": f" {client_record.pk} "})
    assert response.context["form"]["client"].value() == client_record.pk


# New proposal and new offer: the named invitation, template or proposal, or 404 ---------------


@pytest.fixture
def named(now, owner, make_invitation, make_proposal):
    """What ?invitation=, ?template= and ?proposal= name on the new proposal and offer pages."""
    return {
        "invitation": make_invitation(),
        "template": ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hi."),
        "proposal": make_proposal(),
    }


PAGES_AND_NAMES = [
    ("proposal_new", "invitation"),
    ("proposal_new", "template"),
    ("offer_new", "proposal"),
]


def saveable(page, client):
    """A form the page would save, were it not for the id in its query string."""
    if page == "proposal_new":
        return {
            "client": client.pk,
            "job_title": "Build a booking system",
            "cover_letter": "Hello, I can help.",
            "bid_type": "hourly",
            "bid_amount": "50",
            "currency": "USD",
        }
    return {
        "client": client.pk,
        "job_title": "Build",
        "received_at": "2026-11-25T06:00",
        "expires_at": "2026-12-20T06:00",
        "contract_type": "hourly",
        "amount": "50",
        "currency": "USD",
        **NO_MILESTONES,
    }


@pytest.mark.parametrize(("page", "name"), PAGES_AND_NAMES)
@pytest.mark.parametrize("template", MALFORMED + ["  "])
def test_a_malformed_id_of_the_object_to_work_on_is_a_404(signed_in, named, page, name, template):
    response = signed_in.get(reverse(page), {name: spoil(template, named[name].pk)})
    assert response.status_code == 404


# The template is only a choice for the form shown; the other two are what a post saves for.
@pytest.mark.parametrize(
    ("page", "name"), [("proposal_new", "invitation"), ("offer_new", "proposal")]
)
@pytest.mark.parametrize("template", MALFORMED + ["  "])
def test_a_post_with_a_malformed_id_is_a_404_and_saves_nothing(
    signed_in, client_record, named, page, name, template
):
    query = urlencode({name: spoil(template, named[name].pk)})
    before = snapshot()
    response = signed_in.post(f"{reverse(page)}?{query}", saveable(page, client_record))
    assert response.status_code == 404
    after = snapshot()
    assert before == after, changes(before, after)


@pytest.mark.parametrize(
    ("page", "name"), [("proposal_new", "invitation"), ("offer_new", "proposal")]
)
def test_the_same_post_with_the_id_saves(signed_in, client_record, named, page, name):
    query = urlencode({name: f" {named[name].pk} "})
    response = signed_in.post(f"{reverse(page)}?{query}", saveable(page, client_record))
    assert response.status_code == 302


def picked(response, name):
    """The pk of what the page works on: the invitation answered, or the form's choice."""
    if name == "invitation":
        invitation = response.context["invitation"]
        return invitation and invitation.pk
    return response.context["form"][name].value()


@pytest.mark.parametrize(("page", "name"), PAGES_AND_NAMES)
def test_an_empty_id_of_the_object_to_work_on_means_none(signed_in, named, page, name):
    response = signed_in.get(reverse(page), {name: ""})
    assert response.status_code == 200
    assert picked(response, name) is None


@pytest.mark.parametrize(("page", "name"), PAGES_AND_NAMES)
def test_an_id_with_spaces_around_it_names_the_object(signed_in, named, page, name):
    response = signed_in.get(reverse(page), {name: f" {named[name].pk} "})
    assert response.status_code == 200
    assert picked(response, name) == named[name].pk


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
