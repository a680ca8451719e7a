"""Start-up checks for what the reminders need: they run with `migrate`, `check` and the
queue, so a bad setting stops those before the first sweep fails on it."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def email_backend_loads(app_configs=None, **kwargs):
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
    return []


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
                id="reminders.E002",
            )
        ]
    try:
        fernet()
    except Exception as error:
        return [Error(str(error), id="reminders.E003")]
    return []
