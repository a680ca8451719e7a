from django.contrib import admin

from kit.admin import CappedInline, StatusFilter, apply_to_each, owner_filter
from kit.clock import format_deadline

from .models import Client, Invitation, PreparationItem, Status


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "industry", "owner", "created_at")
    list_filter = (owner_filter(), "industry")
    search_fields = ("name", "company", "industry", "owner__username")
    autocomplete_fields = ("owner",)
    date_hierarchy = "created_at"


class PreparationInline(CappedInline, admin.TabularInline):
    model = PreparationItem
    extra = 0
    can_delete = False
    max_num = 4
    fields = ("point", "notes", "done")
    readonly_fields = ("point",)

    def has_add_permission(self, request, obj):
        # Every invitation makes its four points itself when it is saved; a row added here
        # would be a fifth, about no point, counted as done among the four.
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("job_title", "client", "owner", "status_label", "next_deadline_display")
    list_filter = (owner_filter(), StatusFilter.for_statuses(Status), "client__industry")
    list_select_related = ("client", "owner")
    search_fields = ("job_title", "client__name", "client__company", "owner__username")
    autocomplete_fields = ("owner", "client")
    date_hierarchy = "notified_at"
    readonly_fields = ("start_deadline", "completion_deadline", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("owner", "client", "job_title", "job_url", "message")}),
        (
            "Windows",
            {
                "fields": (
                    "notified_at",
                    "start_deadline",
                    "started_at",
                    "completion_deadline",
                    "completed_at",
                )
            },
        ),
        ("Closed", {"fields": ("declined_at", "decline_reason", "archived_at")}),
        (None, {"fields": ("created_at", "updated_at")}),
    )
    inlines = [PreparationInline]
    actions = ["archive_invitations"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="status", ordering="current_status")
    def status_label(self, obj):
        return Status(obj.current_status).label

    @admin.display(description="next deadline", ordering="next_deadline")
    def next_deadline_display(self, obj):
        if obj.next_deadline is None:
            return "—"
        # The middleware has activated the admin user's own zone.
        return format_deadline(obj.next_deadline)

    @admin.action(description="Archive the selected invitations", permissions=["change"])
    def archive_invitations(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda invitation: invitation.archive(),
            "invitation",
            lambda count: f"Archived {count} invitation{'s' if count != 1 else ''}.",
        )


@admin.register(PreparationItem)
class PreparationItemAdmin(admin.ModelAdmin):
    list_display = ("invitation", "point", "done", "updated_at")
    list_filter = (owner_filter("invitation__owner"), "point", "done")
    search_fields = ("invitation__job_title", "notes")
    autocomplete_fields = ("invitation",)
    list_select_related = ("invitation__client",)


admin.site.site_header = "Invitation Tracker"
admin.site.site_title = "Invitation Tracker admin"
admin.site.index_title = "Run the tracker"
admin.site.empty_value_display = "—"
admin.site.enable_nav_sidebar = True
