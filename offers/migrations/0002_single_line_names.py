from django.db import migrations, models

import kit.validators


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="title",
            field=models.CharField(
                max_length=300, validators=[kit.validators.validate_single_line]
            ),
        ),
        migrations.AlterField(
            model_name="offer",
            name="job_title",
            field=models.CharField(
                max_length=300, validators=[kit.validators.validate_single_line]
            ),
        ),
    ]
