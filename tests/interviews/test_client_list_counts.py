"""The client list counts each client's invitations in grouped queries: no query per row, and
no subquery run once per row either."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interviews.models import Client, Invitation

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


def test_a_later_page_counts_its_own_clients_and_links_each_to_its_page(
    client, now, owner, make_invitation
):
    clients = Client.objects.bulk_create(
        Client(owner=owner, name=f"Client {n:03}") for n in range(30)
    )
    later = clients[27]
    make_invitation(client=later)  # open
    make_invitation(client=later, notified_at=NOW - timedelta(days=20))  # expired
    started = make_invitation(client=later)
    started.start(NOW - timedelta(minutes=30))  # in progress, so open
    make_invitation(client=clients[0])  # on the first page, not counted on the second
    client.force_login(owner)
    response = client.get(reverse("client_list"), {"page": 2})
    shown = {c.name: c for c in response.context["page_obj"]}
    assert (shown["Client 027"].invitation_count, shown["Client 027"].open_count) == (3, 2)
    assert (shown["Client 026"].invitation_count, shown["Client 026"].open_count) == (0, 0)
    assert f'<a href="{later.get_absolute_url()}">Client 027</a>' in response.text
    assert "<strong>2</strong>" in response.text


def test_it_counts_only_the_users_own_invitations_to_their_clients(
    client, now, owner, stranger, client_record, make_invitation
):
    make_invitation()
    theirs = make_invitation()
    # A link made before the models refused them: another account's invitation naming the
    # user's client.
    Invitation.objects.filter(pk=theirs.pk).update(owner=stranger)
    client.force_login(owner)
    response = client.get(reverse("client_list"))
    (acme,) = response.context["page_obj"]
    assert (acme.invitation_count, acme.open_count) == (1, 1)
