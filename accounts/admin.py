from allauth.account.views import LoginView
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .forms import LeadHoursField
from .models import User


def admin_login(request, extra_context=None):
    """The admin has no log-in of its own: the site's page, with its second factor and
    limits, shown here as it is (it posts to the site's log-in) and back to the admin after."""
    if request.user.is_authenticated:
        # Signed in, yet sent here: the account is not staff.
        raise PermissionDenied("This account has no access to the admin.")
    query = request.GET.copy()
    query.setdefault("next", reverse("admin:index"))
    request.GET = query
    return LoginView.as_view()(request)


admin.site.login = admin_login


class UserAdminForm(UserChangeForm):
    """Lead times typed as on the settings page, `72, 24, 2`; left empty, none of that kind.

    The model's own JSON field would read an emptied box as null, which the column refuses.
    """

    start_reminder_hours = LeadHoursField(label="Start window reminders (hours before)")
    completion_reminder_hours = LeadHoursField(label="Completion window reminders (hours before)")
    offer_reminder_hours = LeadHoursField(label="Offer expiry reminders (hours before)")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    list_display = ("username", "email", "first_name", "last_name", "timezone", "is_staff")
    list_filter = ("is_staff", "is_superuser", "is_active", "email_reminders")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Time zone", {"fields": ("timezone",)}),
        (
            "Reminders",
            {
                "fields": (
                    "email_reminders",
                    "inapp_reminders",
                    "start_reminder_hours",
                    "completion_reminder_hours",
                    "offer_reminder_hours",
                    "proposal_followup_days",
                    "offer_request_followup_days",
                )
            },
        ),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Time zone", {"fields": ("timezone",)}),)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The reminder admin deletes no row on its own; with their owner, they all go.
        reminder = apps.get_model("reminders", "Reminder")
        perms_needed.discard(reminder._meta.verbose_name)
        return deleted, counts, perms_needed, protected
