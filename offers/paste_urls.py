from django.urls import path

from . import paste_views

urlpatterns = [
    path("", paste_views.offer_paste, name="offer_paste"),
]
