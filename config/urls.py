"""One include per app; each app's urls.py names its pages' full paths."""

from django.contrib import admin
from django.urls import include, path

from config import health, pwa

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # The installable app: served from the root, so the worker's scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
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
