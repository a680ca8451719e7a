"""Reminders and pages count in words people use: 1 day, 2 days; 1 hour, 2 hours."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from offers.models import Offer
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)


def send_the_follow_up(kind, subject):
    (row,) = Reminder.objects.filter(kind=kind, subject_id=subject.pk)
    assert send_due_reminders(now=row.due_at).sent == 1
    (message,) = mail.outbox
    assert Notification.objects.get(reminder=row).title == message.subject
    return message.subject


@pytest.mark.parametrize("days, words", [(1, "1 day"), (2, "2 days")])
def test_the_proposal_follow_up_says_how_long_without_reply(now, owner, make_proposal, days, words):
    owner.proposal_followup_days = days
    owner.save()
    proposal = make_proposal()
    proposal.submit(at=NOW - H)
    subject = send_the_follow_up("proposal_followup", proposal)
    assert subject == f"Follow up on your proposal to Acme — no reply after {words}"


@pytest.mark.parametrize("days, words", [(1, "1 day"), (2, "2 days")])
def test_the_offer_request_follow_up_says_how_long_ago(now, owner, client_record, days, words):
    owner.offer_request_followup_days = days
    owner.save()
    offer = Offer.objects.create(
        owner=owner, client=client_record, job_title="API", requested_at=NOW - H
    )
    subject = send_the_follow_up("offer_request_followup", offer)
    assert subject == f"Ask Acme about the offer you requested {words} ago"


@pytest.mark.parametrize(
    "hours, words",
    [([1], "1 hour"), ([2], "2 hours"), ([24, 1], "24, 1 hours")],
)
def test_the_first_steps_say_when_start_reminders_come(client, owner, hours, words):
    owner.start_reminder_hours = hours
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert f"reminders come {words} before a start deadline" in page.content.decode()


def test_the_first_steps_say_so_when_no_start_reminders_were_chosen(client, owner):
    owner.start_reminder_hours = []
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("dashboard")).content.decode()
    assert "you chose no reminders before a start deadline" in page
    assert "reminders come" not in page


@pytest.mark.parametrize(
    "email, inapp, says",
    [
        (False, False, "reminders are switched off, by e-mail and in the app"),
        (True, False, "reminders come 72, 24, 2 hours before a start deadline"),
        (False, True, "reminders come 72, 24, 2 hours before a start deadline"),
    ],
)
def test_the_first_steps_say_so_when_reminders_are_switched_off(client, owner, email, inapp, says):
    owner.start_reminder_hours = [72, 24, 2]
    owner.email_reminders, owner.inapp_reminders = email, inapp
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("dashboard")).content.decode()
    assert says in page
