"""The calendar feed at its secret URL, its rotation, and one-off .ics downloads."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.ownership import owned

from . import calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Where the settings page lives (built in the accounts app); the rotation returns there.
SETTINGS_PATH = "/settings/"

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


@login_required
@require_POST
def rotate(request):
    request.user.rotate_calendar_token()
    messages.success(
        request,
        "Your calendar feed has a new address. The old one no longer works: subscribe again "
        "with the new address in your calendar application.",
    )
    return redirect(SETTINGS_PATH)


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
