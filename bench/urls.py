"""The product's URLs and the benchmark's floor pages beside them; never the product's own."""

from django.urls import include, path

from . import views

# Each page the benchmark times, and its floor's URL name.
FLOORS = {
    "dashboard": "floor_dashboard",
    "invitation_list": "floor_invitation_list",
    "proposal_list": "floor_proposal_list",
    "offer_list": "floor_offer_list",
    "client_list": "floor_client_list",
    "analytics": "floor_analytics",
}

urlpatterns = [
    path("floor/", views.floor, name="floor"),
    path("floor/dashboard/", views.dashboard, name="floor_dashboard"),
    path("floor/invitations/", views.invitation_list, name="floor_invitation_list"),
    path("floor/proposals/", views.proposal_list, name="floor_proposal_list"),
    path("floor/offers/", views.offer_list, name="floor_offer_list"),
    path("floor/clients/", views.client_list, name="floor_client_list"),
    path("floor/analytics/", views.analytics, name="floor_analytics"),
    path("", include("config.urls")),
]
