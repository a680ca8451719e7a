from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
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
    # Only a link within this site: `//host/…` starts with a slash too.
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts=None
    ):
        return redirect(notification.url)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = owned_queryset(request, Notification).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, f"Marked {count} notification{pluralize(count)} read.")
    else:
        messages.info(request, "Every notification was already read.")
    return redirect("notification_list")
