from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"

    def ready(self):
        from reminders.registry import register

        from .deadlines import KINDS

        for kind in KINDS:
            register(kind)
