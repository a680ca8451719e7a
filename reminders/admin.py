from django.contrib import admin, messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from kit.admin import owner_filter
from kit.clock import format_deadline

from . import channels
from .models import Channel, ChannelDelivery, Notification, Reminder, Sweep
from .registry import KINDS


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "about",
        "owner",
        "status",
        "due_display",
        "deadline_display",
        "attempts",
        "sent_at",
    )
    list_filter = (owner_filter(), "status", "kind")
    list_select_related = ("owner",)
    search_fields = ("owner__username", "last_error", "note")
    date_hierarchy = "due_at"
    # A reminder belongs to its subject's owner: it moves with the subject, never by hand.
    # Only the sweep moves a reminder between states; "being sent" set by hand would hold a
    # row no sweep owns. Failed rows are sent again with the action below.
    readonly_fields = (
        "owner",
        "status",
        "kind",
        "about",
        "deadline",
        "lead",
        "due_at",
        "claim_token",
        "claimed_until",
        "attempts",
        "last_error",
        "note",
        "sent_at",
        "created_at",
        "channel_deliveries",
    )
    # The subject is shown by name and link ("about"), never as a raw id to edit.
    exclude = ("subject_id",)
    actions = ["retry_reminders"]

    def has_add_permission(self, request):
        # Reminders are planned from their subjects' deadlines; one typed in by hand would have
        # no subject to be about.
        return False

    def has_delete_permission(self, request, obj=None):
        # The next save of its subject would plan a deleted row again, and a reminder that
        # went out would go out a second time. Rows go only with their owner's account.
        return False

    def save_model(self, request, obj, form, change):
        # Only what the form changed: a sweep may have claimed or sent the row since this
        # request read it, and writing the whole row back would undo that and send it again.
        if form.changed_data:
            obj.save(update_fields=form.changed_data)

    @admin.display(description="about")
    def about(self, obj):
        """The record the reminder is about, by name, linked to its admin page."""
        kind = KINDS.get(obj.kind)
        subject = kind.model.objects.filter(pk=obj.subject_id).first() if kind else None
        if subject is None:
            return f"{obj.kind} #{obj.subject_id} (gone)"
        meta = subject._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[subject.pk])
        return format_html('<a href="{}">{}</a>', url, str(subject))

    @admin.display(description="channel deliveries")
    def channel_deliveries(self, obj):
        """Each channel's delivery of this reminder, with its error (read-only, so the form
        posts no formset a sweep could race)."""
        rows = obj.deliveries.select_related("channel").order_by("pk")
        if not rows:
            return "None"
        return format_html_join(
            "",
            '<p><a href="{}">{}</a>: {} after {} attempt(s){}</p>',
            (
                (
                    reverse("admin:reminders_channeldelivery_change", args=[row.pk]),
                    row.channel.name,
                    row.get_status_display(),
                    row.attempts,
                    f" — {row.last_error}" if row.last_error else "",
                )
                for row in rows
            ),
        )

    @admin.display(description="due", ordering="due_at")
    def due_display(self, obj):
        return format_deadline(obj.due_at)

    @admin.display(description="deadline", ordering="deadline")
    def deadline_display(self, obj):
        return format_deadline(obj.deadline)

    @admin.action(description="Retry the selected failed reminders now", permissions=["change"])
    def retry_reminders(self, request, queryset):
        count = queryset.filter(status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            last_error=F("last_error"),
        )
        self.message_user(
            request, f"{count} reminder(s) will be sent by the next sweep.", messages.SUCCESS
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "created_at", "read_at")
    list_filter = (owner_filter(), "read_at")
    list_select_related = ("owner",)
    search_fields = ("title", "owner__username")
    autocomplete_fields = ("owner",)
    raw_id_fields = ("reminder",)
    date_hierarchy = "created_at"


@admin.register(Sweep)
class SweepAdmin(admin.ModelAdmin):
    """When a reminder sweep last finished (what `/healthz?deep=1` reports); sweeps write it."""

    list_display = ("finished_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """Channels per user, masked: the URL itself is never shown, nor editable here."""

    list_display = ("name", "owner", "masked_url", "enabled", "created_at")
    list_filter = ("enabled",)
    list_select_related = ("owner",)
    search_fields = ("name", "owner__username")
    fields = ("owner", "name", "masked_url", "enabled", "created_at")
    readonly_fields = ("owner", "masked_url", "created_at")

    def has_add_permission(self, request):
        # A URL is checked and encrypted by its owner's own page.
        return False


@admin.register(ChannelDelivery)
class ChannelDeliveryAdmin(admin.ModelAdmin):
    list_display = ("title", "channel", "kind", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "kind")
    list_select_related = ("channel", "channel__owner")
    search_fields = ("title", "last_error", "channel__owner__username", "channel__name")
    readonly_fields = [f.name for f in ChannelDelivery._meta.fields]
    actions = ["retry_deliveries"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry the selected failed deliveries now", permissions=["change"])
    def retry_deliveries(self, request, queryset):
        count = channels.retry(queryset)
        self.message_user(
            request, f"{count} delivery(ies) will be sent by the next sweep.", messages.SUCCESS
        )
