from django.urls import path

from . import paste_views

urlpatterns = [
    path("", paste_views.invitation_paste, name="invitation_paste"),
]
