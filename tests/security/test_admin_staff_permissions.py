"""A staff user without superuser rights does in the admin only what their permissions allow."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from interviews.models import Invitation, Status
from offers.models import Offer
from offers.models import Status as OfferStatus
from reminders.models import Reminder
from tests.support.instants import NOW


def staff_who_may(client, *codenames):
    staff = User.objects.create_user("viewer", "viewer@example.com", "viewer-password-1")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    return client


def run_action(client, model, action, pks):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_staff_who_may_only_view_invitations_cannot_archive_them(client, now, make_invitation):
    invitation = make_invitation()
    staff = staff_who_may(client, "view_invitation")

    listing = staff.get(reverse("admin:interviews_invitation_changelist"))
    assert listing.status_code == 200
    assert "archive_invitations" not in listing.text
    run_action(staff, Invitation, "archive_invitations", [invitation.pk])

    invitation.refresh_from_db()
    assert invitation.archived_at is None
    assert invitation.status == Status.PENDING


def test_staff_who_may_change_invitations_can_archive_them(client, now, make_invitation):
    invitation = make_invitation()
    staff = staff_who_may(client, "view_invitation", "change_invitation")

    run_action(staff, Invitation, "archive_invitations", [invitation.pk])

    invitation.refresh_from_db()
    assert invitation.status == Status.ARCHIVED


def test_staff_who_may_only_view_offers_cannot_mark_them_withdrawn(client, now, make_offer):
    offer = make_offer(expires_at=NOW + timedelta(days=5))
    staff = staff_who_may(client, "view_offer")

    run_action(staff, Offer, "mark_withdrawn", [offer.pk])

    offer.refresh_from_db()
    assert offer.status == OfferStatus.RECEIVED


def test_staff_who_may_only_view_reminders_cannot_retry_them(client, now, make_invitation):
    make_invitation()
    reminder = Reminder.objects.order_by("pk").first()
    Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.FAILED, attempts=5)
    staff = staff_who_may(client, "view_reminder")

    run_action(staff, Reminder, "retry_reminders", [reminder.pk])

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
