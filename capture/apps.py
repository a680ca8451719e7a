from django.apps import AppConfig


class CaptureConfig(AppConfig):
    """Reading notifications into records, in layers: generic reading (text, HTML, forwarded
    mail, times, values) apart from what reads an invitation and what reads an offer, and the
    pages that take a notification in. It sits on top of the domain apps; none imports it."""

    name = "capture"
