"""The sweep's SQL does not grow with the number of reminders it sends in a batch."""

from datetime import timedelta
from math import ceil

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Client
from reminders.tasks import REMINDERS_PER_EMAIL, preview_due_reminders, send_due_reminders
from tests.support.instants import NOW

H = timedelta(hours=1)
# The queries of one e-mail's own commit: its reminders marked sent (their notifications
# were written with the batch's, before the e-mails).
PER_EMAIL = 3
# When the proposals' follow-up nudges (7 days after submission) are due.
NUDGES_DUE = NOW + timedelta(days=7, minutes=1)


@pytest.fixture
def submitted(make_proposal):
    def make(count):
        for number in range(count):
            make_proposal(job_title=f"Job {number}").submit()

    return make


@pytest.mark.parametrize("count", [2, 30])
def test_the_sweep_asks_once_per_batch_whether_the_proposals_had_offers(
    now, submitted, count, django_assert_max_num_queries
):
    submitted(count)
    # The same bound for 2 and for 30 reminders but for each e-mail's own commit (its
    # marks): each claim is its own short transaction; three of them are the channels'
    # outbox: their owners' channels, expired claims, what is due; three the batch's
    # notifications, in a commit of their own before the e-mails.
    emails = ceil(count / REMINDERS_PER_EMAIL)
    with django_assert_max_num_queries(20 + PER_EMAIL * emails):
        report = send_due_reminders(now=NUDGES_DUE)
    assert report.sent == count
    assert report.emails == emails


@pytest.mark.parametrize("count", [2, 30])
def test_a_dry_run_asks_once_whether_the_proposals_had_offers(
    now, submitted, count, django_assert_max_num_queries
):
    submitted(count)
    # One of them counts the expired claims a real sweep would take back; one reads the
    # owners' confirmed addresses; three plan: the batch's freelancers, their rows, and the
    # look that finds nothing more.
    with django_assert_max_num_queries(9):
        report = preview_due_reminders(now=NUDGES_DUE)
    assert report.sent == count


def test_a_sweeps_queries_do_not_grow_with_the_reminders_it_sends(
    now, owner, stranger, make_invitation, make_offer
):
    """Per batch, a fixed number of queries, however many reminders, kinds and owners, and
    a fixed number for each e-mail (marked sent in its own commit)."""
    theirs = Client.objects.create(owner=stranger, name="Globex")

    def due_batch(count, notified):
        moment = notified + timedelta(days=14) - 20 * H
        for n in range(count):
            make_invitation(job_title=f"Job {n}", notified_at=notified)
            make_invitation(
                owner=stranger, client=theirs, job_title=f"Their job {n}", notified_at=notified
            )
            make_offer(job_title=f"Offer {n}", received_at=notified, expires_at=moment + 20 * H)
        return moment

    counts = []
    first = NOW - timedelta(days=12)
    # The second batch comes due an hour after the first, before the first's next leads.
    for count, notified in ((2, first), (20, first + H)):
        moment = due_batch(count, notified)
        mail.outbox = []
        now.move_to(moment)
        with CaptureQueriesContext(connection) as queries:
            report = send_due_reminders(now=moment)
        assert report.sent == 3 * count
        # One e-mail to each freelancer, with at most REMINDERS_PER_EMAIL reminders.
        carried = [pk for message in mail.outbox for pk in message.reminder_pks]
        assert len(carried) == len(set(carried)) == 3 * count
        assert len(mail.outbox) == ceil(2 * count / REMINDERS_PER_EMAIL) + 1
        counts.append(len(queries) - PER_EMAIL * len(mail.outbox))
    assert counts[0] == counts[1]
