"""Settings for the invitation tracker, read from environment variables.

Each variable is read by a small helper that refuses a bad value with a message naming the
variable, so a typo stops the process at start-up instead of silently changing behaviour.
`.env.example` lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


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


_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def env_duration(name, default):
    """A duration such as `14d`, `48h` or `90m`: elapsed time, never calendar arithmetic."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    unit = _DURATION_UNITS.get(value[-1:])
    number = value[:-1]
    if unit is None or not number.isdigit() or int(number) == 0:
        raise ImproperlyConfigured(
            f"{name} must be a positive number followed by m, h or d (like 14d or 48h), "
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


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Set it to a long random string, or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_origins("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    # The shared kit: what every app may use; it imports no app.
    "kit",
    # The domain, each app importing only those above it: offers → proposals → interviews →
    # accounts; reminders reads their deadlines through its registry.
    "accounts",
    "interviews",
    "proposals",
    "offers",
    "reminders",
    # On top, reading every domain app; nothing imports them.
    "capture",
    "pipeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process, before sessions or auth are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Transport security. Off by default so a plain-HTTP run on loopback works; a deployment behind
# TLS turns them on (docs/deploy.md), and `check --deploy` in CI runs with them on.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# A load balancer probes the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", False)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # The proxy terminates TLS and says so in this header; only trust it behind such a proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSP_REPORT_ONLY = env_bool("DJANGO_CSP_REPORT_ONLY", False)

# Request size. The largest form (a proposal: a 5,000-character letter and its screening
# answers) is far below 1 MiB; a bigger body is refused with 400 before it is read, so a huge
# paste cannot take the memory. The one page that takes a file, the CSV import, refuses files
# over 2 MB with its own message; a multipart body over UPLOAD_MAX_BODY_SIZE is refused
# before a byte of it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
UPLOAD_MAX_BODY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "config.uploads.RefuseLargeBodies",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.tracker",
                "reminders.context_processors.notifications",
            ],
        },
    },
]

# Lower case: not a setting, so a password in it never shows on a debug page.
database_url = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(database_url)
    if database_url
    else sqlite_database(BASE_DIR / "db.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# One way of writing dates and times, the pages' own, in the admin too.
FORMAT_MODULE_PATH = ["config.formats"]
# Stored times are UTC; each page is shown in the signed-in user's own zone.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# In production (`collectstatic` into STATIC_ROOT, served by WhiteNoise) file names carry a
# content hash and are pre-compressed, so browsers may cache them forever. In debug, and in
# the tests (tests/conftest.py), plain storage needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: the console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Invitation Tracker <reminders@localhost>")

# The process's own rules. Deadlines are computed once from these and stored on the row,
# so changing a value later never moves an existing deadline.
INTERVIEW_START_WINDOW = env_duration("INTERVIEW_START_WINDOW", timedelta(days=14))
INTERVIEW_COMPLETION_WINDOW = env_duration("INTERVIEW_COMPLETION_WINDOW", timedelta(hours=48))
OFFER_EXPIRY_DEFAULT = env_duration("OFFER_EXPIRY_DEFAULT", timedelta(days=30))

TRACKER_ALLOW_SIGNUP = env_bool("TRACKER_ALLOW_SIGNUP", True)
# Behind a reverse proxy that appends the client's address to X-Forwarded-For, log-in
# throttling counts per that address instead of the proxy's.
TRUST_X_FORWARDED_FOR = env_bool("DJANGO_TRUST_X_FORWARDED_FOR", False)

# Reminders. A sweep claims due rows for REMINDER_LEASE; a row whose sweep died is claimed
# again after that. A failed delivery is tried again after each delay in turn, then marked
# failed (the admin can retry it). A follow-up nudge is still worth sending this long after
# its day; then it is skipped.
REMINDER_LEASE = env_duration("REMINDER_LEASE", timedelta(minutes=5))
REMINDER_RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
# Rows per batch. Each batch costs a fixed dozen or so queries and two commits, so larger
# batches cost less per reminder; a sweep killed mid-batch may send at most one batch twice.
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 500, minimum=1)
# A sweep stops sending after this long, even mid-batch, to finish well inside Q_CLUSTER timeout.
REMINDER_SWEEP_BUDGET = timedelta(seconds=40)
# A lease must outlast the sweep that holds it: its budget, then the last e-mail's wait.
# Shorter, another sweep could take rows back while they are still being sent.
_LEASE_FLOOR = REMINDER_SWEEP_BUDGET + timedelta(seconds=EMAIL_TIMEOUT)
if REMINDER_LEASE < _LEASE_FLOOR:
    raise ImproperlyConfigured(
        f"REMINDER_LEASE must be at least {-(-_LEASE_FLOOR.seconds // 60)}m: a sweep may send "
        f"for {REMINDER_SWEEP_BUDGET.seconds} s and then wait EMAIL_TIMEOUT ({EMAIL_TIMEOUT} s) "
        "for its last e-mail, and a shorter lease lets another sweep send its rows again."
    )
REMINDER_FOLLOWUP_USEFUL_FOR = timedelta(days=3)

# The queue. retry must exceed timeout (django-q2 re-delivers a task after `retry`), and a
# sweep finishes well inside `timeout`.
Q_CLUSTER = {
    "name": "tracker",
    "workers": env_int("Q_WORKERS", 2, minimum=1),
    "timeout": 60,
    "retry": 120,
    "max_attempts": 1,
    "catch_up": False,
    "poll": 1,
    "save_limit": 250,
    "ack_failures": True,
    "sync": env_bool("Q_SYNC", False),
}
# The broker: the database itself (django-q2's ORM broker) unless REDIS_URL names a Redis
# server that every queue host shares. The URL stays out of the settings proper (lower case)
# because a password in it would show on debug pages; "password" keys are masked there.
if redis_url := env_str("REDIS_URL"):
    Q_CLUSTER["redis"] = redis_from_url(redis_url)
else:
    Q_CLUSTER["orm"] = "default"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_log_level("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_q": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
