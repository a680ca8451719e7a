"""Two freelancers side by side, each in a browser of their own: neither can open, act on or
even see the other's invitations, proposals and offers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "Secret merger dashboard"

# A POST from the signed-in page, with its own CSRF token: what a tampered form would send.
POST = """async (url) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const body = new URLSearchParams({csrfmiddlewaretoken: token, acknowledgment: "Thank you",
                                    terms_reviewed: "on"});
  const response = await fetch(url, {method: "POST", body, redirect: "manual"});
  return response.status;
}"""


@pytest.fixture
def alices_pipeline(owner):
    """The owner's client, invitation, submitted proposal and received offer."""
    now = timezone.now()
    client = Client.objects.create(owner=owner, name="Globex", company="Globex Corporation")
    invitation = Invitation.objects.create(
        owner=owner, client=client, job_title=SECRET, notified_at=now - timedelta(hours=2)
    )
    proposal = Proposal.objects.create(
        owner=owner,
        client=client,
        invitation=invitation,
        job_title=SECRET,
        cover_letter="Hello Globex, thank you for the invitation.",
        bid_amount=Decimal("60"),
    )
    proposal.submit()
    offer = Offer.objects.create(
        owner=owner,
        client=client,
        proposal=proposal,
        job_title=SECRET,
        received_at=now - timedelta(hours=1),
        amount=Decimal("60"),
    )
    return {"client": client, "invitation": invitation, "proposal": proposal, "offer": offer}


def test_a_second_user_cannot_open_act_on_or_see_the_first_users_records(
    new_page, log_in, screenshot, owner, stranger, alices_pipeline
):
    records = alices_pipeline
    invitation, proposal, offer = records["invitation"], records["proposal"], records["offer"]
    own_client = Client.objects.create(owner=stranger, name="Initech")
    Invitation.objects.create(
        owner=stranger,
        client=own_client,
        job_title="Mallory's own job",
        notified_at=timezone.now() - timedelta(hours=1),
    )

    pages = [
        invitation.get_absolute_url(),
        f"/invitations/{invitation.pk}/edit/",
        records["client"].get_absolute_url(),
        proposal.get_absolute_url(),
        f"/proposals/{proposal.pk}/edit/",
        f"/proposals/new/?invitation={invitation.pk}",
        offer.get_absolute_url(),
        f"/offers/{offer.pk}/accept/",
        f"/offers/new/?proposal={proposal.pk}",
    ]

    # The owner opens every one of them: the 404s below are about whose they are.
    alice = new_page()
    log_in(alice, "alice", "alice-password-1")
    for url in pages:
        assert alice.goto(url).status == 200, url

    # The stranger, signed in in a browser of their own, gets "not found" for each.
    mallory = new_page(timezone_id="Europe/Berlin")
    log_in(mallory, "mallory", "mallory-password-1")
    for url in pages:
        response = mallory.goto(url)
        assert response.status == 404, url
        expect(mallory.get_by_role("heading", name="Not Found")).to_be_visible()
        assert SECRET not in mallory.content()
    screenshot(mallory, "stranger-404")

    # Acting on them is refused the same way, and changes nothing.
    mallory.goto("/")
    actions = [
        f"/invitations/{invitation.pk}/start/",
        f"/invitations/{invitation.pk}/archive/",
        f"/invitations/{invitation.pk}/preparation/",
        f"/proposals/{proposal.pk}/withdraw/",
        f"/offers/request/{proposal.pk}/",
        f"/offers/{offer.pk}/accept/",
        f"/offers/{offer.pk}/decline/",
    ]
    for url in actions:
        assert mallory.evaluate(POST, url) == 404, url
    invitation.refresh_from_db()
    proposal.refresh_from_db()
    offer.refresh_from_db()
    assert invitation.status == "pending" and invitation.archived_at is None
    assert proposal.status == "submitted"
    assert offer.status == "received" and offer.acknowledgment == ""
    assert Offer.objects.count() == 1

    # Nor do they show up anywhere in the stranger's lists or dashboard.
    for url in ["/", "/invitations/", "/clients/", "/proposals/", "/offers/", "/notifications/"]:
        assert mallory.goto(url).status == 200, url
        html = mallory.content()
        assert SECRET not in html, url
        assert "Globex" not in html, url
    mallory.goto("/")
    expect(mallory.locator("table.due")).to_contain_text("Mallory's own job")
    expect(mallory.locator(".pipeline")).to_contain_text("0 offers awaiting acceptance")
    screenshot(mallory, "stranger-dashboard")
    mallory.goto("/invitations/?q=Secret")
    expect(mallory.get_by_text("No invitations match")).to_be_visible()

    # While the owner still sees all of it.
    alice.goto("/")
    expect(alice.locator("table.due")).to_contain_text(SECRET)
    screenshot(alice, "owner-dashboard")
