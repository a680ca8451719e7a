"""Client names and invitation titles are one line: the forms and the admin refuse a line break."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation

REFUSED = "Keep this on one line: line breaks are not allowed here."


BREAKS = ["Acme\nCorp", "Acme\r\nCorp", "Acme\rCorp", "Acme\u2028Corp"]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


# Forms refuse line breaks ------------------------------------------------------------------


@pytest.mark.parametrize("name", BREAKS)
def test_the_new_client_form_refuses_a_name_with_a_line_break(signed_in, name):
    response = signed_in.post(reverse("client_new"), {"name": name, "company": "Acme Inc."})
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Client.objects.exists()


@pytest.mark.parametrize("field", ["name", "company", "industry"])
def test_the_client_edit_form_refuses_a_line_break_and_changes_nothing(
    signed_in, client_record, field
):
    before = model_to_dict(client_record)
    data = {"name": "Acme", "company": "Acme Inc.", "industry": "SaaS", field: "Two\nlines"}
    response = signed_in.post(reverse("client_edit", args=[client_record.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert model_to_dict(Client.objects.get(pk=client_record.pk)) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"job_title": "Build a\r\nbooking system"},
        {"job_title": "Build a\nbooking system"},
        {"new_client_name": "New\nClient"},
    ],
)
def test_the_invitation_form_refuses_a_line_break_and_saves_nothing(signed_in, now, changes):
    data = {
        "client": "",
        "new_client_name": "Initech",
        "job_title": "Build a booking system",
        "notified_at": "2026-11-25T06:30",
        **changes,
    }
    response = signed_in.post(reverse("invitation_new"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Invitation.objects.exists()
    assert not Client.objects.exists()


def test_editing_an_invitation_refuses_a_line_break(signed_in, now, make_invitation):
    invitation = make_invitation()
    before = model_to_dict(invitation)
    data = {
        "client": invitation.client_id,
        "new_client_name": "",
        "job_title": "Build\na dashboard",
        "notified_at": "2026-11-25T06:00",
    }
    response = signed_in.post(reverse("invitation_edit", args=[invitation.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert model_to_dict(Invitation.objects.get(pk=invitation.pk)) == before


def test_the_admin_refuses_a_client_name_with_a_line_break(client, db, now):
    admin = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    data = {"owner": admin.pk, "name": "Acme\nCorp", "company": "", "industry": ""}
    response = client.post(reverse("admin:interviews_client_add"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Client.objects.exists()
