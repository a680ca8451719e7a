from django.contrib import admin
from django.urls import include, path

from config import health
from offers.dashboard import dashboard, floor

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", dashboard, name="dashboard"),
    path("floor/", floor, name="floor"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("interviews.urls")),
    path("invitations/paste/", include("interviews.paste_urls")),
    path("proposals/", include("proposals.check_urls")),
    path("proposals/", include("proposals.urls")),
    path("offers/paste/", include("offers.paste_urls")),
    path("offers/", include("offers.urls")),
    path("notifications/", include("reminders.urls")),
    path("calendar/", include("reminders.calendar_urls")),
    path("data/", include("offers.portability_urls")),
    path("analytics/", include("offers.analytics_urls")),
]
