import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_single_line_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="invitations",
                to="interviews.client",
            ),
        ),
    ]
