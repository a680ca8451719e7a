"""Settings for the invitation tracker, read from environment variables.

The variables come from the process's environment, and from `.env` in the project folder
when there is one (a variable set in the environment wins). Each is read by a helper of
`config/env.py` that refuses a bad value with a message naming the variable, so a typo stops
the process at start-up. `.env.example` lists every variable.
"""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    BASE_DIR,
    database_from_url,
    env_bool,
    env_duration,
    env_int,
    env_list,
    env_log_level,
    env_mail_address,
    env_origins,
    env_site_url,
    env_str,
    imap_from_url,
    load_env_file,
    redis_from_url,
    sqlite_database,
)

load_env_file(BASE_DIR / ".env")

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
    # Accounts: sign-up, log-in, e-mail addresses and their confirmation, password reset,
    # and the second factor (TOTP, recovery codes, passkeys).
    "allauth",
    "allauth.account",
    "allauth.mfa",
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
    # The queue, after the apps: `manage.py qcluster` is then reminders' own command, which
    # stops cleanly whichever processes a supervisor signals.
    "django_q",
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
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    # A NUL character or a body not in UTF-8: a 400 that says why (config/unreadable.py).
    "config.unreadable.RefuseUnreadableInput",
    # Signed-in pages and exports are never cached (config/no_store.py).
    "config.no_store.NoStoreWhenSignedIn",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",
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
# paste cannot take the memory. The pages that take a file refuse it with their own message
# over their own limit (the CSV import 20 MB, the paste pages' .eml 2 MB; a file over 1 MiB
# goes to a temporary file, not memory); a multipart body over UPLOAD_MAX_BODY_SIZE, just
# above the import's limit, is refused before a byte of it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
UPLOAD_MAX_BODY_SIZE = 21 * 1024 * 1024
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
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth). People log in with their username; the e-mail address is for
# password resets and reminders, and no reminder goes to it before its owner confirms it.
TRACKER_ALLOW_SIGNUP = env_bool("TRACKER_ALLOW_SIGNUP", True)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup.SignupFields"
ACCOUNT_FORMS = {
    "signup": "accounts.signup_form.TrackerSignupForm",
    "reset_password": "accounts.password_reset.QueuedResetPasswordForm",
}
# Optional: an account works at once, but reminders wait for the confirmed address.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
# One address per account; a new one replaces it only once confirmed, and the old one is told.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Invitation Tracker: "
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
# Guessing passwords (accounts.adapter): from a browser that has never logged in to the
# account, at most LOGIN_GUESSES_PER_ACCOUNT failures an hour for the account, from all
# addresses together, and LOGIN_GUESSES_PER_ADDRESS an hour from one address, over all
# accounts. A browser the account has logged in from before counts on its own, so nobody
# else's failures keep the owner out. A successful log-in gives back its own attempt only.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/h/ip,10/h/key",
    "login_failed_known_device": "10/15m/key",
    # No limit on log-ins as such: failures are what is counted, and a flood of them from
    # one address must not refuse a right password from a browser that has logged in before.
    "login": None,
    # Reset mails: per address asking, and per address asked about.
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "10/h/ip",
}
# Behind a proxy that appends the client's address to X-Forwarded-For, limits count per
# that address instead of the proxy's.
TRUST_X_FORWARDED_FOR = env_bool("DJANGO_TRUST_X_FORWARDED_FOR", False)
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if TRUST_X_FORWARDED_FOR else 0
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Invitation Tracker"
# Browsers allow passkeys on http:// only for localhost; a development run is served there.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Staff use the admin only with a second factor set up (accounts.middleware).
TRACKER_ADMIN_REQUIRES_MFA = env_bool("TRACKER_ADMIN_REQUIRES_MFA", True)

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

# The cache every process shares: it holds the log-in and password-reset limits. Redis when
# REDIS_URL names one, else a table in the database (made by accounts' migrations).
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "tracker",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tracker_cache",
            # Never thin out live entries: past the default 300, Django deletes a third of
            # them, and a guesser spraying addresses would wipe the counts that stop them.
            # Expired ones are still deleted.
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        }
    }

# E-mail: the console by default, SMTP when EMAIL_HOST is set (Django's SMTP backend with a
# deadline for each whole message).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "reminders.delivery.SMTPBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# The folder Django's file-based backend writes each e-mail into (None when unset: the start-up
# check then says so, rather than the backend writing into the working directory).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
# Seconds one socket operation may wait (EMAIL_TIMEOUT), and one whole message: connecting,
# every command and the server's answer to it (EMAIL_SEND_DEADLINE).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_SEND_DEADLINE = env_int("EMAIL_SEND_DEADLINE", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Invitation Tracker <reminders@localhost>")

# The process's own rules. Deadlines are computed once from these and stored on the row,
# so changing a value later never moves an existing deadline.
INTERVIEW_START_WINDOW = env_duration("INTERVIEW_START_WINDOW", timedelta(days=14))
INTERVIEW_COMPLETION_WINDOW = env_duration("INTERVIEW_COMPLETION_WINDOW", timedelta(hours=48))
OFFER_EXPIRY_DEFAULT = env_duration("OFFER_EXPIRY_DEFAULT", timedelta(days=30))


