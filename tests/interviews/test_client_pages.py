"""Clients: the list with invitation counts, the detail with everything from them, the forms."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interviews.models import Client
from tests.support.instants import NOW


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def theirs(stranger):
    return Client.objects.create(owner=stranger, name="Their client", research_notes="Secret")


def names(response):
    return [client.name for client in response.context["page_obj"].object_list]


def snapshot(client):
    return model_to_dict(Client.objects.get(pk=client.pk))


# Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["client_list", "client_new"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("page", ["client_detail", "client_edit"])
def test_an_anonymous_visitor_is_sent_to_log_in_from_a_client(client, client_record, page):
    response = client.get(reverse(page, args=[client_record.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("page", ["client_detail", "client_edit"])
def test_the_owner_sees_their_client_and_a_stranger_gets_a_404(
    client, owner, stranger, client_record, page
):
    client.force_login(owner)
    assert client.get(reverse(page, args=[client_record.pk])).status_code == 200
    client.force_login(stranger)
    assert client.get(reverse(page, args=[client_record.pk])).status_code == 404


def test_a_stranger_cannot_edit_a_client(client, stranger, client_record):
    before = snapshot(client_record)
    client.force_login(stranger)
    response = client.post(reverse("client_edit", args=[client_record.pk]), {"name": "Taken over"})
    assert response.status_code == 404
    assert snapshot(client_record) == before


# The list --------------------------------------------------------------------------------


def test_it_lists_the_users_clients_with_their_invitation_counts(
    signed_in, now, owner, client_record, theirs, make_invitation
):
    quiet = Client.objects.create(owner=owner, name="beta Corp")
    make_invitation()  # pending
    make_invitation(notified_at=NOW - timedelta(days=20))  # expired
    response = signed_in.get(reverse("client_list"))
    assert response.status_code == 200
    assert names(response) == ["Acme", "beta Corp"]
    counts = {c.name: (c.invitation_count, c.open_count) for c in response.context["page_obj"]}
    assert counts == {"Acme": (2, 1), "beta Corp": (0, 0)}
    assertNotContains(response, "Their client")
    assertContains(response, f'href="{quiet.get_absolute_url()}"')


def test_it_searches_names_companies_and_industries(signed_in, owner, client_record):
    Client.objects.create(
        owner=owner, name="Globex", company="Globex Corporation", industry="Energy"
    )
    assert names(signed_in.get(reverse("client_list"), {"q": "acme inc"})) == ["Acme"]
    assert names(signed_in.get(reverse("client_list"), {"q": "energy"})) == ["Globex"]
    response = signed_in.get(reverse("client_list"), {"q": "zzz"})
    assertContains(response, "No clients match")


def test_it_welcomes_a_user_with_no_clients(signed_in):
    assertContains(signed_in.get(reverse("client_list")), "No clients yet")


def test_it_pages_by_25(signed_in, owner):
    Client.objects.bulk_create(Client(owner=owner, name=f"Client {n:02}") for n in range(27))
    first = signed_in.get(reverse("client_list"))
    assert len(names(first)) == 25
    assert len(names(signed_in.get(reverse("client_list"), {"page": 2}))) == 2


@pytest.mark.parametrize("rows", [5, 200])
def test_its_query_count_does_not_grow_with_the_rows(
    signed_in, now, owner, make_invitation, django_assert_max_num_queries, rows
):
    clients = Client.objects.bulk_create(
        Client(owner=owner, name=f"Client {n:03}") for n in range(rows)
    )
    for client in clients[:30]:
        make_invitation(client=client)
    # Session, user, unread notifications, page count, the page's rows, then their invitations
    # counted and their open ones.
    with django_assert_max_num_queries(7):
        response = signed_in.get(reverse("client_list"))
    page = {c.name: c.invitation_count for c in response.context["page_obj"]}
    assert len(page) == min(rows + 1, 25)  # and Acme, the fixtures' own client
    assert page["Client 000"] == 1


# The detail ------------------------------------------------------------------------------


def test_it_shows_everything_from_the_client(
    signed_in, now, owner, client_record, make_invitation, make_proposal, make_offer
):
    client_record.website = "https://acme.example"
    client_record.research_notes = "Makes anvils.\nSells to coyotes."
    client_record.save()
    invitation = make_invitation(job_title="Anvil tracker")
    proposal = make_proposal(job_title="Anvil shop proposal")
    offer = make_offer(job_title="Anvil shop offer")
    response = signed_in.get(reverse("client_detail", args=[client_record.pk]))
    assertContains(response, "<h1>Acme</h1>", html=True)
    assertContains(response, "SaaS")
    assertContains(response, "Makes anvils.<br>Sells to coyotes.")
    assertContains(
        response,
        '<a href="https://acme.example" rel="noopener noreferrer">https://acme.example</a>',
        html=True,
    )
    assertContains(response, f'href="{invitation.get_absolute_url()}"')
    assertContains(response, f'href="{proposal.get_absolute_url()}"')
    assertContains(response, f'href="{offer.get_absolute_url()}"')
    assertContains(response, f'href="{reverse("invitation_new")}?client={client_record.pk}"')


def test_it_never_shows_another_clients_records(
    signed_in, now, owner, client_record, make_invitation
):
    other = Client.objects.create(owner=owner, name="Other")
    make_invitation(client=other, job_title="Other job")
    response = signed_in.get(reverse("client_detail", args=[client_record.pk]))
    assertNotContains(response, "Other job")
    assertContains(response, "No invitations from Acme yet.")


# The forms -------------------------------------------------------------------------------


def test_it_adds_a_client(signed_in, owner):
    response = signed_in.post(
        reverse("client_new"),
        {
            "name": "Globex",
            "company": "Globex Corporation",
            "industry": "Energy",
            "website": "https://globex.example",
            "research_notes": "Hank Scorpio's company.",
        },
        follow=True,
    )
    client = Client.objects.get()
    assert client.owner == owner
    assert client.website == "https://globex.example"
    assert response.redirect_chain == [(client.get_absolute_url(), 302)]
    assertContains(response, "Client Globex added.")


def test_it_edits_a_client(signed_in, client_record):
    response = signed_in.post(
        reverse("client_edit", args=[client_record.pk]),
        {"name": "Acme", "company": "Acme Corporation", "research_notes": "Anvils."},
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.company == "Acme Corporation"
    assert client_record.research_notes == "Anvils."


@pytest.mark.parametrize("name", ["Acme", "ACME", "acme"])
def test_it_refuses_a_name_the_user_already_has(signed_in, client_record, name):
    response = signed_in.post(reverse("client_new"), {"name": name})
    assert response.status_code == 200
    assertContains(response, "You already have a client with this name.")
    assert response.context["form"].errors["name"]
    assert Client.objects.count() == 1


def test_it_refuses_renaming_to_another_clients_name(signed_in, owner, client_record):
    other = Client.objects.create(owner=owner, name="Globex")
    before = snapshot(other)
    response = signed_in.post(reverse("client_edit", args=[other.pk]), {"name": "acme"})
    assertContains(response, "You already have a client with this name.")
    assertContains(response, "Edit Globex")
    assert snapshot(other) == before


def test_it_allows_a_name_another_user_has(signed_in, owner, theirs):
    signed_in.post(reverse("client_new"), {"name": "Their client"})
    assert Client.objects.filter(owner=owner, name="Their client").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
        ({"name": "Globex", "website": "not a site"}, "Enter a valid URL."),
        ({"name": "Globex", "website": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(signed_in, client_record, fields, message):
    before = snapshot(client_record)
    response = signed_in.post(reverse("client_new"), fields)
    assertContains(response, message)
    assert Client.objects.count() == 1
    response = signed_in.post(reverse("client_edit", args=[client_record.pk]), fields)
    assertContains(response, message)
    assert snapshot(client_record) == before
