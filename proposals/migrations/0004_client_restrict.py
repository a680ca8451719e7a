import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0004_client_restrict"),
        ("proposals", "0003_single_line_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="proposals",
                to="interviews.client",
            ),
        ),
    ]
