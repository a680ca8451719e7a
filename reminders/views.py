from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kit.ownership import owned, owned_queryset

from . import calendar, channels
from . import unsubscribe as unsubscribing
from .forms import ChannelForm
from .models import Channel, ChannelDelivery, Notification


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


# The calendar --------------------------------------------------------------------------
# The calendar feed at its secret URL, its rotation, and one-off .ics downloads.


CONTENT_TYPE = "text/calendar; charset=utf-8"

# The one-off downloads, by the URL's word: the model label whose deadline kinds it shows.
DOWNLOADS = {"invitation": "interviews.invitation", "offer": "offers.offer"}


def _ics(calendar_obj, filename, attachment):
    response = HttpResponse(calendar_obj.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@never_cache
@require_safe
def feed(request, token):
    """No log-in: the token is the key. A wrong or rotated token is a 404 like any other."""
    user = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    return _ics(calendar.feed(user), "invitation-tracker.ics", attachment=False)


@never_cache
@csrf_exempt  # the signed link is the key, and mail programs POST to it without a form
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058) from the kinds of reminder e-mail the link names.

    A POST turns them off, with no log-in; a GET only shows a button that POSTs, so that a
    link scanner opening the link changes nothing."""
    page = "reminders/unsubscribe.html"
    try:
        user, groups = unsubscribing.read(token)
    except unsubscribing.BadLink as error:
        return render(request, page, {"problem": str(error)}, status=400)
    except get_user_model().DoesNotExist:
        problem = "The account it was sent for no longer exists."
        return render(request, page, {"problem": problem}, status=404)
    context = {"labels": unsubscribing.labels(groups), "address": user.email}
    if request.method == "POST":
        unsubscribing.mute(user, groups)
        context["done"] = True
    return render(request, page, context)


@login_required
@require_POST
def rotate(request):
    request.user.rotate_calendar_token()
    messages.success(
        request,
        "Your calendar feed has a new address. The old one no longer works: subscribe again "
        "with the new address in your calendar application.",
    )
    return redirect("settings")


@never_cache
@login_required
@require_safe
def download(request, word, pk):
    """One subject's open deadline as a file to import once."""
    kinds = calendar.kinds_for_label(DOWNLOADS[word])
    if not kinds:
        raise Http404("No calendar events for this kind of item.")
    related = {name for kind in kinds for name in kind.select_related}
    subject = owned(request, kinds[0].model.objects.select_related(*related), pk=pk)
    now = timezone.now()
    entries = calendar.subject_entries(subject, now)
    if not entries:
        # Nothing to put in a calendar: the deadline was met, closed or has passed.
        raise Http404("This item has no open deadline.")
    name = f"Invitation Tracker — {calendar.summary(entries[0])}"
    return _ics(
        calendar.build_calendar(request.user, entries, name, now),
        f"{word}-{subject.pk}.ics",
        attachment=True,
    )


@login_required
def channel_list(request):
    """The user's phone and chat channels, a form to add one, and what failed lately."""
    form = ChannelForm(request.POST or None, instance=Channel(owner=request.user))
    if request.method == "POST" and form.is_valid():
        channel = form.save()
        messages.success(request, f"Channel “{channel.name}” added. Send a test to try it.")
        return redirect("channel_list")
    channels = owned_queryset(request, Channel)
    failed = (
        ChannelDelivery.objects.filter(channel__owner=request.user, status="failed")
        .select_related("channel")
        .order_by("-next_attempt_at", "-pk")[:20]
    )
    return render(
        request,
        "reminders/channel_list.html",
        {"form": form, "channels": channels, "failed": failed, "nav": "settings"},
    )


@login_required
@require_POST
def channel_toggle(request, pk):
    channel = owned(request, Channel, pk=pk)
    channel.enabled = not channel.enabled
    channel.save(update_fields=["enabled"])
    state = "on" if channel.enabled else "off"
    messages.success(request, f"Channel “{channel.name}” is {state}.")
    return redirect("channel_list")


@login_required
@require_POST
def channel_delete(request, pk):
    channel = owned(request, Channel, pk=pk)
    channel.delete()
    messages.success(request, f"Channel “{channel.name}” removed.")
    return redirect("channel_list")


@login_required
@require_POST
def channel_test(request, pk):
    channel = owned(request, Channel, pk=pk)
    error = channels.send_test(channel)
    if error is None:
        messages.success(request, f"A test message went to “{channel.name}”.")
    else:
        messages.error(request, f"“{channel.name}” did not take the test message: {error}")
    return redirect("channel_list")


@login_required
@require_POST
def channel_retry(request):
    count = channels.retry(ChannelDelivery.objects.filter(channel__owner=request.user))
    messages.success(
        request, f"{count} failed message{pluralize(count)} will be sent again within a minute."
    )
    return redirect("channel_list")
