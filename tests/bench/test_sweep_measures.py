"""The sweep's benchmark phases at a tiny scale: each gives its figures, sends what the
product sends, and leaves the database as it found it. How fast is never judged here."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import get_connection

from bench import seed, sweep
from interviews.models import Invitation
from reminders.models import Channel, ChannelDelivery, Notification, Reminder

TINY = seed.Scale(users=3, invitations_per_user=5, due=30, owner_open=2, owner_closed=4)


@pytest.fixture
def seeded(transactional_db):
    """Three freelancers with ten reminders due each (the planner's PostgreSQL statistics
    need a transactional database: VACUUM runs outside any transaction)."""
    return seed.seed(TINY)


def moment(seeded):
    return seeded.now + timedelta(minutes=1)


def test_owner_batches_keep_a_freelancers_rows_together_within_the_size():
    rows = [(1, "a"), (2, "a"), (3, "b"), (4, "b"), (5, "b"), (6, "c")]
    batches = sweep.owner_batches(rows, 3)
    assert [[row[0] for row in batch] for batch in batches] == [[1, 2], [3, 4, 5], [6]]
    many = sweep.owner_batches([(n, "a") for n in range(7)], 3)
    assert [len(batch) for batch in many] == [3, 3, 1]


def test_the_floor_claims_mails_notifies_and_marks_every_due_row(seeded):
    backend = get_connection(sweep.LOCMEM)
    done = sweep.floor(moment(seeded), seeded.due_ids, backend)

    assert done["emails"] == 3  # one per freelancer: ten reminders each fit in one e-mail
    assert done["seconds"] > 0 and done["claim_seconds"] > 0 and done["mark_seconds"] > 0
    assert done["body_chars"] > 30 * 300  # a title, a sentence and a link per reminder
    marked = Reminder.objects.filter(pk__in=seeded.due_ids, status=Reminder.Status.SENT)
    assert marked.count() == 30
    assert Notification.objects.filter(reminder_id__in=seeded.due_ids).count() == 30
    assert mail.outbox == []


def test_the_floor_cuts_a_freelancers_e_mail_at_the_products_limit(seeded, settings):
    settings.REMINDER_BATCH_SIZE = 500
    owner_id = Reminder.objects.get(pk=seeded.due_ids[0]).owner_id
    sweep.add_due(seeded, 3 * 15)  # 25 due each: two e-mails per freelancer
    due_ids = list(Reminder.objects.due(moment(seeded)).values_list("pk", flat=True))
    done = sweep.floor(moment(seeded), due_ids, get_connection(sweep.LOCMEM))
    assert done["emails"] == 6
    assert Reminder.objects.filter(owner_id=owner_id, status=Reminder.Status.SENT).count() >= 25


def test_channels_deliver_every_sent_reminder_and_are_removed_after(seeded):
    figures = sweep.measure_channels(moment(seeded), seeded.due_ids, runs=1)

    assert figures["channels"] == 3 and figures["deliveries"] == 30
    assert figures["seconds"] > 0 and figures["floor_seconds"] > 0
    assert figures["us_per_delivery"] == pytest.approx(figures["seconds"] / 30 * 1e6)
    assert figures["over_floor"] == pytest.approx(figures["seconds"] / figures["floor_seconds"])
    assert not Channel.objects.exists() and not ChannelDelivery.objects.exists()
    assert Reminder.objects.due(moment(seeded)).count() == 30


@pytest.mark.parametrize(
    "large_due, per_freelancer, emails", [(90, 30, 2), (75, 25, 2), (30, 10, 1)]
)
def test_a_large_due_backlog_is_counted_in_e_mails_per_freelancer(
    seeded, large_due, per_freelancer, emails
):
    invitations = Invitation.objects.count()
    reminders = Reminder.objects.count()

    figures = sweep.measure_large_due(seeded, moment(seeded), large_due)

    assert figures["due"] == figures["sent"] == large_due
    assert figures["freelancers"] == 3
    assert figures["due_per_freelancer"] == per_freelancer
    assert figures["emails"] == 3 * emails
    assert figures["emails_per_freelancer"] == emails
    assert figures["most_emails_to_one_freelancer"] == emails
    assert figures["target_emails_per_freelancer"] == emails
    # What the phase added is gone; the seed's due rows are due again.
    assert Invitation.objects.count() == invitations
    assert Reminder.objects.count() == reminders
    assert Reminder.objects.due(moment(seeded)).count() == 30


def test_measure_gives_every_figure_the_command_reports(seeded):
    figures = sweep.measure(seeded, 200, runs=1, large_due=60)

    for key in ("seconds", "reminders_per_second", "over_floor", "floor_seconds",
                "us_per_reminder", "floor_us_per_reminder", "peak_memory_small_bytes",
                "peak_memory_large_bytes", "pending_small", "pending_large"):  # fmt: skip
        assert figures[key] > 0, key
    assert figures["due"] == figures["sent"] == figures["delivered"] == 30
    assert figures["emails"] == figures["floor_emails"] == 3
    assert figures["pending_large"] >= 200
    assert isinstance(figures["peak_memory_growth"], float)
    # At this size PostgreSQL rightly scans the table; the plan is only reported here.
    assert figures["due_query_plan"].strip()
    assert isinstance(figures["due_query_uses_index"], bool)
    assert set(figures["channels"]) >= {
        "over_floor", "us_per_delivery", "floor_us_per_delivery", "deliveries"
    }  # fmt: skip
    assert figures["channels"]["deliveries"] == 30
    assert set(figures["large_due"]) >= {
        "due", "freelancers", "emails", "emails_per_freelancer", "target_emails_per_freelancer"
    }  # fmt: skip
    assert figures["large_due"]["due"] == 60
    assert figures["large_due"]["emails_per_freelancer"] == 1
