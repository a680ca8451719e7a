from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        from reminders.registry import register

        from .deadlines import KINDS

        for kind in KINDS:
            register(kind)
