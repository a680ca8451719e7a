from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import ThrottledAdminAuthenticationForm
from .models import LoginThrottle, User

# The admin log-in is throttled like the site's own.
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    list_display = ("key", "failures", "first_failure_at", "locked_until")
    search_fields = ("key",)
    actions = ["delete_selected"]
