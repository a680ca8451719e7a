"""The admin: one way of writing times (the admin's zone, named), an owner filter on every
owned model's list, and reminders that say what they are about."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation, PreparationItem
from offers.models import Milestone, Offer
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from reminders.models import Notification, Reminder
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

# Each owned model and the path from it to its owner.
OWNED = [
    (Client, "owner"),
    (Invitation, "owner"),
    (PreparationItem, "invitation__owner"),
    (ProposalTemplate, "owner"),
    (Proposal, "owner"),
    (ScreeningQuestion, "proposal__owner"),
    (Offer, "owner"),
    (Milestone, "offer__owner"),
    (Reminder, "owner"),
    (Notification, "owner"),
]


@pytest.fixture
def admin_client(client, now):
    call_command("seed_demo", stdout=StringIO())
    admin_user = User.objects.get(username="admin")
    admin_user.timezone = "America/New_York"
    admin_user.save()
    client.force_login(admin_user)
    return client


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(("model", "path"), OWNED, ids=lambda v: getattr(v, "__name__", v))
def test_every_owned_models_list_filters_by_owner(rf, model, path):
    filters = admin.site._registry[model].get_list_filter(rf.get("/"))
    assert any(f == path or (isinstance(f, tuple) and f[0] == path) for f in filters)


def test_the_owner_filter_lists_the_owners(admin_client, stranger):
    theirs = Client.objects.create(owner=stranger, name="Theirs")
    Invitation.objects.create(
        owner=stranger, client=theirs, job_title="Theirs", notified_at=NOW - timedelta(days=1)
    )
    html = admin_client.get(changelist(Invitation)).content.decode()
    assert f"?owner__id__exact={stranger.pk}" in html
    assert "By owner" in html


def test_a_reminder_names_and_links_what_it_is_about(admin_client):
    invitation = Invitation.objects.filter(owner__username="demo").first()
    Reminder.objects.filter(kind="start_window").delete()
    reminder = Reminder.objects.create(
        owner=invitation.owner,
        kind="start_window",
        subject_id=invitation.pk,
        deadline=NOW + timedelta(days=1),
        lead=timedelta(hours=2),
        due_at=NOW + timedelta(hours=22),
        next_attempt_at=NOW + timedelta(hours=22),
    )
    html = admin_client.get(changelist(Reminder)).content.decode()
    assert "Subject ID" not in html
    link = reverse("admin:interviews_invitation_change", args=[invitation.pk])
    assert f'<a href="{link}">{invitation}</a>' in html
    page = admin_client.get(reverse("admin:reminders_reminder_change", args=[reminder.pk]))
    assert str(invitation) in page.content.decode()


def test_times_read_one_way_in_the_admins_zone_named(admin_client):
    demo = User.objects.get(username="demo")
    Notification.objects.all().delete()
    Notification.objects.create(owner=demo, title="Start soon", created_at=NOW)
    html = admin_client.get(changelist(Notification)).content.decode()
    # 12:00 UTC on 25 November is 07:00 in New York: as the product's pages write it.
    assert "Wed 25 Nov 2026 07:00 EST" in html
    assert "a.m." not in html and "p.m." not in html
