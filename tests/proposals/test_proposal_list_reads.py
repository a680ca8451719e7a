"""The proposals list reads only what it shows: its page in order, the client's name, and
whether an invitation is answered, never the invitation itself nor the long texts."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Proposal


def test_the_page_query_joins_no_invitation_and_reads_no_letter(
    client, now, owner, client_record, make_invitation
):
    invitation = make_invitation()
    answer = Proposal.objects.create(
        owner=owner,
        client=client_record,
        invitation=invitation,
        job_title="Answers the invitation",
        cover_letter="A long letter",
        bid_amount=Decimal("40"),
    )
    Proposal.objects.create(owner=owner, client=client_record, job_title="For a job post")
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("proposal_list"))
    page_query = next(
        q["sql"] for q in queries if 'FROM "proposals_proposal"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert "interviews_invitation" not in page_query
    assert '"cover_letter"' not in page_query
    assert "answers an invitation" in response.text
    assert f'<a href="{answer.get_absolute_url()}">Answers the invitation</a>' in response.text
    assert "Acme · job post" in response.text
    assert "no bid yet" in response.text
    assert "40.00 USD/h" in response.text


def test_the_list_is_in_the_order_the_proposals_were_written(client, now, owner, client_record):
    for number in range(30):
        Proposal.objects.create(owner=owner, client=client_record, job_title=f"Job {number:02}")
    client.force_login(owner)
    first = client.get(reverse("proposal_list"))
    shown = [p.job_title for p in first.context["page_obj"]]
    assert shown == [f"Job {number:02}" for number in range(29, 4, -1)]
    second = client.get(reverse("proposal_list"), {"page": 2})
    assert [p.job_title for p in second.context["page_obj"]] == [
        f"Job {number:02}" for number in range(4, -1, -1)
    ]
