"""Odd but valid text (right-to-left, emoji, HTML, SQL) is kept exactly as typed and shown
escaped."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from interviews.models import Client, Invitation
from proposals.models import Proposal
from tests.support.bad_input import (
    CLIENT_NEW,
    INVITATION_NEW,
    PROPOSAL_NEW,
    client_form,
    invitation_form,
    long,
    proposal_form,
)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


RTL_AND_EMOJI = "שלום עולם — مرحبا 👩‍💻🚀 \u200fנבדק"
SCRIPT = '<script>alert("owned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
SQL = "Robert'); DROP TABLE interviews_client; --"


@pytest.mark.parametrize("name", [RTL_AND_EMOJI, SCRIPT, SQL], ids=["rtl-emoji", "script", "sql"])
def test_a_client_name_is_kept_exactly_and_shown_escaped(signed_in, world, name):
    response = signed_in.post(CLIENT_NEW(world), {**client_form(world), "name": name}, follow=True)
    assert response.status_code == 200
    saved = Client.objects.get(owner=world.client.owner, name=name)
    assert saved.name == name
    for page in (response, signed_in.get("/clients/"), signed_in.get(f"/clients/{saved.pk}/")):
        body = page.content.decode()
        assert escape(name) in body
        assert "<script>alert" not in body
    # The table the SQL-like name talks about is still there, with every row.
    assert "interviews_client" in connection.introspection.table_names()
    assert Client.objects.count() == 3


@pytest.mark.parametrize(
    "title", [RTL_AND_EMOJI, SCRIPT, IMAGE, SQL], ids=["rtl-emoji", "script", "image", "sql"]
)
def test_an_invitation_title_is_kept_exactly_and_shown_escaped_everywhere(signed_in, world, title):
    response = signed_in.post(
        INVITATION_NEW(world), {**invitation_form(world), "job_title": title}, follow=True
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get(job_title=title)
    pages = [response] + [
        signed_in.get(url)
        for url in (
            invitation.get_absolute_url(),
            "/invitations/",
            "/",
            world.client.get_absolute_url(),
            f"/proposals/new/?invitation={invitation.pk}",
        )
    ]
    for page in pages:
        body = page.content.decode()
        assert escape(title) in body, page.request["PATH_INFO"]
        assert "<script>alert" not in body and "<img src=x" not in body


def test_a_cover_letter_of_5000_emoji_is_kept_whole(signed_in, world):
    letter = long(4999, "🚀") + "👍"
    response = signed_in.post(PROPOSAL_NEW(world), {**proposal_form(world), "cover_letter": letter})
    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=response.url.strip("/").split("/")[-1])
    assert proposal.cover_letter == letter and len(proposal.cover_letter) == 5000


def test_research_notes_with_markup_are_shown_as_text(signed_in, world):
    notes = f"{IMAGE}\n{SCRIPT}\n{RTL_AND_EMOJI}"
    response = signed_in.post(
        CLIENT_NEW(world), {**client_form(world), "research_notes": notes}, follow=True
    )
    assert Client.objects.get(name="Globex").research_notes == notes
    body = response.content.decode()
    assert escape(IMAGE) in body and "<img src=x" not in body


def test_a_search_with_sql_in_it_is_only_text(signed_in, world):
    for url in ("/invitations/", "/clients/"):
        response = signed_in.get(url, {"q": "' OR '1'='1' --"})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 0
    assert Client.objects.count() == 2


def test_a_decline_reason_in_any_script_is_kept(signed_in, world):
    response = signed_in.post(
        reverse("invitation_decline", args=[world.pending.pk]),
        {"decline_reason": RTL_AND_EMOJI},
        follow=True,
    )
    world.pending.refresh_from_db()
    assert world.pending.decline_reason == RTL_AND_EMOJI
    assert escape(RTL_AND_EMOJI) in response.content.decode()
