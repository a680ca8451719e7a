"""The start-up checks refuse settings under which a sweep could outlive the queue's task
timeout, the queue could hand a running sweep to a second worker, or a lease could run out
in the middle of an e-mail. Each names the settings that conflict."""

import subprocess
import sys
from datetime import timedelta

import pytest

from reminders.checks import sweep_fits_the_queue
from tests.support.processes import ROOT


def ids(errors):
    return [error.id for error in errors]


def test_the_defaults_pass():
    assert sweep_fits_the_queue() == []


def test_a_budget_and_deadline_longer_than_the_queue_timeout_are_refused(settings):
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=45)
    (error,) = sweep_fits_the_queue()
    assert error.id == "reminders.E002"
    for name in ("REMINDER_SWEEP_BUDGET (45 s)", "EMAIL_SEND_DEADLINE (20 s)", "75 s in all"):
        assert name in error.msg
    assert 'Q_CLUSTER["timeout"] (60 s)' in error.msg


def test_a_retry_not_longer_than_the_timeout_is_refused(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 120, "retry": 120}
    (error,) = sweep_fits_the_queue()
    assert error.id == "reminders.E003"
    assert 'Q_CLUSTER["retry"] (120 s) must be longer than Q_CLUSTER["timeout"]' in error.msg


@pytest.mark.parametrize("lease, deadline", [(20, 20), (40, 31)])
def test_a_lease_that_one_email_could_outlast_is_refused(settings, lease, deadline):
    settings.REMINDER_LEASE = timedelta(seconds=lease)
    settings.EMAIL_SEND_DEADLINE = deadline
    settings.REMINDER_SWEEP_BUDGET = timedelta(seconds=5)
    assert ids(sweep_fits_the_queue()) == ["reminders.E004"]
    (error,) = sweep_fits_the_queue()
    assert f"REMINDER_LEASE ({lease} s)" in error.msg
    assert f"EMAIL_SEND_DEADLINE ({deadline} s)" in error.msg


def test_the_queue_refuses_to_start_on_them_naming_the_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_DEBUG": "true",
            "REMINDER_SWEEP_BUDGET": "50s",
            "REMINDER_LEASE": "15s",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "reminders.E002" in result.stderr and "reminders.E004" in result.stderr
    assert "REMINDER_SWEEP_BUDGET (50 s)" in result.stderr
    assert "REMINDER_LEASE (15 s)" in result.stderr
