from django.conf import settings


def tracker(request):
    return {"signup_allowed": settings.TRACKER_ALLOW_SIGNUP}
