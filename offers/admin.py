from django.contrib import admin

from kit.admin import CappedInline, StatusFilter, apply_to_each, owner_filter
from kit.clock import format_deadline

from .forms import MILESTONE_LIMIT
from .models import Milestone, Offer, Status


class MilestoneInline(CappedInline, admin.TabularInline):
    model = Milestone
    extra = 0
    max_num = MILESTONE_LIMIT
    fields = ("position", "title", "amount", "due_date")


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("job_title", "client", "owner", "status_label", "expires_display", "amount")
    list_filter = (owner_filter(), StatusFilter.for_statuses(Status), "contract_type", "currency")
    list_select_related = ("client", "owner")
    search_fields = ("job_title", "terms", "client__name", "owner__username")
    autocomplete_fields = ("owner", "proposal", "client")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at")
    inlines = [MilestoneInline]
    actions = ["mark_withdrawn"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="status", ordering="current_status")
    def status_label(self, obj):
        return Status(obj.current_status).label

    @admin.display(description="expires", ordering="expires_at")
    def expires_display(self, obj):
        return format_deadline(obj.expires_at) if obj.expires_at else "—"

    @admin.action(
        description="Mark the selected offers withdrawn by the client", permissions=["change"]
    )
    def mark_withdrawn(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda offer: offer.withdraw(),
            "offer",
            lambda count: f"Marked {count} offer{'s' if count != 1 else ''} withdrawn.",
        )


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "offer", "amount", "due_date")
    list_filter = (owner_filter("offer__owner"),)
    search_fields = ("title",)
    autocomplete_fields = ("offer",)
