"""Give every user a mail-in token, distinct for each existing row (as 0003 does for the
calendar token: nullable, filled row by row, then required and unique)."""

from django.db import migrations, models

import accounts.models


def fill_tokens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(mail_token__isnull=True).only("pk").iterator():
        User.objects.filter(pk=user.pk).update(mail_token=accounts.models.new_mail_token())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_alerts_and_quiet_hours"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="mail_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="mail_token",
            field=models.CharField(
                default=accounts.models.new_mail_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
