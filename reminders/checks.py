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
