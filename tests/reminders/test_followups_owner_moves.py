"""A subject given to another owner takes its pending reminders along; sent ones stay."""

from datetime import timedelta

import pytest
from django.core import mail

from interviews.models import Client, Invitation
from reminders.models import Notification, Reminder
from reminders.tasks import preview_due_reminders, send_due_reminders
from tests.support.followups_admin import change_in_admin, change_url, sign_in_admin
from tests.support.instants import NOW

H = timedelta(hours=1)


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


@pytest.fixture
def strangers_client(stranger):
    return Client.objects.create(owner=stranger, name="Globex")


def reminders(kind, subject, **filters):
    return Reminder.objects.filter(kind=kind, subject_id=subject.pk, **filters)


def owners(kind, subject, status):
    return set(reminders(kind, subject, status=status).values_list("owner__username", flat=True))


def test_an_invitation_given_to_another_owner_takes_its_pending_reminders(
    now, owner, stranger, strangers_client, make_invitation, admin_client
):
    invitation = make_invitation(notified_at=NOW - H)
    first_due = reminders("start_window", invitation).order_by("due_at").first()
    assert send_due_reminders(now=first_due.due_at).sent == 1

    page = change_in_admin(admin_client, invitation, owner=stranger.pk, client=strangers_client.pk)
    assert page.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).owner == stranger
    assert owners("start_window", invitation, Reminder.Status.SENT) == {owner.username}
    assert owners("start_window", invitation, Reminder.Status.PENDING) == {stranger.username}

    mail.outbox.clear()
    following = reminders("start_window", invitation, status=Reminder.Status.PENDING)
    assert send_due_reminders(now=following.order_by("due_at").first().due_at).sent == 1
    assert [message.to for message in mail.outbox] == [[stranger.email]]
    assert (
        not Notification.objects.filter(owner=owner, reminder__isnull=False)
        .exclude(reminder=first_due)
        .exists()
    )


def test_a_proposal_given_to_another_owner_takes_its_follow_up(
    now, owner, stranger, strangers_client, make_proposal, admin_client
):
    proposal = make_proposal()
    proposal.submit(at=NOW - H)
    assert owners("proposal_followup", proposal, Reminder.Status.PENDING) == {owner.username}
    page = change_in_admin(admin_client, proposal, owner=stranger.pk, client=strangers_client.pk)
    assert page.status_code == 302
    assert owners("proposal_followup", proposal, Reminder.Status.PENDING) == {stranger.username}


def test_an_offer_given_to_another_owner_takes_its_expiry_reminders(
    now, stranger, strangers_client, make_offer, admin_client
):
    offer = make_offer(expires_at=NOW + timedelta(days=5))
    assert reminders("offer_expiry", offer, status=Reminder.Status.PENDING).count() == 2
    page = change_in_admin(admin_client, offer, owner=stranger.pk, client=strangers_client.pk)
    assert page.status_code == 302
    assert owners("offer_expiry", offer, Reminder.Status.PENDING) == {stranger.username}


def test_the_new_owners_lead_times_apply(now, owner, stranger, make_invitation):
    stranger.start_reminder_hours = [48]
    stranger.save()
    invitation = make_invitation(notified_at=NOW - H)
    invitation.owner = stranger
    invitation.client = Client.objects.create(owner=stranger, name="Globex")
    invitation.save()
    pending = reminders("start_window", invitation, status=Reminder.Status.PENDING)
    assert [(row.owner, row.lead) for row in pending] == [(stranger, 48 * H)]


@pytest.fixture
def moved_behind_its_back(now, stranger, make_invitation):
    """An invitation given to someone else by an UPDATE, which no signal sees: its pending
    reminders still belong to the old owner."""
    invitation = make_invitation(notified_at=NOW - H)
    Invitation.objects.filter(pk=invitation.pk).update(owner=stranger)
    return reminders("start_window", invitation).order_by("due_at").first()


def test_the_sweep_cancels_a_reminder_whose_subject_has_another_owner(moved_behind_its_back):
    row = moved_behind_its_back
    report = send_due_reminders(now=row.due_at)
    assert (report.sent, report.cancelled) == (0, 1)
    assert mail.outbox == []
    assert not Notification.objects.exists()
    row.refresh_from_db()
    assert row.status == Reminder.Status.CANCELLED
    assert row.note == "Its subject now belongs to someone else."


def test_a_dry_run_says_it_would_cancel_it(moved_behind_its_back):
    report = preview_due_reminders(now=moved_behind_its_back.due_at)
    assert (report.sent, report.cancelled) == (0, 1)


def test_the_reminder_admin_does_not_change_the_owner(
    now, owner, stranger, make_invitation, admin_client
):
    invitation = make_invitation(notified_at=NOW - H)
    row = reminders("start_window", invitation).first()
    page = admin_client.get(change_url(row))
    assert 'name="owner"' not in page.content.decode()
    assert owner.username in page.content.decode()
    page = change_in_admin(admin_client, row, owner=stranger.pk)
    assert page.status_code == 302
    row.refresh_from_db()
    assert row.owner == owner
