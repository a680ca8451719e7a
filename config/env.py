"""Reading the settings' environment: each helper refuses a bad value with a message naming the
variable, so a typo stops the process at start-up instead of silently changing behaviour.

`config/settings.py` calls these; `.env.example` lists every variable they read.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from dotenv import dotenv_values

# The project folder: `.env`, the default SQLite files and relative SQLite paths are under it.
BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path):
    """Put the variables of a `.env` file (NAME=value lines) into the environment, if the file
    exists. A variable the environment already gives a value wins over the file. As everywhere
    here, set to nothing means not set, on either side: `NAME=` in the file leaves NAME alone,
    and NAME set to nothing in the environment takes the file's value. No `${...}` expansion:
    a `$` in a password or secret key stays a `$`."""
    for name, value in dotenv_values(path, interpolate=False).items():
        if value is None or value.strip() == "":
            continue
        if os.environ.get(name, "").strip() == "":
            os.environ[name] = value


def env_str(name, default=""):
    # Set to nothing means not set, as with every helper here: `.env.example` shows an unset
    # variable as `NAME=`, and copying it must not turn EMAIL_BACKEND into "".
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default, minimum=0, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name):
    """Origins such as https://tracker.example.com, comma-separated. Django needs the scheme,
    but says so only in a system check, which gunicorn never runs."""
    origins = env_list(name)
    for origin in origins:
        scheme, _, host = origin.partition("://")
        if scheme not in ("http", "https") or not host:
            raise ImproperlyConfigured(
                f"{name} must list origins with http:// or https:// and a host "
                f"(like https://tracker.example.com), not {origin!r}."
            )
    return origins


def env_site_url(name, default):
    """The site's own address as links in e-mails and calendars begin: scheme and host (and
    a port or path prefix), no trailing slash."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- a port that is not a number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be the site's address with http:// or https:// and a host "
            f"(like https://tracker.example.com), not {raw!r}."
        )
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} must not have a query or a fragment, not {raw!r}.")
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name, default):
    """A logging level name in any case; Python's logging itself knows only upper case, and
    would refuse anything else deep inside Django's start-up."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().upper()
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {raw!r}.")
    return value


_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def env_duration(name, default):
    """A duration such as `14d`, `48h`, `90m` or `30s`: elapsed time, never calendar arithmetic."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    unit = _DURATION_UNITS.get(value[-1:])
    number = value[:-1]
    if unit is None or not number.isdigit() or int(number) == 0:
        raise ImproperlyConfigured(
            f"{name} must be a positive number followed by s, m, h or d (like 14d or 48h), "
            f"not {raw!r}."
        )
    return timedelta(**{unit: int(number)})


def database_from_url(url):
    """Translate DATABASE_URL into a Django DATABASES entry (SQLite or PostgreSQL)."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL for SQLite needs a file path.")
        return sqlite_database(BASE_DIR / path if not Path(path).is_absolute() else Path(path))
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name.")
        port = url_port("DATABASE_URL", parts)
        # Fail within seconds, not the operating system's minutes, when the server is
        # unreachable: a web request or /healthz must not hang on it. `?connect_timeout=` wins.
        options.setdefault("connect_timeout", "5")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": env_str("DATABASE_TEST_NAME", f"test_{name}")},
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parts.scheme or url!r}."
    )


def url_port(name, parts):
    """The port of a parsed URL, or None; refused unless a number from 1 to 65535."""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535:
        raise ImproperlyConfigured(f"{name} has a port that is not a number from 1 to 65535.")
    return port


def redis_from_url(url):
    """Translate REDIS_URL into the connection keywords django-q2's Redis broker passes on."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis:// or rediss://, not {parts.scheme or url!r}."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("REDIS_URL needs a host name, like redis://127.0.0.1:6379/0.")
    port = url_port("REDIS_URL", parts)
    db = parts.path.strip("/") or "0"
    if not db.isdigit():
        raise ImproperlyConfigured(
            f"REDIS_URL must end with a database number such as /0, not {parts.path!r}."
        )
    if parts.query:
        raise ImproperlyConfigured("REDIS_URL takes no options after '?'.")
    return {
        "host": parts.hostname,
        "port": port or 6379,
        "db": int(db),
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "ssl": parts.scheme == "rediss",
        # An unreachable server fails fast. The read timeout stays above the one second a
        # worker's BLPOP waits at the server for a task, or idle workers would time out.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }


def sqlite_database(path):
    # WAL lets readers go on while one process writes; IMMEDIATE transactions take the write
    # lock at BEGIN so two writers queue on the busy timeout instead of failing half-way with
    # "database is locked". The web server, the queue and cron all write to this one file.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A file, not memory, so that a qcluster or command started by a test sees its rows.
        "TEST": {"NAME": env_str("SQLITE_TEST_NAME", str(BASE_DIR / "test-db.sqlite3"))},
    }


def env_mail_address(name):
    """The operator's mail-in address (`tracker@example.com`), or "" when unset. Users'
    addresses are its plus-form, so it must have no `+` of its own."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return ""
    value = raw.strip()
    local, at, domain = value.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain
        or "+" in local
        or any(c.isspace() or c in "<>,;\"'" for c in value)
    ):
        raise ImproperlyConfigured(
            f"{name} must be one plain address without a + (like tracker@example.com), not {raw!r}."
        )
    return value


def imap_from_url(name, url):
    """Translate MAIL_IN_IMAP_URL (`imaps://user:password@host[:port]/MAILBOX`) into connection
    settings. `imap://` is plain IMAP upgraded with STARTTLS, except on loopback."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("imap", "imaps"):
        raise ImproperlyConfigured(
            f"{name} must start with imaps:// (or imap://), like "
            "imaps://user:password@imap.example.com/INBOX."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} needs a host name, like imaps://user:pw@imap.example.com/INBOX."
        )
    if not parts.username or parts.password is None:
        raise ImproperlyConfigured(f"{name} needs a user name and a password before the host.")
    port = url_port(name, parts)
    return {
        "tls": parts.scheme == "imaps",
        "host": parts.hostname,
        "port": port or (993 if parts.scheme == "imaps" else 143),
        "user": unquote(parts.username),
        "PASSWORD": unquote(parts.password),
        "mailbox": unquote(parts.path.lstrip("/")) or "INBOX",
    }
