"""Correcting an invitation: the job, the client, and a notice time that moves its deadline."""

from datetime import UTC, datetime, timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviews.models import Client, Invitation
from tests.support.instants import NOW


def url(invitation):
    return reverse("invitation_edit", args=[invitation.pk])


def snapshot(invitation):
    return model_to_dict(Invitation.objects.get(pk=invitation.pk))


def form_data(invitation, **fields):
    data = {
        "client": invitation.client_id,
        "new_client_name": "",
        "job_title": invitation.job_title,
        "job_url": invitation.job_url,
        "message": invitation.message,
        "notified_at": "2026-11-25T06:00",
    }
    return data | fields


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_it_shows_the_saved_values_in_the_users_zone(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=3), job_title="Old title")
    response = signed_in.get(url(invitation))
    assert response.status_code == 200
    assertContains(response, 'value="Old title"')
    assertContains(response, 'value="2026-11-25T04:00"')
    assertContains(response, "Your time zone: America/New_York.")


def test_it_is_a_404_for_a_stranger(client, stranger, now, make_invitation):
    invitation = make_invitation()
    before = snapshot(invitation)
    client.force_login(stranger)
    assert client.get(url(invitation)).status_code == 404
    response = client.post(url(invitation), form_data(invitation, job_title="Mine now"))
    assert response.status_code == 404
    assert snapshot(invitation) == before


