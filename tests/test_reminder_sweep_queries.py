"""The sweep's SQL does not grow with the number of reminders it sends in a batch."""

from datetime import timedelta

import pytest

from reminders.tasks import preview_due_reminders, send_due_reminders

from .conftest import NOW

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
    # The same bound for 2 and for 30 reminders (each claim is its own short transaction).
    with django_assert_max_num_queries(16):
        report = send_due_reminders(now=NUDGES_DUE)
    assert report.sent == count


@pytest.mark.parametrize("count", [2, 30])
def test_a_dry_run_asks_once_whether_the_proposals_had_offers(
    now, submitted, count, django_assert_max_num_queries
):
    submitted(count)
    with django_assert_max_num_queries(5):
        report = preview_due_reminders(now=NUDGES_DUE)
    assert report.sent == count
