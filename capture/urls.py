from django.urls import path

from . import views

urlpatterns = [
    path("invitations/paste/", views.invitation_paste, name="invitation_paste"),
    path("offers/paste/", views.offer_paste, name="offer_paste"),
    path(
        "offers/<int:pk>/receive/paste/",
        views.offer_receive_paste,
        name="offer_receive_paste",
    ),
]