# Reminders. A sweep claims due rows for REMINDER_LEASE and renews the lease while it works;
# the rows of a sweep that died are claimed again once the lease runs out. A failed delivery
# is tried again after each delay in turn, then marked failed (the admin can retry it). A
# follow-up nudge is still worth sending this long after its day; then it is skipped.
REMINDER_LEASE = env_duration("REMINDER_LEASE", timedelta(minutes=1))
REMINDER_RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
# Rows per batch. Each batch costs a fixed dozen or so queries and two commits, and each
# e-mail one more commit (its reminders are marked sent as soon as the server takes it).
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 500, minimum=1)
# A sweep starts no e-mail after this long. With the last e-mail's EMAIL_SEND_DEADLINE it
# must end inside the queue's task timeout, and its lease must outlast one e-mail: the
# start-up checks (reminders/checks.py) refuse settings that break either.
REMINDER_SWEEP_BUDGET = env_duration("REMINDER_SWEEP_BUDGET", timedelta(seconds=30))
REMINDER_FOLLOWUP_USEFUL_FOR = timedelta(days=3)

# Phone and chat channels (reminders.channels). Their Apprise URLs hold the user's tokens and
# are stored encrypted: TRACKER_CHANNEL_KEYS lists Fernet keys, the first encrypts and every
# one decrypts, so a new key goes first and the old one stays until `manage.py
# reseal_channels` has re-encrypted every row. Without keys, development derives one from
# SECRET_KEY; production refuses to start (reminders.checks).
TRACKER_CHANNEL_KEYS = env_list("TRACKER_CHANNEL_KEYS")
# Channels may reach loopback and private addresses only when the operator says so.
TRACKER_CHANNELS_ALLOW_PRIVATE = env_bool("TRACKER_CHANNELS_ALLOW_PRIVATE", False)
# Each send: Apprise's own connect and read timeouts, and a watchdog over the whole send.
CHANNEL_TIMEOUT = env_int("CHANNEL_TIMEOUT", 10, minimum=1, maximum=60)
CHANNEL_RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
# A claimed channel delivery whose sweep died is taken back after this long: longer than
# the watchdog, so a send still running is never doubled by another sweep.
CHANNEL_LEASE = timedelta(seconds=3 * CHANNEL_TIMEOUT + 30)

# Mail in (capture.mailin): each user forwards notifications to the plus-form of
# MAIL_IN_ADDRESS; the queue reads MAIL_IN_IMAP_URL's mailbox every few minutes, and
# providers' inbound webhooks post to /mail-in/<provider>/. Unset, capture is off.
MAIL_IN_ADDRESS = env_mail_address("MAIL_IN_ADDRESS")
# Parsed into a dict whose password key the debug pages mask; the URL itself is not kept.
MAIL_IN_IMAP = (
    imap_from_url("MAIL_IN_IMAP_URL", env_str("MAIL_IN_IMAP_URL"))
    if env_str("MAIL_IN_IMAP_URL")
    else None
)
if MAIL_IN_IMAP and not MAIL_IN_ADDRESS:
    raise ImproperlyConfigured("MAIL_IN_IMAP_URL needs MAIL_IN_ADDRESS: the address it receives.")
# A larger message is refused; a fetch run takes at most this many messages (the rest next run).
MAIL_IN_MAX_BYTES = env_int(
    "MAIL_IN_MAX_BYTES", 2 * 1024 * 1024, minimum=10_000, maximum=25 * 1024 * 1024
)
MAIL_IN_FETCH_LIMIT = env_int("MAIL_IN_FETCH_LIMIT", 200, minimum=1, maximum=10_000)
MAIL_IN_TIMEOUT = env_int("MAIL_IN_TIMEOUT", 30, minimum=1, maximum=600)
MAIL_IN_SCHEDULE_MINUTES = env_int("MAIL_IN_SCHEDULE_MINUTES", 5, minimum=1, maximum=1440)
# Providers' inbound webhooks (django-anymail). Postmark and SendGrid prove themselves by the
# basic-auth secret in the URL they post to; Mailgun by its signing key as well. A provider
# whose secret is unset has no webhook (404): an unauthenticated one would take anyone's mail.
ANYMAIL = {
    "WEBHOOK_SECRET": env_str("MAIL_IN_WEBHOOK_SECRET"),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY"),
}

# The queue. retry must exceed timeout (django-q2 re-delivers a task after `retry`), and a
# sweep (REMINDER_SWEEP_BUDGET, then one e-mail's EMAIL_SEND_DEADLINE) ends inside `timeout`.
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
        # A request for a host the site does not serve: one warning line, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["one_line_warning"],
            "propagate": False,
        },
        # Apprise's and urllib3's debug lines quote the URLs channels post to, which hold
        # users' tokens (a Telegram bot token is in the path): never below WARNING.
        "apprise": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
    "filters": {"one_line_warning": {"()": "config.log_lines.OneLineWarning"}},
}
