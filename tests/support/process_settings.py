"""Settings for a process a test starts: the project's own, with a short wait for locks.

With TEST_LOCK_WAIT (seconds) set, the process waits that long for another connection's
lock before its statement fails: SQLite's busy timeout, PostgreSQL's lock_timeout.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

_wait = os.environ.get("TEST_LOCK_WAIT")
if _wait:
    _database = DATABASES["default"]
    if _database["ENGINE"].endswith("sqlite3"):
        _database["OPTIONS"]["timeout"] = float(_wait)
    else:
        _options = _database["OPTIONS"].get("options", "")
        _database["OPTIONS"]["options"] = f"{_options} -c lock_timeout={float(_wait) * 1000:.0f}"
