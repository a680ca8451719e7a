from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.ownership import owned, owned_queryset

from .models import Notification


@login_required
def notification_list(request):
    notifications = owned_queryset(request, Notification)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/notification_list.html",
        {"page_obj": page, "notifications": page.object_list, "nav": "notifications"},
    )


@login_required
@require_POST
def notification_read(request, pk):
    notification = owned(request, Notification, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.POST.get("open") and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = owned_queryset(request, Notification).unread().update(read_at=timezone.now())
    messages.success(request, f"Marked {count} notification(s) read.")
    return redirect("notification_list")
