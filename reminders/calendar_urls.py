from django.urls import path, re_path

from . import calendar_views

urlpatterns = [
    path("rotate/", calendar_views.rotate, name="calendar_rotate"),
    path(
        "invitation/<int:pk>.ics",
        calendar_views.download,
        {"word": "invitation"},
        name="calendar_invitation",
    ),
    path("offer/<int:pk>.ics", calendar_views.download, {"word": "offer"}, name="calendar_offer"),
    # token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-].
    re_path(r"^(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", calendar_views.feed, name="calendar_feed"),
]
