"""A new-record form sent twice (a double click, back and resubmit) saves one record."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client as Browser
from django.urls import reverse

from interviews.models import Client, Invitation
from kit.once import ALREADY_SAVED, FIELD
from offers.models import Offer
from proposals.models import Proposal, ProposalTemplate
from tests.support.bad_input import (
    client_form,
    invitation_form,
    offer_form,
    proposal_form,
    template_form,
)

FORMS = {
    "invitation": (reverse("invitation_new"), invitation_form, Invitation),
    "client": (reverse("client_new"), client_form, Client),
    "proposal": (reverse("proposal_new"), proposal_form, Proposal),
    "offer": (reverse("offer_new"), offer_form, Offer),
    "template": (reverse("template_new"), template_form, ProposalTemplate),
}


class Records:
    """Just enough of the test_bad_input world for the forms' valid data."""

    def __init__(self, client_record):
        self.client = client_record


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def token_on(page):
    """The one-time token of the form on a page."""
    match = re.search(rf'<input type="hidden" name="{FIELD}" value="([^"]+)">', page.text)
    assert match, "the form carries no one-time token"
    return match.group(1)


def count(model, owner):
    return model.objects.filter(owner=owner).count()


@pytest.mark.parametrize("kind", FORMS)
def test_the_same_form_sent_twice_saves_once_and_leads_to_what_it_saved(
    kind, signed_in, owner, client_record, now
):
    url, form, model = FORMS[kind]
    data = {**form(Records(client_record)), FIELD: token_on(signed_in.get(url))}
    before = count(model, owner)

    first = signed_in.post(url, data)
    assert first.status_code == 302
    assert count(model, owner) == before + 1

    # The second click of a double click, or the same page resubmitted after going back.
    second = signed_in.post(url, data, follow=True)
    assert count(model, owner) == before + 1
    assert second.redirect_chain[0] == (first.url, 302)
    assert ALREADY_SAVED in second.text


def test_a_fresh_form_saves_another_record(signed_in, owner, client_record, now):
    url, form, _ = FORMS["invitation"]
    for _ in range(2):
        data = {**form(Records(client_record)), FIELD: token_on(signed_in.get(url))}
        assert signed_in.post(url, data).status_code == 302
    assert count(Invitation, owner) == 2


def test_a_form_shown_again_after_an_error_keeps_its_token_and_saves_once(
    signed_in, owner, client_record, now
):
    url, form, _ = FORMS["invitation"]
    token = token_on(signed_in.get(url))
    refused = signed_in.post(url, {**form(Records(client_record)), "job_title": "", FIELD: token})
    assert refused.status_code == 200
    assert token_on(refused) == token
    data = {**form(Records(client_record)), FIELD: token}
    first = signed_in.post(url, data)
    second = signed_in.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert count(Invitation, owner) == 1


def test_filling_a_letter_from_a_template_does_not_use_the_token_up(
    signed_in, owner, client_record, now
):
    template = ProposalTemplate.objects.create(owner=owner, name="Std", body="Hi {client_name}.")
    url, form, _ = FORMS["proposal"]
    data = {**form(Records(client_record)), "template": template.pk}
    data[FIELD] = token_on(signed_in.get(url))
    filled = signed_in.post(url, {**data, "fill": "1"})
    assert filled.status_code == 200 and count(Proposal, owner) == 0
    assert signed_in.post(url, data).status_code == 302
    assert signed_in.post(url, data).status_code == 302
    assert count(Proposal, owner) == 1


def test_another_users_used_token_leads_nowhere_of_theirs(
    client, owner, stranger, client_record, now
):
    url, form, _ = FORMS["client"]
    client.force_login(owner)
    token = token_on(client.get(url))
    saved = client.post(url, {**form(None), FIELD: token})
    assert saved.status_code == 302

    # The stranger copies the token into their own post: it is unknown to their session, so
    # the form is handled as theirs, and nothing of the owner's is shown or linked.
    client.force_login(stranger)
    response = client.post(url, {**form(None), FIELD: token})
    assert response.status_code == 302 and response.url != saved.url
    assert Client.objects.filter(owner=stranger, name="Globex").exists()


def test_a_post_without_a_token_is_handled_as_before(signed_in, owner, client_record, now):
    url, form, _ = FORMS["invitation"]
    signed_in.post(url, form(Records(client_record)))
    signed_in.post(url, form(Records(client_record)))
    assert count(Invitation, owner) == 2


def test_editing_pages_carry_no_token(signed_in, owner, client_record, make_invitation, now):
    for url in (
        reverse("invitation_edit", args=[make_invitation().pk]),
        reverse("client_edit", args=[client_record.pk]),
    ):
        assert f'name="{FIELD}"' not in signed_in.get(url).text


@pytest.mark.django_db(transaction=True)
def test_a_double_click_whose_posts_arrive_together_saves_once(owner, client_record, now):
    """Two posts of one form at the same moment, in two threads on the file-backed database.

    Without the lock (or with the token checked against the session as loaded at the start
    of the request) both posts pass the check before either has saved, and two are saved.
    """
    url, form, _ = FORMS["invitation"]
    browser = Browser()
    browser.force_login(owner)
    for round in range(5):
        data = {**form(Records(client_record)), "job_title": f"Job {round}"}
        data[FIELD] = token_on(browser.get(url))
        together = threading.Barrier(2)
        codes = []

        def click(together=together, codes=codes, data=data):
            twin = Browser()
            twin.cookies = browser.cookies  # the same browser, the same session
            together.wait(timeout=30)
            try:
                codes.append(twin.post(url, data).status_code)
            finally:
                connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join(timeout=60)
        assert codes == [302, 302]
        assert Invitation.objects.filter(job_title=f"Job {round}").count() == 1
