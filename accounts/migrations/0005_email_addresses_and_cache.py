"""Accounts move to django-allauth: each user's address becomes an (unconfirmed) EmailAddress,
and the shared cache's table is made when the database is migrated."""

from django.core.management import call_command
from django.db import migrations


def addresses_for_existing_users(apps, schema_editor):
    """Every account keeps its address, as its primary one, not yet confirmed: it was never
    checked, so reminders wait until its owner opens the confirmation link."""
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    db = schema_editor.connection.alias
    known = set(EmailAddress.objects.using(db).values_list("user_id", flat=True))
    EmailAddress.objects.using(db).bulk_create(
        EmailAddress(user_id=pk, email=email.strip().lower(), primary=True, verified=False)
        for pk, email in User.objects.using(db).exclude(email="").values_list("pk", "email")
        if pk not in known
    )


def cache_table(apps, schema_editor):
    # Log-in and reset limits live in the cache (settings.CACHES): a table when there is no
    # Redis. Does nothing when the cache is Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_drop_login_throttle"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(addresses_for_existing_users, migrations.RunPython.noop),
        migrations.RunPython(cache_table, migrations.RunPython.noop),
    ]
