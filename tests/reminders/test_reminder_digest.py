"""A freelancer's reminders due at once reach them in one e-mail, never in someone else's."""

import email
import email.policy
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from interviews.models import Client
from reminders.delivery import message_id
from reminders.models import Notification, Reminder
from reminders.tasks import (
    REMINDERS_PER_EMAIL,
    due_batches,
    preview_due_reminders,
    send_due_reminders,
)
from tests.support.instants import NOW

H = timedelta(hours=1)


def due_invitations(make_invitation, hours_left, **fields):
    """Invitations whose start window closes in each of `hours_left` (all under a day, so
    each one's 24-hour reminder is due at NOW); returns them in that order."""
    return [
        make_invitation(
            notified_at=NOW - timedelta(days=14) + timedelta(hours=hours),
            job_title=f"Job closing in {hours} h",
            **fields,
        )
        for hours in hours_left
    ]


def test_reminders_due_together_reach_a_freelancer_in_one_email_most_urgent_first(
    now, owner, make_invitation, client_record
):
    client_record.name = "Zoë <Studio>"
    client_record.save()
    invitations = due_invitations(make_invitation, [20, 5, 12])
    report = send_due_reminders(now=NOW)
    assert report.sent == 3
    (message,) = mail.outbox
    sent = list(Reminder.objects.filter(status="sent").order_by("deadline"))
    assert [row.subject_id for row in sent] == [invitations[i].pk for i in (1, 2, 0)]
    assert list(message.reminder_pks) == [row.pk for row in sent]
    assert message.to == ["alice@example.com"]
    notes = {note.reminder_id: note for note in Notification.objects.filter(owner=owner)}
    titles = [notes[row.pk].title for row in sent]  # each reminder keeps its own words
    assert message.subject == f"{titles[0]} (+2 more)"
    assert "5 h left" in titles[0] and "12 h left" in titles[1] and "20 h left" in titles[2]

    # The text lists them most urgent first, each with its own link.
    positions = [message.body.index(title) for title in titles]
    assert positions == sorted(positions)
    assert message.body.startswith("3 reminders, the most urgent first.")
    for invitation in invitations:
        assert f"{settings.SITE_URL}/invitations/{invitation.pk}/" in message.body
    # The HTML says the same, escaped, and both read back whole from the wire.
    raw = message.message().as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == message.subject
    text, html = (part.get_content() for part in parsed.iter_parts())
    assert text == message.body
    assert "Zoë &lt;Studio&gt;" in html and "<Studio>" not in html
    assert html.count("Open it in the tracker") == 3
    assert [html.index(f"/invitations/{invitations[i].pk}/") for i in (1, 2, 0)] == sorted(
        html.index(f"/invitations/{invitations[i].pk}/") for i in (1, 2, 0)
    )


def test_each_freelancer_gets_only_their_own_reminders(now, owner, stranger, make_invitation):
    theirs = Client.objects.create(owner=stranger, name="Globex")
    mine = due_invitations(make_invitation, [3, 9])
    other = due_invitations(make_invitation, [4, 6, 8], owner=stranger, client=theirs)
    assert send_due_reminders(now=NOW).sent == 5
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == {owner.email, stranger.email}
    for user, invitations in ((owner, mine), (stranger, other)):
        message = by_address[user.email]
        rows = Reminder.objects.filter(pk__in=message.reminder_pks)
        assert {row.owner_id for row in rows} == {user.pk}
        assert {row.subject_id for row in rows} == {invitation.pk for invitation in invitations}
    assert "Globex" not in by_address[owner.email].body
    assert "Acme" not in by_address[stranger.email].body


def test_more_reminders_than_one_email_holds_go_in_several_each_once(now, make_invitation):
    count = 2 * REMINDERS_PER_EMAIL + 5
    due_invitations(make_invitation, [1 + n * 0.25 for n in range(count)])
    assert send_due_reminders(now=NOW).sent == count
    assert [len(message.reminder_pks) for message in mail.outbox] == [
        REMINDERS_PER_EMAIL,
        REMINDERS_PER_EMAIL,
        5,
    ]
    carried = [pk for message in mail.outbox for pk in message.reminder_pks]
    assert Counter(carried) == Counter(
        Reminder.objects.filter(status="sent").values_list("pk", flat=True)
    )
    assert send_due_reminders(now=NOW + timedelta(minutes=1)).sent == 0


