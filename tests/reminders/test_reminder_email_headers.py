"""A reminder e-mail's headers: its date names its zone."""

import email
import email.policy
from types import SimpleNamespace

from reminders.delivery import Message, email_for
from tests.support.instants import NOW


def sent(user=None):
    message = Message(title="Follow up with Acme", body="Body", url="/invitations/1/")
    user = user or SimpleNamespace(pk=1, timezone="UTC", email="alice@example.com")
    return email_for([(SimpleNamespace(pk=1, kind="proposal_followup"), message)], user)


def parsed(reminder_email):
    return email.message_from_bytes(
        reminder_email.message().as_bytes(), policy=email.policy.default
    )


def test_the_date_is_the_sending_time_in_utc_named_as_plus_0000(now):
    date = parsed(sent())["Date"]
    assert str(date).endswith(" +0000")
    assert date.datetime == NOW
