from django.db import migrations, models

import kit.validators


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0002_dashboard_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="client",
            name="company",
            field=models.CharField(
                blank=True, max_length=200, validators=[kit.validators.validate_single_line]
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="industry",
            field=models.CharField(
                blank=True, max_length=120, validators=[kit.validators.validate_single_line]
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="name",
            field=models.CharField(
                max_length=200, validators=[kit.validators.validate_single_line]
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="job_title",
            field=models.CharField(
                max_length=300, validators=[kit.validators.validate_single_line]
            ),
        ),
    ]
