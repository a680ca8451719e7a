from django.apps import AppConfig


class KitConfig(AppConfig):
    """What every app may use and that imports no app: time display and zones, ownership
    lookups, the double-submit guard, shared form fields and validators, list pages, admin
    helpers, and their template tags. An app only so that Django finds the template tags."""

    name = "kit"
    verbose_name = "shared kit"
