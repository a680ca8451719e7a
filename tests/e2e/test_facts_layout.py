"""The facts on a record's page read as lines of text at every width, never a letter a line."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1024, 1280, 1440)
# The narrowest a value may be: about twelve characters of the page's text.
NARROWEST = "12ch"

# Each value's width against 12ch of its own font, and the page's scroll width.
MEASURE = """([narrowest]) => {
  const probe = document.createElement("span");
  probe.style.cssText = `display:inline-block;width:${narrowest}`;
  return {
    values: [...document.querySelectorAll("dl.facts dd")].map(dd => {
      dd.appendChild(probe);
      const least = probe.getBoundingClientRect().width;
      probe.remove();
      return {text: dd.innerText.trim().slice(0, 40), width: dd.getBoundingClientRect().width,
              least: least};
    }),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.fixture
def records(owner):
    now = timezone.now()
    client = Client.objects.create(owner=owner, name="Acme", company="Acme Inc.")
    invitation = Invitation.objects.create(
        owner=owner,
        client=client,
        job_title="Build a React Native fitness app with HealthKit",
        job_url="https://www.upwork.com/jobs/~01abcdefghijklmnopqrstuvwxyz",
        notified_at=now - timedelta(days=2),
    )
    proposal = Proposal.objects.create(
        owner=owner,
        invitation=invitation,
        cover_letter="Hi Acme, thank you for inviting me.",
        bid_amount=Decimal("55"),
        status=Proposal.Status.SUBMITTED,
        submitted_at=now - timedelta(days=1),
    )
    offer = Offer.objects.create(
        owner=owner,
        proposal=proposal,
        client=client,
        job_title=invitation.job_title,
        received_at=now - timedelta(hours=3),
        amount=Decimal("55"),
    )
    return [proposal, invitation, offer, client]


def test_every_fact_has_room_for_its_value_at_every_width(
    new_page, log_in, owner, records, screenshot
):
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    squeezed = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for record in records:
            page.goto(record.get_absolute_url())
            measured = page.evaluate(MEASURE, [NARROWEST])
            assert measured["values"], record.get_absolute_url()
            squeezed += [
                (width, record.get_absolute_url(), value["text"], round(value["width"]))
                for value in measured["values"]
                if value["width"] < value["least"]
            ]
            assert measured["overflow"] <= 0, (width, record.get_absolute_url())
        page.goto(records[0].get_absolute_url())
        screenshot(page, f"proposal-{width}")
    assert squeezed == []
