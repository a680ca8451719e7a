"""An account made before the move to django-allauth keeps its password and its address."""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

BEFORE = [("accounts", "0003_user_calendar_token"), ("account", None), ("mfa", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_an_account_from_before_logs_in_afterwards_with_its_address_unconfirmed():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        User = old.get_model("accounts", "User")
        User.objects.create(
            username="carol",
            email="Carol@Example.com",
            password=make_password("carols-old-password-7"),
            timezone="Europe/Paris",
        )
        User.objects.create(username="dave", email="", password=make_password("x-y-z-1234"))
        migrate(latest)
    except Exception:
        migrate(latest)
        raise

    from allauth.account.models import EmailAddress

    from accounts.models import User as CurrentUser

    carol = CurrentUser.objects.get(username="carol")
    (address,) = EmailAddress.objects.filter(user=carol)
    assert (address.email, address.primary, address.verified) == (
        "carol@example.com",
        True,
        False,
    )
    assert carol.reminder_email() is None
    assert not EmailAddress.objects.filter(user__username="dave").exists()

    browser = Client()
    response = browser.post("/login/", {"login": "carol", "password": "carols-old-password-7"})
    assert response.status_code == 302
    assert browser.get("/").status_code == 200
