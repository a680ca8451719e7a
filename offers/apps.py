from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"

    def ready(self):
        from reminders.registry import register

        from .deadlines import KINDS

        for kind in KINDS:
            register(kind)
