"""Templates are filled by plain substitution, never by a template engine."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion, fill_placeholders
from tests.support.instants import NOW


@pytest.fixture
def template(owner):
    return ProposalTemplate.objects.create(
        owner=owner,
        name="Standard",
        invitation_opening="Hi {client_name}, thank you for the invitation to {job_title}.",
        job_post_opening="Hi {client_name}, I saw your post for {job_title}.",
        body="I am {my_name}. {unknown_thing} and {another}.",
    )


def test_it_fills_known_placeholders_and_reports_unknown_ones():
    text, unknown = fill_placeholders(
        "Dear {client_name}, re {job_title} {oops} {oops}",
        {"client_name": "Acme", "job_title": "API"},
    )
    assert text == "Dear Acme, re API {oops} {oops}"
    assert unknown == ["oops"]


def test_user_text_that_looks_like_template_code_comes_out_as_typed():
    text = "{{ settings.SECRET_KEY }} {% load static %} {{ client_name }} {client_name}"
    filled, unknown = fill_placeholders(text, {"client_name": "Acme"})
    assert filled == "{{ settings.SECRET_KEY }} {% load static %} {{ client_name }} Acme"
    assert unknown == []


def test_a_placeholder_with_nothing_to_fill_it_is_left_as_typed():
    text, unknown = fill_placeholders(
        "Hi {client_name}, see {job_url} for {job_title}.",
        {"client_name": "", "job_url": "  ", "job_title": "API"},
    )
    assert text == "Hi {client_name}, see {job_url} for API."
    assert unknown == []


def test_the_invitation_opening_is_used_only_for_invitations(now, owner, template, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=3))
    answer = Proposal(owner=owner, invitation=invitation)
    answer.job_title = invitation.job_title
    unknown = answer.fill_from_template(template)
    assert answer.cover_letter.startswith(
        "Hi Acme, thank you for the invitation to Build a dashboard."
    )
    assert "I am Alice Smith." in answer.cover_letter
    assert unknown == ["another", "unknown_thing"]

    post = Proposal(owner=owner, client=invitation.client, job_title="Data work")
    post.fill_from_template(template)
    assert post.cover_letter.startswith("Hi Acme, I saw your post for Data work.")
    assert "thank you for the invitation" not in post.cover_letter


def test_a_proposal_answering_an_invitation_takes_its_client_and_job(now, owner, make_invitation):
    invitation = make_invitation()
    proposal = Proposal.objects.create(owner=owner, invitation=invitation, cover_letter="Hi")
    assert proposal.client == invitation.client
    assert proposal.job_title == invitation.job_title


def test_submit_needs_a_letter_a_bid_and_every_answer(now, make_proposal):
    proposal = make_proposal(cover_letter="")
    with pytest.raises(ValidationError, match="cover letter"):
        proposal.submit()
    proposal.cover_letter = "Hello"
    proposal.save()
    ScreeningQuestion.objects.create(proposal=proposal, question="Why you?", answer="")
    with pytest.raises(ValidationError, match="1 left"):
        proposal.submit()
    proposal.questions.update(answer="Experience")
    proposal.submit()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.submitted_at == NOW


def test_only_a_submitted_proposal_can_be_withdrawn(now, make_proposal):
    proposal = make_proposal()
    with pytest.raises(ValidationError, match="Only a submitted"):
        proposal.withdraw()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DRAFT
    proposal.submit()
    proposal.withdraw()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN


def test_a_cover_letter_over_the_limit_is_refused_by_validation(owner, make_proposal):
    proposal = make_proposal()
    proposal.cover_letter = "y" * 5001
    with pytest.raises(ValidationError) as caught:
        proposal.full_clean()
    assert "at most 5000 characters" in str(caught.value.message_dict["cover_letter"])


def test_an_unknown_currency_is_refused(make_proposal):
    proposal = make_proposal(currency="XYZ")
    with pytest.raises(ValidationError) as caught:
        proposal.full_clean()
    assert "not a currency we support" in caught.value.message_dict["currency"][0]
