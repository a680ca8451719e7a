"""A proposal answers its invitation: submitting it completes the interview, and the
invitation's page leads to it instead of opening a second one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interviews.models import Status
from proposals.models import Proposal
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def running(make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    return invitation


def draft_for(make_proposal, invitation):
    return make_proposal(invitation=invitation, cover_letter="Hi Acme, thank you.")


def test_submitting_the_proposal_completes_the_interview_in_progress(
    signed_in, now, running, make_proposal
):
    proposal = draft_for(make_proposal, running)
    response = signed_in.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    running.refresh_from_db()
    assert running.completed_at == NOW
    assert running.status == Status.COMPLETED
    assertContains(response, "now completed and submitted too")


def test_submitting_leaves_an_interview_not_started_or_lapsed_as_it_is(
    now, make_invitation, make_proposal
):
    pending = make_invitation(notified_at=NOW - timedelta(hours=5))
    lapsed = make_invitation(notified_at=NOW - timedelta(days=5))
    lapsed.start(at=NOW - timedelta(days=4))
    for invitation in (pending, lapsed):
        draft_for(make_proposal, invitation).submit()
        invitation.refresh_from_db()
        assert invitation.completed_at is None
    assert pending.status == Status.PENDING
    assert lapsed.status == Status.LAPSED


def test_completing_with_a_proposal_written_does_not_ask_for_one(
    signed_in, now, running, make_proposal
):
    draft_for(make_proposal, running)
    response = signed_in.post(reverse("invitation_complete", args=[running.pk]), follow=True)
    assertContains(response, "Interview completed.")
    assertNotContains(response, "Next: write the proposal.")


def test_an_invitation_with_a_proposal_offers_to_open_it_not_to_write_another(
    signed_in, now, running, make_proposal
):
    proposal = draft_for(make_proposal, running)
    response = signed_in.get(running.get_absolute_url())
    link = f'<a class="btn" href="{proposal.get_absolute_url()}">Open the proposal'
    assertContains(response, link)
    assertNotContains(response, "Write proposal")
    assertNotContains(response, "Write the proposal")


def test_a_hired_proposals_invitation_leads_to_the_proposal(signed_in, now, running, make_proposal):
    proposal = draft_for(make_proposal, running)
    proposal.submit()
    proposal.mark_hired()
    response = signed_in.get(running.get_absolute_url())
    assertContains(response, "Open the proposal")
    assertNotContains(response, "Write proposal")


@pytest.mark.parametrize("state", ["expired", "lapsed", "declined", "archived"])
def test_a_closed_invitation_offers_no_proposal_to_write(signed_in, now, make_invitation, state):
    invitation = make_invitation(notified_at=NOW - timedelta(days=20 if state == "expired" else 5))
    if state == "lapsed":
        invitation.start(at=NOW - timedelta(days=4))
    elif state == "declined":
        invitation.decline("Found other work")
    elif state == "archived":
        invitation.archive()
    response = signed_in.get(invitation.get_absolute_url())
    assertNotContains(response, "Write proposal")
    assertNotContains(response, "Write the proposal")


def test_writing_a_second_proposal_for_an_invitation_opens_the_first(
    signed_in, now, running, make_proposal
):
    proposal = draft_for(make_proposal, running)
    url = reverse("proposal_new") + f"?invitation={running.pk}"
    response = signed_in.get(url)
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    signed_in.post(url, {"cover_letter": "Another", "bid_type": "hourly", "bid_amount": "40"})
    assert Proposal.objects.filter(invitation=running).count() == 1
