"""No reminder goes to an address before its owner confirms it; a new address replaces the
old one only once confirmed, and the old one is told."""

import re
from datetime import timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from reminders.models import Notification
from reminders.tasks import send_due_reminders

from ..conftest import NOW

H = timedelta(hours=1)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body).group(1)


def test_a_reminder_skips_an_unconfirmed_address_and_still_shows_in_the_app(
    now, owner, make_invitation
):
    EmailAddress.objects.filter(user=owner).update(verified=False)
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    assert mail.outbox == []
    assert Notification.objects.filter(owner=owner).count() == 1


def test_an_address_without_a_row_of_its_own_gets_nothing(now, owner, make_invitation):
    """An address typed into the old settings page, never confirmed, as the migration finds it."""
    EmailAddress.objects.filter(user=owner).delete()
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    assert mail.outbox == []
    assert owner.reminder_email() is None


def test_a_confirmed_address_gets_its_reminders(now, owner, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_sign_up_mails_a_link_and_reminders_wait_for_it(client, db, queue_runs_inline):
    client.post(
        "/signup/",
        {
            "username": "bob",
            "email": "bob@example.com",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
            "timezone": "Asia/Tokyo",
        },
    )
    bob = User.objects.get(username="bob")
    assert bob.timezone == "Asia/Tokyo"
    assert bob.reminder_email() is None
    (message,) = mail.outbox
    assert message.to == ["bob@example.com"]
    client.post(link_in(message))
    assert bob.reminder_email() == "bob@example.com"


def test_a_new_address_is_used_only_once_confirmed_and_the_old_one_is_told(
    client, owner, queue_runs_inline
):
    client.force_login(owner)
    response = client.post("/email/", {"email": "alice@new.example", "action_add": ""})
    assert response.status_code == 302
    owner.refresh_from_db()
    # Until the new address is confirmed, everything still goes to the old one.
    assert owner.email == "alice@example.com"
    assert owner.reminder_email() == "alice@example.com"
    (confirmation,) = mail.outbox
    assert confirmation.to == ["alice@new.example"]
    mail.outbox.clear()
    client.post(link_in(confirmation))
    owner.refresh_from_db()
    assert owner.email == "alice@new.example"
    assert owner.reminder_email() == "alice@new.example"
    assert ["alice@example.com"] in [message.to for message in mail.outbox]


def test_changing_the_address_asks_for_the_password_when_it_was_not_given_lately(client, owner):
    from ..conftest import stale_login

    stale_login(client, owner)
    response = client.post("/email/", {"email": "mallory@evil.example", "action_add": ""})
    assert response.status_code == 302
    assert response.url.startswith("/reauthenticate/")
    assert not EmailAddress.objects.filter(email="mallory@evil.example").exists()
