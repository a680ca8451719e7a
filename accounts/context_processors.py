from django.conf import settings


def tracker(request):
    return {
        "signup_allowed": settings.TRACKER_ALLOW_SIGNUP,
        # The Inbox holds mail that arrived by itself: shown once capture is turned on.
        "mail_in_on": bool(settings.MAIL_IN_ADDRESS),
    }
