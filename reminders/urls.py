from django.urls import path, re_path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("settings/channels/", views.channel_list, name="channel_list"),
    path("settings/channels/<int:pk>/toggle/", views.channel_toggle, name="channel_toggle"),
    path("settings/channels/<int:pk>/delete/", views.channel_delete, name="channel_delete"),
    path("settings/channels/<int:pk>/test/", views.channel_test, name="channel_test"),
    path("settings/channels/retry/", views.channel_retry, name="channel_retry"),
    path("calendar/rotate/", views.rotate, name="calendar_rotate"),
    path(
        "calendar/invitation/<int:pk>.ics",
        views.download,
        {"word": "invitation"},
        name="calendar_invitation",
    ),
    path("calendar/offer/<int:pk>.ics", views.download, {"word": "offer"}, name="calendar_offer"),
    # token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
    # A django.core.signing value: base64 and the ":" between its parts.
    re_path(
        r"^reminders/unsubscribe/(?P<token>[A-Za-z0-9_:-]{20,400})/$",
        views.unsubscribe,
        name="reminder_unsubscribe",
    ),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", views.feed, name="calendar_feed"),
]
