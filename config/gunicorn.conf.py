"""Gunicorn settings for the web processes (`make serve`, docs/deploy.md).

GUNICORN_BIND (default 127.0.0.1:8000) and GUNICORN_WORKERS (default 2) come from the
environment; a bad value stops gunicorn before it starts, naming the variable.
"""

import os


def _workers():
    raw = os.environ.get("GUNICORN_WORKERS", "2").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"GUNICORN_WORKERS must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


wsgi_app = "config.wsgi:application"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = _workers()
# Sync workers: each request holds one database connection and no request waits on another.
worker_class = "sync"
# A request slower than this is killed and logged rather than left to pile up.
timeout = 30
graceful_timeout = 30
# Access and error logs to standard output and error, for systemd's journal.
accesslog = "-"
errorlog = "-"
