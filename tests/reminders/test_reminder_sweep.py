"""The sweep: each reminder at its lead time, once, saying the time actually left."""

import email
import email.policy
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from offers.models import Offer
from reminders.models import Notification, Reminder
from reminders.tasks import send_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def subjects():
    return [message.subject for message in mail.outbox]


@pytest.fixture
def dst_invitation(owner, client_record):
    # Notified 25 Feb 2026 10:00 EST; clocks spring forward on 8 March.
    notified = datetime(2026, 2, 25, 10, 0, tzinfo=NEW_YORK)
    with time_machine.travel(notified, tick=False):
        from interviews.models import Invitation

        return Invitation.objects.create(
            owner=owner, client=client_record, job_title="Dashboard", notified_at=notified
        )


def test_start_reminders_go_out_at_each_lead_time_across_daylight_saving(dst_invitation):
    deadline = dst_invitation.start_deadline
    assert deadline == datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # 11:00 EDT
    assert sweep(deadline - 72 * H - timedelta(seconds=1)).sent == 0
    assert sweep(deadline - 72 * H).sent == 1
    assert subjects()[-1] == (
        "Start your interview with Acme — 3 days left, closes Wed 11 Mar 2026 11:00 EDT"
    )
    assert sweep(deadline - 24 * H).sent == 1
    assert "1 day left" in subjects()[-1]
    assert sweep(deadline - 2 * H).sent == 1
    assert subjects()[-1].startswith("Start your interview with Acme — 2 h left")
    assert sweep(deadline - H).sent == 0
    assert len(mail.outbox) == 3


def test_completion_reminders_state_the_local_deadline_across_daylight_saving(dst_invitation):
    started = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)
    with time_machine.travel(started, tick=False):
        dst_invitation.start()
    deadline = dst_invitation.completion_deadline
    assert sweep(deadline - 24 * H).sent == 1
    assert subjects() == [
        "Complete your interview with Acme — 1 day left, closes Mon 09 Mar 2026 13:00 EDT"
    ]
    assert sweep(deadline - 6 * H).sent == 1 and sweep(deadline - H).sent == 1
    assert "1 h left" in subjects()[-1]


def test_offer_expiry_reminders_in_the_users_zone(owner, client_record):
    received = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    with time_machine.travel(received, tick=False):
        offer = Offer.objects.create(
            owner=owner,
            client=client_record,
            job_title="API",
            received_at=received,
            expires_at=datetime(2026, 3, 9, 0, 0, tzinfo=UTC),
        )
    assert sweep(offer.expires_at - 48 * H).sent == 1
    assert subjects() == [
        "Accept or decline the offer from Acme — 2 days left, expires Sun 08 Mar 2026 20:00 EDT"
    ]


@pytest.mark.parametrize("how", ["saved", "submitted"])
def test_a_proposal_follow_up_submitted_in_local_time_goes_out_across_daylight_saving(
    owner, make_proposal, how
):
    # 29 Oct 2026 10:00 EDT, as the admin's form gives it; New York falls back on 1 Nov.
    submitted = datetime(2026, 10, 29, 10, 0, tzinfo=NEW_YORK)
    with time_machine.travel(submitted, tick=False):
        if how == "saved":
            proposal = make_proposal(status="submitted", submitted_at=submitted)
        else:
            proposal = make_proposal()
            proposal.submit(at=submitted)
    proposal.refresh_from_db()
    assert proposal.submitted_at == datetime(2026, 10, 29, 14, 0, tzinfo=UTC)
    nudge_at = datetime(2026, 11, 5, 14, 0, tzinfo=UTC)  # 7 × 24 hours later: 09:00 EST
    (row,) = Reminder.objects.filter(kind="proposal_followup", subject_id=proposal.pk)
    assert row.due_at == nudge_at
    assert sweep(nudge_at - timedelta(seconds=1)).sent == 0
    assert sweep(nudge_at).sent == 1
    assert subjects() == ["Follow up on your proposal to Acme — no reply after 7 days"]


