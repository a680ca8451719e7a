"""The client list counts each client's invitations in grouped queries: no query per row, and
no subquery run once per row either."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Client

from ..conftest import NOW


def test_it_counts_without_a_subquery_per_row(client, now, owner, make_invitation):
    clients = Client.objects.bulk_create(
        Client(owner=owner, name=f"Client {n:03}") for n in range(40)
    )
    for number, record in enumerate(clients[:10]):
        make_invitation(client=record)  # open
        if number % 2:
            make_invitation(client=record, notified_at=NOW - timedelta(days=20))  # expired
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("client_list"))
    assert response.status_code == 200
    nested = [q["sql"] for q in queries if q["sql"].upper().count("SELECT") > 1]
    assert nested == []
    counts = {c.name: (c.invitation_count, c.open_count) for c in response.context["page_obj"]}
    assert counts["Client 000"] == (1, 1)
    assert counts["Client 001"] == (2, 1)
    assert counts["Client 020"] == (0, 0)


def test_its_number_of_queries_does_not_grow_with_the_invitations(
    client, now, owner, make_invitation
):
    client.force_login(owner)
    record = Client.objects.create(owner=owner, name="Busy")

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("client_list"))
        return len(queries)

    make_invitation(client=record)
    few = queries_for_the_page()
    for _ in range(30):
        make_invitation(client=record)
    assert queries_for_the_page() == few
