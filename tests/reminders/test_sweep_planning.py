"""The sweep plans each freelancer's due reminders together, however large the backlog, and
never reads more than about a batch of due rows at a time."""

import re
from collections import Counter, defaultdict
from datetime import timedelta
from math import ceil

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from interviews.models import Client
from reminders import tasks
from reminders.models import Reminder
from reminders.tasks import REMINDERS_PER_EMAIL, Planner, owner_share, send_due_reminders
from tests.conftest import confirmed
from tests.support.instants import NOW

BATCH = 25  # smaller than the due rows, larger than one e-mail
# How many reminders each freelancer has due: alice's 30 take two e-mails.
DUE = {"alice": 30, "bob": 7, "carol": 12, "dave": 3, "erin": 21}


@pytest.fixture
def backlog(now, owner):
    """Each freelancer's due start window reminders, interleaved in due order: every
    freelancer's next reminder came due a minute after the previous freelancer's."""
    people = {"alice": owner}
    for name in DUE:
        if name != "alice":
            people[name] = confirmed(User.objects.create_user(name, f"{name}@example.com"))
    for user in people.values():
        user.start_reminder_hours = [24]  # one reminder per invitation, due in the last day
        user.save()
    clients = {
        name: Client.objects.create(owner=user, name=f"{name}'s client")
        for name, user in people.items()
    }
    minute = 0
    for turn in range(max(DUE.values())):
        for name, user in people.items():
            if turn < DUE[name]:
                minute += 1
                # The deadline is 20 h away at most, so its 24-hour reminder is due at NOW.
                notified = NOW - timedelta(days=14) + timedelta(hours=4, minutes=minute)
                user.invitations.create(
                    client=clients[name], job_title=f"{name}'s job {turn}", notified_at=notified
                )
    due = Reminder.objects.due(NOW)
    assert due.count() == sum(DUE.values())
    owners = [row.owner.username for row in due.select_related("owner")]
    assert owners[:5] == list(DUE)  # interleaved: no two in a row are one freelancer's
    return people


def test_each_freelancer_gets_one_email_per_twenty_reminders_however_small_the_batch(backlog):
    report = send_due_reminders(now=NOW, batch_size=BATCH)
    assert report.sent == sum(DUE.values())
    by_address = defaultdict(list)
    for message in mail.outbox:
        by_address[message.to[0]].append(len(message.reminder_pks))
    assert {address: len(sizes) for address, sizes in by_address.items()} == {
        f"{name}@example.com": ceil(count / REMINDERS_PER_EMAIL) for name, count in DUE.items()
    }
    assert sorted(by_address["alice@example.com"]) == [10, 20]
    # Every due reminder went out once, in one e-mail.
    carried = Counter(pk for message in mail.outbox for pk in message.reminder_pks)
    assert set(carried.values()) == {1}
    assert set(carried) == set(Reminder.objects.filter(status="sent").values_list("pk", flat=True))
    assert send_due_reminders(now=NOW + timedelta(minutes=1), batch_size=BATCH).sent == 0


def test_a_batch_holds_whole_freelancers_and_at_most_whole_emails_of_one(backlog):
    planned = Planner(BATCH).batches(NOW)
    owner_of = dict(Reminder.objects.values_list("pk", "owner__username"))
    batches = [Counter(owner_of[pk] for pk in batch) for batch in planned]
    assert all(sum(batch.values()) <= BATCH for batch in batches)
    # More than an e-mail's worth (alice's 30, erin's 21) is cut once, where an e-mail ends;
    # everyone else is in one batch.
    for name, count in DUE.items():
        shares = [batch[name] for batch in batches if name in batch]
        assert shares == ([count] if count <= 20 else [20, count - 20])


@pytest.mark.parametrize("batch_size, share", [(1, 1), (7, 7), (20, 20), (25, 20), (2000, 2000)])
def test_a_freelancers_share_of_a_batch_is_whole_emails(batch_size, share):
    assert owner_share(batch_size) == share


def limits_of_due_reads(queries):
    """The LIMIT of every query that reads due reminder rows (None where it has none)."""
    limits = []
    for query in queries:
        sql = query["sql"]
        reads_due = (
            sql.startswith("SELECT")
            and 'FROM "reminders_reminder"' in sql
            and '"next_attempt_at" <=' in sql
            and "COUNT(" not in sql
            # The claim re-reads the rows it was given (by primary key): bounded by them.
            and '"reminders_reminder"."id" IN (' not in sql
        )
        if reads_due:
            found = re.search(r"LIMIT (\d+)\s*$", sql)
            limits.append(int(found.group(1)) if found else None)
    return limits


def test_the_planner_never_reads_more_than_a_batch_of_due_rows(backlog, monkeypatch):
    """Every read of due rows is bounded by the batch (one row more, to find where it
    closes), and no batch the sweep claims is larger: memory stays flat whatever the
    backlog."""
    claimed = []
    real_claim = tasks.claim

    def counting_claim(token, now, pks):
        rows = real_claim(token, now, pks)
        claimed.append(len(rows))
        return rows

    monkeypatch.setattr("reminders.tasks.claim", counting_claim)
    with CaptureQueriesContext(connection) as queries:
        report = send_due_reminders(now=NOW, batch_size=BATCH)
    assert report.sent == sum(DUE.values())
    limits = limits_of_due_reads(queries)
    assert limits and None not in limits
    assert max(limits) <= BATCH + 1
    assert sum(claimed) == sum(DUE.values()) and max(claimed) <= BATCH


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan for a small table")
def test_the_planner_reads_a_freelancers_due_rows_through_their_partial_index(backlog):
    planner = Planner(BATCH)
    rows = planner.due_of(NOW, planner.owners(NOW))[: BATCH + 1]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "reminder_owner_due_idx" in plan
