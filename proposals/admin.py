from django.contrib import admin

from kit.admin import CappedInline, owner_filter

from .forms import QUESTION_LIMIT
from .models import Proposal, ProposalTemplate, ScreeningQuestion


@admin.register(ProposalTemplate)
class ProposalTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "updated_at")
    list_filter = (owner_filter(),)
    search_fields = ("name", "body", "owner__username")
    autocomplete_fields = ("owner",)
    date_hierarchy = "created_at"


class ScreeningQuestionInline(CappedInline, admin.TabularInline):
    model = ScreeningQuestion
    extra = 0
    max_num = QUESTION_LIMIT
    fields = ("position", "question", "answer")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "job_title",
        "client",
        "owner",
        "status",
        "bid_amount",
        "currency",
        "submitted_at",
    )
    list_filter = (owner_filter(), "status", "bid_type", "currency")
    list_select_related = ("client", "owner")
    search_fields = ("job_title", "cover_letter", "client__name", "owner__username")
    autocomplete_fields = ("owner", "invitation", "client", "template")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at")
    inlines = [ScreeningQuestionInline]


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ("question", "proposal", "position")
    list_filter = (owner_filter("proposal__owner"),)
    search_fields = ("question", "answer")
    autocomplete_fields = ("proposal",)
