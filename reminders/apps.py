from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_migrate


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the start-up checks
        from .registry import connect_user_preferences
        from .schedule import create_sweep_row, install_schedule

        connect_user_preferences(get_user_model())
        post_migrate.connect(install_schedule, sender=self, dispatch_uid="reminders-schedule")
        post_migrate.connect(create_sweep_row, sender=self, dispatch_uid="reminders-sweep-row")
