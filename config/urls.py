from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("interviews.urls")),
    path("invitations/paste/", include("interviews.paste_urls")),
    path("proposals/", include("proposals.check_urls")),
    path("proposals/", include("proposals.urls")),
    path("offers/paste/", include("offers.paste_urls")),
    path("offers/", include("offers.urls")),
    path("notifications/", include("reminders.urls")),
]
