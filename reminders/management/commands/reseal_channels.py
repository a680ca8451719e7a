"""Re-encrypt every channel URL with the newest of TRACKER_CHANNEL_KEYS."""

from django.core.management.base import BaseCommand
from django.db import transaction

from reminders.models import Channel
from reminders.sealing import reseal


class Command(BaseCommand):
    help = (
        "Re-encrypt every channel URL with the first key of TRACKER_CHANNEL_KEYS; afterwards "
        "the older keys can be removed from the list."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for channel in Channel.objects.select_for_update().only("pk", "sealed_url"):
                Channel.objects.filter(pk=channel.pk).update(sealed_url=reseal(channel.sealed_url))
                count += 1
        self.stdout.write(f"Re-encrypted {count} channel URL(s) with the newest key.")
