"""Offer titles stored before titles had to be one line (0002) are made one line, each run of
whitespace one space, as the reminders' subjects already show them.

Every change of an offer's state validates the whole row, so an offer recorded with a line
break in its title could otherwise no longer be received, accepted, declined or withdrawn
until its title was edited.
"""

from django.db import migrations
from django.db.models import Q

# What str.splitlines() breaks a line at, as kit.validators.validate_single_line checks it.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def one_line_titles(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    broken = Q()
    for character in LINE_BREAKS:
        broken |= Q(job_title__contains=character)
    for offer in Offer.objects.filter(broken).only("pk", "job_title"):
        Offer.objects.filter(pk=offer.pk).update(job_title=" ".join(offer.job_title.split()))


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_client_restrict"),
    ]

    operations = [
        migrations.RunPython(one_line_titles, migrations.RunPython.noop, elidable=True),
    ]
