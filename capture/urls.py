from django.urls import path

from . import views, webhooks

urlpatterns = [
    path("invitations/paste/", views.invitation_paste, name="invitation_paste"),
    path("offers/paste/", views.offer_paste, name="offer_paste"),
    path(
        "offers/<int:pk>/receive/paste/",
        views.offer_receive_paste,
        name="offer_receive_paste",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_message, name="inbox_message"),
    path("inbox/<int:pk>/record/", views.inbox_record, name="inbox_record"),
    path("inbox/<int:pk>/dismiss/", views.inbox_dismiss, name="inbox_dismiss"),
    path("settings/mail-in/rotate/", views.mail_in_rotate, name="mail_in_rotate"),
    path("mail-in/<slug:provider>/", webhooks.provider_inbound, name="mail_in_webhook"),
]
