"""As a superuser, every model's list, add and change pages load with the demo data."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from reminders.models import Channel, ChannelDelivery, Reminder, Sweep

PROJECT_APPS = {"accounts", "interviews", "proposals", "offers", "reminders"}


@pytest.fixture
def admin_client(client, db):
    call_command("seed_demo", stdout=StringIO())
    client.force_login(User.objects.get(username="admin"))
    return client


def registered_models():
    return [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_registered():
    registered = {m._meta.label for m in registered_models()}
    expected = {
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and not m._meta.auto_created
    }
    assert expected <= registered


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_list_add_and_change_pages_load(admin_client, model):
    info = (model._meta.app_label, model._meta.model_name)
    listing = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert listing.status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    # Reminders are planned from their subjects and the last sweep's time written by sweeps,
    # never added by hand; channels are added (checked and encrypted) by their owners, and
    # their deliveries planned by the sweep.
    assert add.status_code == (403 if model in (Reminder, Sweep, Channel, ChannelDelivery) else 200)
    obj = model.objects.order_by("pk").first()
    if obj is not None:
        change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert change.status_code == 200


def test_the_invitation_list_shows_status_and_deadline_in_the_admins_zone(admin_client):
    page = admin_client.get(reverse("admin:interviews_invitation_changelist"))
    body = page.content.decode()
    assert "In progress" in body and "Expired" in body
    # The admin user lives in Europe/London: deadlines are named in GMT.
    assert " GMT" in body


def test_the_status_filter_narrows_the_list(admin_client):
    page = admin_client.get(reverse("admin:interviews_invitation_changelist") + "?status=lapsed")
    assert page.context["cl"].result_count == 1


def test_the_archive_action_archives(admin_client):
    from interviews.models import Invitation, Status

    pending = Invitation.objects.status(Status.PENDING)
    ids = [str(pk) for pk in pending.values_list("pk", flat=True)]
    admin_client.post(
        reverse("admin:interviews_invitation_changelist"),
        {"action": "archive_invitations", "_selected_action": ids},
    )
    assert not Invitation.objects.status(Status.PENDING).exists()


def test_the_queue_admin_stays_available(admin_client):
    assert admin_client.get(reverse("admin:django_q_schedule_changelist")).status_code == 200


def test_the_admin_refuses_a_year_one_notice_with_a_message(admin_client):
    from interviews.models import Client, Invitation

    demo_client = Client.objects.first()
    before = Invitation.objects.count()
    page = admin_client.post(
        reverse("admin:interviews_invitation_add"),
        {
            "owner": demo_client.owner_id,
            "client": demo_client.pk,
            "job_title": "Ancient",
            "notified_at_0": "0001-01-02",
            "notified_at_1": "10:00:00",
            "preparation-TOTAL_FORMS": "0",
            "preparation-INITIAL_FORMS": "0",
            "preparation-MIN_NUM_FORMS": "0",
            "preparation-MAX_NUM_FORMS": "4",
        },
    )
    assert page.status_code == 200
    assert "Enter a date between the years 2000 and 2099." in page.content.decode()
    assert Invitation.objects.count() == before


def test_the_invitation_add_page_makes_exactly_the_four_preparation_points(client, now, owner):
    from interviews.models import Client, Invitation, Point
    from tests.support.followups_admin import sign_in_admin

    admin_client = sign_in_admin(client)
    acme = Client.objects.create(owner=owner, name="Acme")
    page = admin_client.get(reverse("admin:interviews_invitation_add"))
    assert not page.context["inline_admin_formsets"][0].has_add_permission

    # A row added by hand has no point to be about; the invitation makes its own four.
    admin_client.post(
        reverse("admin:interviews_invitation_add"),
        {
            "owner": owner.pk,
            "client": acme.pk,
            "job_title": "Build a dashboard",
            "notified_at_0": "2026-11-24",
            "notified_at_1": "10:00:00",
            "preparation-TOTAL_FORMS": "1",
            "preparation-INITIAL_FORMS": "0",
            "preparation-MIN_NUM_FORMS": "0",
            "preparation-MAX_NUM_FORMS": "4",
            "preparation-0-notes": "A point of no kind",
            "preparation-0-done": "on",
        },
    )

    invitation = Invitation.objects.get(owner=owner)
    assert sorted(item.point for item in invitation.preparation.all()) == sorted(Point.values)
    assert invitation.preparation_progress == 0
