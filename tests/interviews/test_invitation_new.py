"""The quick form: a client picked or typed, the job, and the notice time in the user's zone."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from interviews.models import Client, Invitation
from tests.support.instants import NOW

URL = "/invitations/new/"


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def post(browser, **fields):
    data = {
        "client": "",
        "new_client_name": "",
        "job_title": "Build a booking system",
        "job_url": "https://www.upwork.com/jobs/~0123",
        "message": "Hi! Would you be available for this?",
        "notified_at": "2026-11-25T06:30",
    }
    data.update(fields)
    return browser.post(URL, data)


def test_it_sends_an_anonymous_visitor_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert reverse("invitation_new") == URL


def test_it_offers_now_in_the_users_zone_and_names_the_zone(signed_in, now):
    response = signed_in.get(URL)
    assert response.status_code == 200
    # 12:00 UTC is 07:00 in New York in November.
    assertContains(response, 'type="datetime-local"')
    assertContains(response, 'value="2026-11-25T07:00"')
    assertContains(response, "Your time zone: America/New_York.")


def test_it_records_an_invitation_for_a_picked_client(signed_in, now, client_record):
    response = post(signed_in, client=client_record.pk)
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("invitation_detail", args=[invitation.pk])
    assert invitation.client == client_record
    assert invitation.job_title == "Build a booking system"
    assert invitation.job_url == "https://www.upwork.com/jobs/~0123"
    assert invitation.message == "Hi! Would you be available for this?"
    # 06:30 in New York is 11:30 UTC; the start window is 14 days from it.
    assert invitation.notified_at == datetime(2026, 11, 25, 11, 30, tzinfo=UTC)
    assert invitation.start_deadline == invitation.notified_at + timedelta(days=14)
    assert invitation.preparation.count() == 4


def test_it_confirms_with_the_start_deadline(signed_in, now, client_record):
    response = signed_in.post(
        URL,
        {
            "client": client_record.pk,
            "job_title": "Build a booking system",
            "notified_at": "2026-11-25T06:30",
        },
        follow=True,
    )
    assertContains(
        response, "Invitation recorded. Start the interview by Wed 09 Dec 2026 06:30 EST."
    )


def test_it_creates_a_client_typed_inline(signed_in, now, owner):
    post(signed_in, new_client_name="  Globex  ")
    client = Client.objects.get()
    assert client.name == "Globex"
    assert client.owner == owner
    assert Invitation.objects.get().client == client


def test_it_reuses_a_client_of_the_same_name_whatever_the_case(signed_in, now, client_record):
    post(signed_in, new_client_name="ACME")
    assert Client.objects.count() == 1
    assert Invitation.objects.get().client == client_record


def test_it_reuses_only_the_users_own_client(signed_in, now, stranger):
    theirs = Client.objects.create(owner=stranger, name="Globex")
    post(signed_in, new_client_name="Globex")
    mine = Invitation.objects.get().client
    assert mine != theirs
    assert mine.owner.username == "alice"


def test_it_picks_the_client_from_the_link_on_a_client_page(signed_in, client_record):
    response = signed_in.get(URL, {"client": client_record.pk})
    assertContains(response, f'<option value="{client_record.pk}" selected>', html=False)


def test_it_shows_only_the_name_field_to_a_user_without_clients(signed_in, now):
    response = signed_in.get(URL)
    assert 'name="client"' not in response.content.decode()
    # The only way to name the client: marked required like the job title.
    assertContains(
        response,
        '<label for="id_new_client_name">Client&#x27;s name <span class="req"',
        html=False,
    )
    assert re.search(r'<input[^>]*name="new_client_name"[^>]*required', response.content.decode())
    response = post(signed_in)
    assertContains(response, "Type the client&#x27;s name.")
    assert not Invitation.objects.exists()


def test_the_new_client_name_is_optional_beside_the_picker(signed_in, client_record):
    response = signed_in.get(URL)
    assert not re.search(
        r'<input[^>]*name="new_client_name"[^>]*required', response.content.decode()
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"client": ""}, "Pick one of your clients, or type the name of a new one."),
        ({"new_client_name": "Globex"}, "Pick one of your clients or type a new client"),
        ({"job_title": ""}, "This field is required."),
        ({"job_title": "x" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
        ({"job_url": "not a url"}, "Enter a valid URL."),
        ({"notified_at": "2026-13-45T25:99"}, "Enter a valid date/time."),
        ({"notified_at": "yesterday"}, "Enter a valid date/time."),
        ({"notified_at": ""}, "This field is required."),
        ({"notified_at": "2026-11-25T07:01"}, "The notification time cannot be in the future."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(signed_in, now, client_record, fields, message):
    response = post(signed_in, **({"client": client_record.pk} | fields))
    assert response.status_code == 200
    assertContains(response, message)
    assert not Invitation.objects.exists()
    assert Client.objects.count() == 1


def test_it_refuses_another_users_client(signed_in, now, stranger, client_record):
    theirs = Client.objects.create(owner=stranger, name="Their client")
    response = post(signed_in, client=theirs.pk)
    assertContains(response, "Select a valid choice.")
    assert not Invitation.objects.exists()


def test_it_reads_the_notice_time_in_the_users_own_zone(client, now, db):
    tokyo = User.objects.create_user("kenji", "kenji@example.com", "kenji-pass-1")
    tokyo.timezone = "Asia/Tokyo"
    tokyo.save()
    client.force_login(tokyo)
    response = post(client, new_client_name="Sakura", notified_at="2026-11-25T09:00")
    assert response.status_code == 302
    assert Invitation.objects.get().notified_at == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def test_it_shows_a_past_notice_in_the_users_zone(signed_in, now, client_record):
    post(signed_in, client=client_record.pk, notified_at="2026-11-20T23:15")
    invitation = Invitation.objects.get()
    assert invitation.notified_at == NOW.replace(day=21, hour=4, minute=15)
    response = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    assertContains(response, "Fri 20 Nov 2026 23:15 EST")


def test_a_time_the_clocks_show_twice_is_read_as_the_first_of_the_two(
    signed_in, now, client_record
):
    # 1 Nov 2026: New York's clocks go back from 02:00 EDT to 01:00 EST, so 01:30 comes twice.
    # The first is the earlier instant: a deadline counted from it comes early, never late.
    response = post(signed_in, client=client_record.pk, notified_at="2026-11-01T01:30")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.notified_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    response = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    assertContains(response, "Sun 01 Nov 2026 01:30 EDT")


def test_a_time_the_clocks_skip_is_refused_naming_the_change(signed_in, now, client_record):
    # 8 Mar 2026: New York's clocks go forward from 02:00 EST to 03:00 EDT; 02:30 never comes.
    response = post(signed_in, client=client_record.pk, notified_at="2026-03-08T02:30")
    assert response.status_code == 200
    assert response.context["form"].errors["notified_at"] == [
        "There is no 02:30 on Sun 08 Mar 2026 in America/New_York: the clocks skip it when "
        "they go forward from EST to EDT. Did you mean 03:30 EDT?"
    ]
    assert not Invitation.objects.exists()
