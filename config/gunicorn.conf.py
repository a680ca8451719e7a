"""Gunicorn settings for the web processes (`make serve`, docs/deploy.md).

GUNICORN_BIND (default 127.0.0.1:8000) and GUNICORN_WORKERS (default 2) come from the
environment; a bad value stops gunicorn before it starts, naming the variable.
"""

import os

from gunicorn.util import parse_address


def _workers():
    raw = os.environ.get("GUNICORN_WORKERS", "").strip() or "2"
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"GUNICORN_WORKERS must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


def _usable(address):
    """host:port with a port from 1 to 65535, unix:/path, or fd://N, as gunicorn reads it."""
    try:
        parsed = parse_address(address)
    except (RuntimeError, ValueError):
        return False
    if isinstance(parsed, tuple):
        return 1 <= parsed[1] <= 65535
    return parsed != ""  # a socket's path, or a file descriptor


def _bind():
    # Empty means the default, as in the settings: gunicorn itself would read an empty
    # address as 0.0.0.0:8000, every interface.
    raw = os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"
    addresses = [address.strip() for address in raw.split(",") if address.strip()]
    for address in addresses:
        if not _usable(address):
            raise SystemExit(
                f"GUNICORN_BIND must be host:port (port 1 to 65535) or unix:/path, "
                f"comma-separated, not {address!r}."
            )
    return addresses


wsgi_app = "config.wsgi:application"
bind = _bind()
workers = _workers()
# Sync workers: each request holds one database connection and no request waits on another.
worker_class = "sync"
# A request slower than this is killed and logged rather than left to pile up.
timeout = 30
graceful_timeout = 30
# Access and error logs to standard output and error, for systemd's journal.
accesslog = "-"
errorlog = "-"
