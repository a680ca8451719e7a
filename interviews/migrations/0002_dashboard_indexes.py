from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce, Greatest


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(
                models.F("owner"),
                Coalesce("completion_deadline", "start_deadline"),
                condition=models.Q(
                    ("archived_at__isnull", True),
                    ("completed_at__isnull", True),
                    ("declined_at__isnull", True),
                ),
                name="invitation_unfinished_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(
                models.F("owner"),
                models.OrderBy(
                    Greatest(
                        "notified_at",
                        Coalesce("started_at", "notified_at"),
                        Coalesce("completed_at", "notified_at"),
                        Coalesce("declined_at", "notified_at"),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                name="invitation_last_event_idx",
            ),
        ),
    ]
