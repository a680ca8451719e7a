"""A reminder's subject is made one line whatever name or title was stored."""

import email
import email.policy
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from interviews.models import Client
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW


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
