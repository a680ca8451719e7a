"""An id in the query string or a post that names the object a page works on: malformed is a
404 and saves nothing, like another user's object; spaces around it are fine."""

from urllib.parse import urlencode

import pytest
from django.test import Client as Browser
from django.urls import reverse

from proposals.models import ProposalTemplate
from tests.support.malformed_ids import MALFORMED, spoil
from tests.support.offer_forms import NO_MILESTONES
from tests.support.snapshots import changes, snapshot


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


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
