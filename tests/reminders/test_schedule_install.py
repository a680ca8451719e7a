"""The sweep's schedule installs itself on `migrate`, whichever apps a migrate covers."""

import os
import sqlite3
import subprocess
import sys

from tests.support.channels import CHANNEL_KEY
from tests.support.processes import ROOT


def migrate(database, *args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "test-only-secret"),
        DJANGO_DEBUG="false",
        TRACKER_CHANNEL_KEYS=CHANNEL_KEY,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def schedules(database):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT name, func FROM django_q_schedule").fetchall()


def test_migrating_before_the_queue_tables_exist_works_and_a_full_migrate_installs_it(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    # The reminders alone on a new database: the queue's tables are not there yet.
    first = migrate(database, "reminders")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Traceback" not in first.stderr
    everything = migrate(database)
    assert everything.returncode == 0, everything.stderr[-2000:]
    assert sorted(schedules(database)) == [
        ("fetch-mail", "capture.tasks.fetch_new_mail"),
        ("send-due-reminders", "reminders.tasks.send_due_reminders"),
    ]
    # Taking the queue's tables away again does not break the migrate that does it.
    removed = migrate(database, "django_q", "zero")
    assert removed.returncode == 0, removed.stderr[-2000:]
    assert "Traceback" not in removed.stderr
