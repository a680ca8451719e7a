"""A malformed client filter on the invitation, proposal and offer lists filters nothing."""

import pytest
from django.test import Client as Browser
from django.urls import reverse

from interviews.models import Client
from tests.support.malformed_ids import MALFORMED, spoil


@pytest.fixture
def signed_in(owner):
    # Any error is a 500 page here, as a user would see it, not an exception in the test.
    browser = Browser(raise_request_exception=False)
    browser.force_login(owner)
    return browser


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
