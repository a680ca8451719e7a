"""The invitation page: status, the open window's countdown, the timeline and the actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.support.instants import NOW


def url(invitation):
    return reverse("invitation_detail", args=[invitation.pk])


def timeline(response):
    return {step["label"]: step for step in response.context["timeline"]}


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_owner_sees_it(signed_in, now, make_invitation):
    invitation = make_invitation(job_title="Build a dashboard", message="Are you free?")
    response = signed_in.get(url(invitation))
    assert response.status_code == 200
    assertContains(response, "<h1>Build a dashboard</h1>", html=True)
    assertContains(response, "Are you free?")
    deadline = invitation.start_deadline.isoformat()
    assertContains(
        response,
        f'<span class="badge pending" data-until="{deadline}" data-then="expired" '
        'data-then-label="Expired">Pending</span>',
        html=True,
    )


def test_it_is_a_404_for_a_stranger(client, stranger, now, make_invitation):
    client.force_login(stranger)
    assert client.get(url(make_invitation())).status_code == 404


def test_it_sends_an_anonymous_visitor_to_log_in(client, now, make_invitation):
    response = client.get(url(make_invitation()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_its_header_counts_down_the_open_window(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13, hours=20))
    response = signed_in.get(url(invitation))
    assertContains(response, "Start the interview by")
    assertContains(response, "4 h left")
    assertContains(response, "urgency-critical")


def test_a_pending_invitation_has_its_start_deadline_due(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=1))
    steps = timeline(signed_in.get(url(invitation)))
    assert steps["Notified"]["state"] == "done"
    assert steps["Start deadline"]["state"] == "due"
    assert steps["Start deadline"]["at"] == invitation.start_deadline
    assert steps["Started"]["state"] == "due"
    assert steps["Completion deadline"]["at"] is None
    assert steps["Completion deadline"]["note"] == "48 hours after the interview starts."


def test_an_expired_invitation_shows_the_missed_start(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=15))
    response = signed_in.get(url(invitation))
    steps = timeline(response)
    assert steps["Start deadline"]["state"] == "missed"
    assert steps["Started"]["state"] == "missed"
    assertContains(response, '<span class="badge expired">Expired</span>', html=True)
    assertContains(response, '<li class="missed">', count=2)


def test_a_completed_interview_shows_every_step_done_in_the_users_zone(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=3))
    invitation.start(at=NOW - timedelta(days=2))
    invitation.complete(at=NOW - timedelta(days=1))
    response = signed_in.get(url(invitation))
    steps = timeline(response)
    for label in ("Notified", "Start deadline", "Started", "Completion deadline", "Completed"):
        assert steps[label]["state"] == "done", label
    assertContains(response, "Tue 24 Nov 2026 07:00 EST")  # completed, in New York time
    assertNotContains(response, "UTC</time>")


def test_a_running_interview_counts_down_the_completion_window(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=2))
    invitation.start(at=NOW - timedelta(hours=40))
    steps = timeline(signed_in.get(url(invitation)))
    assert steps["Completion deadline"]["state"] == "due"
    assert steps["Completion deadline"]["window_start"] == invitation.started_at


def test_a_lapsed_interview_shows_the_missed_completion(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=5))
    invitation.start(at=NOW - timedelta(days=4))
    steps = timeline(signed_in.get(url(invitation)))
    assert steps["Completion deadline"]["state"] == "missed"
    assert steps["Completed"]["state"] == "missed"


def test_a_declined_invitation_shows_the_reason(signed_in, now, make_invitation):
    invitation = make_invitation()
    invitation.decline("Budget too low")
    response = signed_in.get(url(invitation))
    assert timeline(response)["Declined"]["note"] == "Budget too low"
    assertContains(response, "Nothing left to do")


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        ("pending", {"start", "decline", "archive"}),
        ("in_progress", {"complete", "decline", "archive"}),
        ("completed", {"archive"}),
        # A window that closed may still have been met: its event can be recorded late.
        ("expired", {"start", "archive"}),
        ("declined", set()),
        ("archived", set()),
    ],
)
def test_it_offers_only_the_actions_that_apply(signed_in, now, make_invitation, state, actions):
    invitation = make_invitation(notified_at=NOW - timedelta(days=20 if state == "expired" else 3))
    if state in ("in_progress", "completed"):
        invitation.start(at=NOW - timedelta(hours=30))
    if state == "completed":
        invitation.complete(at=NOW - timedelta(hours=1))
    if state == "declined":
        invitation.decline("Not for me")
    if state == "archived":
        invitation.archive()
    response = signed_in.get(url(invitation))
    assert response.context["shown"] == actions
    for action in ("start", "complete", "decline", "archive"):
        action_url = reverse(f"invitation_{action}", args=[invitation.pk])
        assert (f'action="{action_url}"' in response.content.decode()) == (action in actions)


def test_irreversible_actions_ask_for_confirmation(signed_in, now, make_invitation):
    # A pending invitation: start, decline and archive are each for good.
    response = signed_in.get(url(make_invitation()))
    assertContains(response, "data-confirm=", count=3)
    assertContains(response, 'data-confirm="Decline this invitation? This cannot be undone."')


def test_it_links_to_writing_the_proposal(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.get(url(invitation))
    assertContains(response, f'href="/proposals/new/?invitation={invitation.pk}"')


def test_it_lists_the_proposals_and_their_offers(
    signed_in, now, make_invitation, make_proposal, make_offer
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=3))
    proposal = make_proposal(invitation=invitation, job_title="Dashboard proposal")
    offer = make_offer(proposal=proposal, job_title="Dashboard offer")
    response = signed_in.get(url(invitation))
    assertContains(response, f'href="{proposal.get_absolute_url()}"')
    assertContains(response, f'href="{offer.get_absolute_url()}"')
    assertContains(response, '<span class="badge received">Received</span>', html=True)
    assertContains(response, "Accept by")
    assertNotContains(response, "Not written yet.")


def test_a_strangers_invitation_is_a_friendly_404(client, stranger, make_invitation, now):
    invitation = make_invitation()
    client.force_login(stranger)
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 404
    body = response.content.decode()
    assert "not yours to see" in body and invitation.job_title not in body


def test_start_and_complete_ask_for_confirmation(client, owner, make_invitation, now):
    invitation = make_invitation()
    client.force_login(owner)
    body = client.get(invitation.get_absolute_url()).content.decode()
    assert 'data-confirm="Record that the interview started?' in body
