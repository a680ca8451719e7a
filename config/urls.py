"""One include per app; each app's urls.py names its pages' full paths."""

from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("", include("pipeline.urls")),
    path("", include("accounts.urls")),
    # Sign-up, log-in (/login/), log-out, passwords, e-mail addresses, two-factor (/2fa/).
    path("", include("allauth.urls")),
    path("", include("interviews.urls")),
    path("", include("proposals.urls")),
    path("", include("offers.urls")),
    path("", include("reminders.urls")),
    path("", include("capture.urls")),
]
