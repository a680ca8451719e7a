from django.db import migrations, models

import kit.validators


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_check_results_and_question_bank"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="job_title",
            field=models.CharField(
                max_length=300, validators=[kit.validators.validate_single_line]
            ),
        ),
        migrations.AlterField(
            model_name="proposaltemplate",
            name="name",
            field=models.CharField(
                max_length=120, validators=[kit.validators.validate_single_line]
            ),
        ),
    ]
