"""A proposal's job title and a template's name are one line: the forms refuse a line break."""

import pytest
from django.urls import reverse

from proposals.models import Proposal, ProposalTemplate
from tests.support.proposal_forms import letter_data

REFUSED = "Keep this on one line: line breaks are not allowed here."


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_proposal_form_refuses_a_job_title_with_a_line_break(signed_in, client_record):
    data = letter_data(client=client_record.pk, job_title="Data\npipeline")
    response = signed_in.post(reverse("proposal_new"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Proposal.objects.exists()


def test_the_template_form_refuses_a_name_with_a_line_break(signed_in):
    data = {"name": "Standard\r\nletter", "body": "I am {my_name}."}
    response = signed_in.post(reverse("template_new"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not ProposalTemplate.objects.exists()
