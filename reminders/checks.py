"""Start-up checks for what the reminders need: they run with `migrate`, `check` and the
queue, so a bad setting stops those before the first sweep fails on it."""

from datetime import timedelta

from django.conf import settings
from django.core.checks import Error, register
from django.core.mail import get_connection
from django.utils.module_loading import import_string

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@register()
def email_backend_loads(app_configs=None, **kwargs):
    """The backend is imported and built, as a sweep builds it: a backend that imports but
    cannot be set up (the file-based one without a usable EMAIL_FILE_PATH) stops start-up too."""
    try:
        import_string(settings.EMAIL_BACKEND)
    except ImportError as error:
        return [
            Error(
                f"EMAIL_BACKEND names {settings.EMAIL_BACKEND!r}, which cannot be loaded "
                f"({error}): no reminder or password reset could be e-mailed.",
                hint="Set EMAIL_BACKEND to a mail backend's dotted path, or leave it unset.",
                id="reminders.E001",
            )
        ]
    if settings.EMAIL_BACKEND == FILE_BACKEND and not getattr(settings, "EMAIL_FILE_PATH", None):
        return [
            Error(
                f"EMAIL_BACKEND names {FILE_BACKEND!r}, which writes each e-mail into the "
                "folder EMAIL_FILE_PATH names, and EMAIL_FILE_PATH is not set: no reminder or "
                "password reset could be e-mailed.",
                hint="Set EMAIL_FILE_PATH to a folder the tracker may write into.",
                id="reminders.E001",
            )
        ]
    try:
        get_connection()
    except Exception as error:
        named = (
            f" (EMAIL_FILE_PATH is {settings.EMAIL_FILE_PATH!r})"
            if settings.EMAIL_BACKEND == FILE_BACKEND
            else ""
        )
        return [
            Error(
                f"EMAIL_BACKEND names {settings.EMAIL_BACKEND!r}, which cannot be set up"
                f"{named}: {error}. No reminder or password reset could be e-mailed.",
                hint="Set EMAIL_FILE_PATH to a folder the tracker may write into."
                if named
                else "Check the settings that backend reads.",
                id="reminders.E001",
            )
        ]
    return []


def seconds(duration):
    return f"{duration.total_seconds():g} s"


@register()
def sweep_fits_the_queue(app_configs=None, **kwargs):
    """A sweep's worst case stays inside the queue's task timeout, the queue re-delivers a task
    only after that timeout, and a lease outlasts one e-mail."""
    from .tasks import MARK_ALLOWANCE, send_deadline

    errors = []
    queue = settings.Q_CLUSTER
    timeout = queue.get("timeout")
    retry = queue.get("retry")
    budget = settings.REMINDER_SWEEP_BUDGET
    send = send_deadline()
    if timeout is not None:
        worst = budget + send + MARK_ALLOWANCE
        if worst > timedelta(seconds=timeout):
            errors.append(
                Error(
                    f"A reminder sweep may take REMINDER_SWEEP_BUDGET ({seconds(budget)}), "
                    f"then EMAIL_SEND_DEADLINE ({seconds(send)}) for its last e-mail and "
                    f"{seconds(MARK_ALLOWANCE)} to mark it, {seconds(worst)} in all, more than "
                    f'Q_CLUSTER["timeout"] ({timeout} s): the queue would kill sweeps with '
                    "e-mails sent but not marked, to be sent again.",
                    hint="Lower REMINDER_SWEEP_BUDGET or EMAIL_SEND_DEADLINE, or raise "
                    'Q_CLUSTER["timeout"] (and "retry" above it).',
                    id="reminders.E002",
                )
            )
        if retry is not None and retry <= timeout:
            errors.append(
                Error(
                    f'Q_CLUSTER["retry"] ({retry} s) must be longer than Q_CLUSTER["timeout"] '
                    f"({timeout} s): the queue would hand a sweep still under way to a second "
                    "worker.",
                    id="reminders.E003",
                )
            )
    lease = settings.REMINDER_LEASE
    if lease < send + MARK_ALLOWANCE:
        errors.append(
            Error(
                f"REMINDER_LEASE ({seconds(lease)}) must be at least EMAIL_SEND_DEADLINE "
                f"({seconds(send)}) and {seconds(MARK_ALLOWANCE)} to mark an e-mail: a sweep "
                "renews its lease between e-mails, and a shorter lease could run out during "
                "one, so that another sweep sends its reminders again.",
                hint=f"Set REMINDER_LEASE to {seconds(send + MARK_ALLOWANCE)} or more (1m is "
                "the default).",
                id="reminders.E004",
            )
        )
    return errors


@register(deploy=False)
def channel_keys_set(app_configs=None, **kwargs):
    """Channel URLs hold users' tokens: production encrypts them with keys of its own."""
    from .sealing import fernet

    if not settings.TRACKER_CHANNEL_KEYS and not settings.DEBUG:
        return [
            Error(
                "TRACKER_CHANNEL_KEYS is not set: channel URLs would be encrypted with a key "
                "derived from DJANGO_SECRET_KEY.",
                hint='Generate one with `python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"` and set TRACKER_CHANNEL_KEYS to it.',
                id="reminders.E005",
            )
        ]
    try:
        fernet()
    except Exception as error:
        return [Error(str(error), id="reminders.E006")]
    return []
