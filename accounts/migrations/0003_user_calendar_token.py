"""Give every user a calendar feed token, distinct for each existing row.

A field added with a callable default is filled with one value computed once for every
existing row, which a unique index would refuse. So: add it nullable, fill each row with its
own token, then make it required and unique.
"""

from django.db import migrations, models

import accounts.models


def fill_tokens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(calendar_token__isnull=True).only("pk").iterator():
        User.objects.filter(pk=user.pk).update(calendar_token=accounts.models.new_calendar_token())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_throttle"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(
                default=accounts.models.new_calendar_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
