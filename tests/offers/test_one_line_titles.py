"""An offer's job title and its milestones' titles are one line: the form refuses a line break."""

import pytest
from django.urls import reverse

from offers.models import Milestone, Offer
from tests.support.offer_forms import offer_data

REFUSED = "Keep this on one line: line breaks are not allowed here."


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.parametrize(
    ("milestones", "changes"),
    [
        ((), {"job_title": "API\nwork"}),
        ((("Design\nphase", "100", ""),), {"job_title": "API", "contract_type": "fixed"}),
    ],
)
def test_the_offer_form_refuses_a_title_with_a_line_break(
    signed_in, now, client_record, milestones, changes
):
    data = offer_data(*milestones, client=client_record.pk, weekly_limit="", **changes)
    response = signed_in.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Offer.objects.exists()
    assert not Milestone.objects.exists()
