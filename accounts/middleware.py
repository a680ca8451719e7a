import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class UserTimezoneMiddleware:
    """Show every time in the signed-in user's own zone; anonymous pages stay in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class AdminSecondFactorMiddleware:
    """Staff reach the admin only once they have a second factor set up.

    The log-in flow then asks for it every time (allauth's mfa stage). Off with
    TRACKER_ADMIN_REQUIRES_MFA=false.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.TRACKER_ADMIN_REQUIRES_MFA
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not has_second_factor(user)
        ):
            messages.warning(
                request,
                "The admin needs a second factor. Set up an authenticator app or a passkey, "
                "then open the admin again.",
            )
            return redirect("mfa_index")
        return self.get_response(request)


def has_second_factor(user):
    from allauth.mfa.models import Authenticator

    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