def test_it_sends_an_anonymous_visitor_to_log_in(client, now, make_invitation):
    response = client.get(url(make_invitation()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_saves_corrections(signed_in, now, owner, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(
        url(invitation),
        form_data(
            invitation,
            job_title="Build a better dashboard",
            job_url="https://example.com/job/1",
            message="Please apply.",
            client="",
            new_client_name="Initech",
        ),
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.job_title == "Build a better dashboard"
    assert invitation.job_url == "https://example.com/job/1"
    assert invitation.message == "Please apply."
    assert invitation.client == Client.objects.get(owner=owner, name="Initech")


def test_a_corrected_notice_time_moves_the_start_deadline(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=1))
    response = signed_in.post(
        url(invitation), form_data(invitation, notified_at="2026-11-24T07:00"), follow=True
    )
    invitation.refresh_from_db()
    assert invitation.notified_at == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert invitation.start_deadline == datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
    assertContains(response, "The start deadline moved with the notice time to Tue 08 Dec 2026")


def test_it_refuses_a_notice_time_after_the_interview_started(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    before = snapshot(invitation)
    # 06:00 in New York is 11:00 UTC: after the start at 10:00 UTC.
    response = signed_in.post(url(invitation), form_data(invitation))
    assert response.status_code == 200
    assertContains(
        response,
        "The interview started on Wed 25 Nov 2026 05:00 EST; the invitation cannot have "
        "arrived after that.",
    )
    assert snapshot(invitation) == before


def test_it_refuses_a_notice_time_after_the_decline(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.decline("Not my field", at=NOW - timedelta(hours=2))
    before = snapshot(invitation)
    response = signed_in.post(url(invitation), form_data(invitation))
    assertContains(response, "You declined this invitation on Wed 25 Nov 2026 05:00 EST")
    assert snapshot(invitation) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"notified_at": "2026-11-25T08:00"}, "The notification time cannot be in the future."),
        ({"notified_at": "25/11/2026"}, "Enter a valid date/time."),
        ({"job_title": "x" * 301}, "Ensure this value has at most 300 characters"),
        ({"job_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"client": "", "new_client_name": ""}, "Pick one of your clients"),
    ],
)
def test_it_refuses_bad_corrections(signed_in, now, make_invitation, fields, message):
    invitation = make_invitation()
    before = snapshot(invitation)
    response = signed_in.post(url(invitation), form_data(invitation, **fields))
    assert response.status_code == 200
    assertContains(response, message)
    assert snapshot(invitation) == before


def test_it_refuses_another_users_client(signed_in, now, stranger, make_invitation):
    invitation = make_invitation()
    before = snapshot(invitation)
    theirs = Client.objects.create(owner=stranger, name="Their client")
    response = signed_in.post(url(invitation), form_data(invitation, client=theirs.pk))
    assertContains(response, "Select a valid choice.")
    assert snapshot(invitation) == before


def test_validating_before_saving_moves_the_deadline_only_once(now, make_invitation):
    # A form (and the admin) runs full_clean() and then save(): both compute the deadlines.
    invitation = Invitation.objects.get(pk=make_invitation(notified_at=NOW - timedelta(hours=1)).pk)
    invitation.notified_at = NOW - timedelta(days=1)
    invitation.full_clean()
    invitation.save()
    invitation.refresh_from_db()
    assert invitation.start_deadline == NOW - timedelta(days=1) + timedelta(days=14)


def test_it_refuses_a_notice_time_that_puts_the_start_after_its_deadline(
    signed_in, now, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13))
    invitation.start(at=NOW - timedelta(hours=1))
    before = snapshot(invitation)
    response = signed_in.post(
        url(invitation), form_data(invitation, notified_at="2026-11-01T07:00")
    )
    assertContains(
        response,
        "The interview started on Wed 25 Nov 2026 06:00 EST, after the start deadline this "
        "notice time gives (Sun 15 Nov 2026 07:00 EST).",
    )
    assert response.context["form"].errors["notified_at"]
    assert snapshot(invitation) == before


def test_editing_only_the_job_keeps_a_notice_time_with_seconds(signed_in, now, make_invitation):
    # The admin and imports keep seconds; the form's input shows whole minutes.
    invitation = make_invitation(notified_at=datetime(2026, 11, 25, 9, 0, 45, tzinfo=UTC))
    before = snapshot(invitation)
    page = signed_in.get(url(invitation))
    assertContains(page, 'value="2026-11-25T04:00"')
    edit = form_data(invitation, job_title="New title", notified_at="2026-11-25T04:00")
    response = signed_in.post(url(invitation), edit)
    assert response.status_code == 302
    assert snapshot(invitation) == before | {"job_title": "New title"}


def test_editing_only_the_job_of_an_interview_started_in_the_last_seconds_is_saved(
    signed_in, now, make_invitation
):
    # Started 15 seconds before its start deadline of 11 Nov 11:30:45 UTC (06:30:45 EST).
    invitation = make_invitation(notified_at=datetime(2026, 11, 11, 11, 30, 45, tzinfo=UTC))
    invitation.start(at=datetime(2026, 11, 25, 11, 30, 30, tzinfo=UTC))
    before = snapshot(invitation)
    edit = form_data(invitation, job_title="New title", notified_at="2026-11-11T06:30")
    response = signed_in.post(url(invitation), edit)
    assert response.status_code == 302
    assert snapshot(invitation) == before | {"job_title": "New title"}


def test_a_notice_time_moved_to_another_minute_drops_the_seconds(signed_in, now, make_invitation):
    invitation = make_invitation(notified_at=datetime(2026, 11, 25, 9, 0, 45, tzinfo=UTC))
    signed_in.post(url(invitation), form_data(invitation, notified_at="2026-11-25T04:01"))
    invitation.refresh_from_db()
    assert invitation.notified_at == datetime(2026, 11, 25, 9, 1, tzinfo=UTC)


def test_editing_only_the_job_keeps_a_notice_in_the_repeated_hour(signed_in, now, make_invitation):
    # 01:30 EST on 1 Nov 2026, the second 01:30 in New York that night.
    invitation = make_invitation(notified_at=datetime(2026, 11, 1, 6, 30, 15, tzinfo=UTC))
    before = snapshot(invitation)
    assertContains(signed_in.get(url(invitation)), 'value="2026-11-01T01:30"')
    edit = form_data(invitation, job_title="New title", notified_at="2026-11-01T01:30")
    response = signed_in.post(url(invitation), edit)
    assert response.status_code == 302
    assert snapshot(invitation) == before | {"job_title": "New title"}