def test_the_message_id_names_the_same_reminders_the_same_way():
    one, two, three = (SimpleNamespace(pk=pk) for pk in (7, 8, 9))
    assert message_id([one]) == "<reminder-7@127.0.0.1>"
    assert message_id([one, two]) == message_id([two, one])  # a retry is recognisably the same
    assert message_id([one, two]).startswith("<reminders-7-2-")
    assert len({message_id([one, two]), message_id([one, three]), message_id([two, three])}) == 3


def make_due(owner, minutes_ago, subject_id):
    moment = NOW - timedelta(minutes=minutes_ago)
    return Reminder.objects.create(
        owner=owner,
        kind="start_window",
        subject_id=subject_id,
        deadline=moment + H,
        lead=H,
        due_at=moment,
        next_attempt_at=moment,
    ).pk


def test_a_batch_holds_whole_freelancers_in_the_order_of_their_oldest_due_reminder(
    owner, stranger, django_user_model
):
    third = django_user_model.objects.create_user("carol", "carol@example.com")
    # Due, oldest first: alice, mallory, alice, carol, mallory, alice.
    order = [owner, stranger, owner, third, stranger, owner]
    pks = [make_due(user, 60 - minute, n) for n, (minute, user) in enumerate(enumerate(order))]
    alice, mallory, carol = [pks[i] for i in (0, 2, 5)], [pks[1], pks[4]], [pks[3]]
    make_due(owner, -5, 99)  # not due yet: in no batch

    assert due_batches(NOW, batch_size=6) == [alice + mallory + carol]
    # A batch closes before a freelancer who would not fit in it.
    assert due_batches(NOW, batch_size=4) == [alice, mallory + carol]
    assert due_batches(NOW, batch_size=5) == [alice + mallory, carol]
    # A freelancer with more due than a batch holds fills a batch with her oldest; the rest
    # takes its turn by its own age.
    assert due_batches(NOW, batch_size=2) == [alice[:2], mallory, carol + alice[2:]]


def test_the_dry_run_plans_and_counts_e_mails_as_the_sweep_then_does(
    now, owner, stranger, make_invitation, settings, capsys, monkeypatch
):
    """With batches of 30, a freelancer's 35 reminders go in two batches cut where an e-mail
    ends (20, then 15), and so in two e-mails, as 35 at once would take."""
    settings.REMINDER_BATCH_SIZE = 30
    for user in (owner, stranger):
        user.start_reminder_hours = [24]
        user.save()
    theirs = Client.objects.create(owner=stranger, name="Globex")
    due_invitations(make_invitation, [3 + i / 2 for i in range(35)])
    due_invitations(make_invitation, [21, 22, 23, 23.5, 23.9], owner=stranger, client=theirs)
    # The first 30 due rows are all hers: the first batch is her oldest 20 alone.
    assert [len(batch) for batch in due_batches(NOW, 30)] == [20, 20]

    preview = preview_due_reminders(NOW)
    assert (preview.sent, preview.emails, preview.more) == (40, 3, 0)
    monkeypatch.setattr("reminders.tasks.PREVIEW_LIMIT", 35)
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert out.count("would send") == 20  # whole batches only: the second would pass 35
    assert "Would have sent 20, skipped 0, cancelled 0" in out and "; 1 e-mail." in out
    assert "20 more due reminders not listed here" in out
    assert Reminder.objects.filter(status="pending").count() == 40  # nothing changed

    report = send_due_reminders(now=NOW)
    assert (report.sent, report.emails, len(mail.outbox)) == (40, 3, 3)
    assert sorted(len(message.reminder_pks) for message in mail.outbox) == [5, 15, 20]


@pytest.mark.parametrize(
    "site, domain",
    [
        ("https://tracker.example.com:8443/app", "tracker.example.com"),
        ("http://[::1]:8000", "[::1]"),
        ("https://Tracker.Example.com", "tracker.example.com"),
    ],
)
def test_the_message_id_names_the_sites_host_in_a_form_mail_accepts(settings, site, domain):
    settings.SITE_URL = site
    assert message_id([SimpleNamespace(pk=7)]) == f"<reminder-7@{domain}>"
