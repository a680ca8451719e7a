"""Names and titles are one line: a reminder's subject is made one line whatever was stored,
and every form (and the import) refuses a line break in a name or title."""

import email
import email.policy
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Milestone, Offer
from pipeline.portability import INVITATION_HEADER
from proposals.models import Proposal, ProposalTemplate
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders

from .conftest import NOW
from .test_import import csv_text, own_row, snapshot, upload
from .test_offer_pages import offer_data
from .test_proposal_pages import letter_data
from .test_settings_page import form_data as settings_data

REFUSED = "Keep this on one line: line breaks are not allowed here."
BREAKS = ["Acme\nCorp", "Acme\r\nCorp", "Acme\rCorp", "Acme\u2028Corp"]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def read_back(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def assert_one_clean_line(subject):
    assert subject == " ".join(subject.split())


# The subject of a reminder ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Acme\nCorp", "Acme\r\nCorp", "Acme\tCorp", "Acme  \r\n\t  Corp", "\tAcme Corp\n"]
)
def test_a_reminder_for_a_stored_name_with_breaks_goes_out_with_a_one_line_subject(
    now, owner, make_invitation, name
):
    # Stored before the forms refused it (the model's save does not validate).
    acme = Client.objects.create(owner=owner, name=name)
    invitation = make_invitation(client=acme, job_title="Build\r\na\tdashboard")
    report = sweep(invitation.start_deadline - timedelta(hours=72))
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    (message,) = mail.outbox
    assert message.subject.startswith("Start your interview with Acme Corp — ")
    assert_one_clean_line(message.subject)
    assert read_back(message)["Subject"] == message.subject
    assert Reminder.objects.get(status=Reminder.Status.SENT).last_error == ""
    assert Notification.objects.get().title == message.subject


def test_several_reminders_in_one_email_have_a_one_line_subject(now, owner, make_invitation):
    tabbed = Client.objects.create(owner=owner, name="Initech\t\tLtd")
    broken = Client.objects.create(owner=owner, name="Globex\r\nInc")
    first = make_invitation(client=tabbed)
    make_invitation(client=broken, notified_at=NOW - timedelta(hours=2))
    report = sweep(first.start_deadline - timedelta(hours=72))
    assert (report.sent, report.emails) == (2, 1)
    (message,) = mail.outbox
    assert message.subject.endswith("(+1 more)")
    assert_one_clean_line(message.subject)
    assert "Globex Inc" in message.body and "Initech Ltd" in message.body


def test_an_offer_from_a_client_whose_name_has_a_break_is_reminded(now, owner, make_offer):
    globex = Client.objects.create(owner=owner, name="Globex\nInc")
    offer = make_offer(client=globex, job_title="API\r\nwork")
    report = sweep(offer.expires_at - timedelta(hours=48))
    assert report.sent == 1
    (message,) = mail.outbox
    assert message.subject.startswith("Accept or decline the offer from Globex Inc — ")
    assert_one_clean_line(message.subject)


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


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_the_settings_form_refuses_a_name_with_a_line_break(signed_in, owner, field):
    before = model_to_dict(User.objects.get(pk=owner.pk))
    response = signed_in.post(reverse("settings"), settings_data(**{field: "Al\nice"}))
    assert response.status_code == 200
    assert REFUSED in response.text
    assert model_to_dict(User.objects.get(pk=owner.pk)) == before


def test_the_admin_refuses_a_client_name_with_a_line_break(client, db, now):
    admin = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(admin)
    data = {"owner": admin.pk, "name": "Acme\nCorp", "company": "", "industry": ""}
    response = client.post(reverse("admin:interviews_client_add"), data)
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"client": "Acme\nCorp"}, "Client"),
        ({"job_title": "Good\r\njob"}, "Job title"),
    ],
)
def test_an_imported_name_or_title_with_a_line_break_is_refused(client, owner, now, changes, label):
    client.force_login(owner)
    before = snapshot()
    response = upload(client, csv_text(INVITATION_HEADER, own_row(), own_row(**changes)))
    assert response.status_code == 200
    problems = response.context["problems"]
    assert f"Line 3: “{label}” has a line break; it must be one line." in problems
    assert snapshot() == before
