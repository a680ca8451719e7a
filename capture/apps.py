from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CaptureConfig(AppConfig):
    """Reading notifications into records, in layers: generic reading (text, HTML, forwarded
    mail, times, values) apart from what reads an invitation and what reads an offer, and the
    pages that take a notification in; mail in (IMAP and providers' webhooks) and the Inbox.
    It sits on top of the domain apps; none imports it."""

    name = "capture"

    def ready(self):
        from . import webhooks  # noqa: F401 -- connects the providers' inbound signal
        from .schedule import install_schedule

        post_migrate.connect(install_schedule, sender=self, dispatch_uid="capture-schedule")
