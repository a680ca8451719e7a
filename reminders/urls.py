from django.urls import path, re_path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("calendar/rotate/", views.rotate, name="calendar_rotate"),
    path(
        "calendar/invitation/<int:pk>.ics",
        views.download,
        {"word": "invitation"},
        name="calendar_invitation",
    ),
    path("calendar/offer/<int:pk>.ics", views.download, {"word": "offer"}, name="calendar_offer"),
    # token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", views.feed, name="calendar_feed"),
]
