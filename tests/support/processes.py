"""Run project commands in real processes against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from tests.support.channels import CHANNEL_KEY

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(delivery_log, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "test-only-secret"),
        DJANGO_DEBUG="false",
        EMAIL_BACKEND="tests.support.mail_backends.FileRecordingBackend",
        REMINDER_DELIVERY_LOG=str(delivery_log),
        Q_SYNC="false",
        PYTHONUNBUFFERED="1",
        TRACKER_CHANNEL_KEYS=CHANNEL_KEY,
        TRACKER_CHANNELS_ALLOW_PRIVATE="true",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(args, env, **popen):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=popen.pop("stderr", subprocess.STDOUT),
        text=True,
        **popen,
    )


def delivered(delivery_log):
    """The primary keys of the reminders e-mailed so far, once per delivery, in order."""
    path = Path(delivery_log)
    if not path.exists():
        return []
    return [int(line) for line in path.read_text().splitlines() if line]


def wait_for(predicate, timeout, interval=0.2):
    """Poll until `predicate()` is true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