def test_a_late_sweep_states_the_time_actually_left(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    # The 24-hour reminder came due while nothing ran; now 5 hours remain.
    report = sweep(invitation.start_deadline - 5 * H)
    assert report.sent == 1
    assert "5 h left" in subjects()[0]
    assert "1 day" not in subjects()[0]


def test_after_30_hours_of_downtime_it_sends_what_is_useful_once_and_skips_the_rest(
    now, make_invitation
):
    closing = make_invitation(notified_at=NOW - timedelta(days=13, hours=20))  # 4 h left
    gone = make_invitation(notified_at=NOW - timedelta(days=15), job_title="Gone")
    later = make_invitation(notified_at=NOW - timedelta(days=10), job_title="Later")
    report = sweep(NOW + 30 * H - timedelta(hours=28))  # i.e. NOW + 2 h, after the outage
    assert report.sent == 1
    (message,) = mail.outbox
    assert "2 h left" in message.subject
    # The longer-lead reminders of the same deadline are skipped, not sent in a burst.
    assert Reminder.objects.filter(subject_id=closing.pk, status="skipped").count() == 2
    assert Reminder.objects.filter(subject_id=gone.pk, status="skipped").count() == 3
    assert not Reminder.objects.filter(subject_id=later.pk, status__in=["sent", "skipped"]).exists()
    assert sweep(NOW + 2 * H).sent == 0


def test_the_shortest_due_lead_wins_across_batches_and_a_cancelled_one_does_not_count(
    now, make_invitation
):
    """Each row is its own batch here, so the rule cannot lean on the batch: it asks the
    table. A cancelled shorter reminder stands aside for the next shortest."""
    closing = make_invitation(notified_at=NOW - timedelta(days=13, hours=20))  # 4 h left
    rows = {r.lead: r for r in Reminder.objects.filter(subject_id=closing.pk)}
    shortest, middle, longest = sorted(rows)
    rows[shortest].status = "cancelled"
    rows[shortest].save()
    moment = closing.start_deadline - timedelta(hours=1)  # all three leads due
    with time_machine.travel(moment, tick=False):
        report = send_due_reminders(now=moment, batch_size=1)
    assert (report.sent, report.skipped) == (1, 1)
    statuses = dict(Reminder.objects.filter(subject_id=closing.pk).values_list("lead", "status"))
    assert statuses == {shortest: "cancelled", middle: "sent", longest: "skipped"}
    assert Reminder.objects.get(subject_id=closing.pk, lead=longest).note == (
        "A shorter reminder of the same deadline is due or was sent; only one is sent."
    )


def test_a_reminder_whose_deadline_passed_is_skipped_not_sent_late(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=13))
    report = sweep(invitation.start_deadline + H)
    assert report.sent == 0 and report.skipped == 3
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("note", flat=True)) == {
        "The deadline had passed; a late reminder is not sent."
    }


def test_an_invitation_recorded_late_gets_one_reminder_not_a_burst(now, make_invitation):
    make_invitation(notified_at=NOW - timedelta(days=13, hours=1))  # 23 h left
    assert sweep(NOW).sent == 1
    assert "23 h left" in mail.outbox[0].subject


def test_running_the_sweep_again_sends_nothing_twice(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    moment = invitation.start_deadline - 20 * H
    assert sweep(moment).sent == 1
    assert sweep(moment).sent == 0
    assert sweep(moment + H).sent == 0
    assert len(mail.outbox) == 1


def test_each_email_has_a_stable_message_id_text_html_and_a_link(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    (message,) = mail.outbox
    row = Reminder.objects.get(status="sent")
    assert message.extra_headers["Message-ID"] == f"<reminder-{row.pk}@127.0.0.1>"
    assert message.to == ["alice@example.com"]
    assert f"/invitations/{invitation.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Open it in the tracker" in html


def test_user_text_is_escaped_in_the_html_email(now, make_invitation, client_record):
    client_record.name = "<script>alert(1)</script>"
    client_record.save()
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in mail.outbox[0].body  # plain text stays as typed


def test_the_email_reads_back_as_written_in_any_script(now, make_invitation, client_record):
    client_record.name = "Zoë Łukasiewicz 株式会社"
    client_record.save()
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    raw = mail.outbox[0].message().as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    subject = parsed["Subject"]
    assert subject == mail.outbox[0].subject
    assert subject.startswith("Start your interview with Zoë Łukasiewicz 株式会社 — ")
    text, html = (part.get_content() for part in parsed.iter_parts())
    assert "Zoë Łukasiewicz 株式会社" in text and "Zoë Łukasiewicz 株式会社" in html
    assert max(len(line) for line in raw.splitlines()) <= 998


def test_a_very_long_line_is_wrapped_for_smtp_and_reads_back_whole(
    now, make_invitation, client_record
):
    client_record.name = "Ünïcode " * 25
    client_record.save()
    invitation = make_invitation(notified_at=NOW - timedelta(days=12), job_title="Ω" * 300)
    sweep(invitation.start_deadline - 20 * H)
    raw = mail.outbox[0].message().as_bytes()
    assert max(len(line) for line in raw.splitlines()) <= 998
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    text, html = (part.get_content() for part in parsed.iter_parts())
    assert "Ω" * 300 in text and "Ω" * 300 in html


def test_a_sent_reminder_appears_in_the_app(now, owner, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    sweep(invitation.start_deadline - 20 * H)
    (note,) = Notification.objects.filter(owner=owner)
    assert note.title == mail.outbox[0].subject and note.read_at is None
    assert note.url == f"/invitations/{invitation.pk}/"


def test_channels_can_be_turned_off(now, owner, make_invitation):
    owner.email_reminders = False
    owner.save()
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    assert sweep(invitation.start_deadline - 20 * H).sent == 1
    assert mail.outbox == [] and Notification.objects.count() == 1
    owner.inapp_reminders = False
    owner.save()
    other = make_invitation(notified_at=NOW - timedelta(days=12), job_title="Other")
    report = sweep(other.start_deadline - 20 * H)
    assert report.sent == 0 and report.skipped >= 1
    assert Notification.objects.count() == 1


def test_an_obligation_met_after_the_claim_is_not_reminded(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=12))
    # A stale pending row (as if the cancel had not happened) is re-checked at send time.
    invitation.start(at=NOW)
    Reminder.objects.filter(kind="start_window").update(status="pending")
    moment = invitation.start_deadline - 20 * H
    sweep(moment)
    assert not [s for s in subjects() if s.startswith("Start")]
    due = Reminder.objects.filter(kind="start_window", due_at__lte=moment)
    assert set(due.values_list("status", flat=True)) == {"cancelled"}
