"""Job titles stored before titles had to be one line (0003) are made one line, each run of
whitespace one space, as the reminders' subjects already show them.

Every change of an invitation's state validates the whole row, so an invitation recorded
with a line break in its title could otherwise no longer be started, completed, declined or
archived until its title was edited.
"""

from django.db import migrations
from django.db.models import Q

# What str.splitlines() breaks a line at, as kit.validators.validate_single_line checks it.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def one_line_titles(apps, schema_editor):
    Invitation = apps.get_model("interviews", "Invitation")
    broken = Q()
    for character in LINE_BREAKS:
        broken |= Q(job_title__contains=character)
    for invitation in Invitation.objects.filter(broken).only("pk", "job_title"):
        Invitation.objects.filter(pk=invitation.pk).update(
            job_title=" ".join(invitation.job_title.split())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0005_text_limit"),
    ]

    operations = [
        migrations.RunPython(one_line_titles, migrations.RunPython.noop, elidable=True),
    ]
