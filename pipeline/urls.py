from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("analytics/", views.analytics, name="analytics"),
    path("data/", views.data_home, name="data_portability"),
    path(
        "data/invitations.csv", views.export_csv, {"kind": "invitations"}, name="export_invitations"
    ),
    path("data/proposals.csv", views.export_csv, {"kind": "proposals"}, name="export_proposals"),
    path("data/offers.csv", views.export_csv, {"kind": "offers"}, name="export_offers"),
    path("data/everything.json", views.export_everything, name="export_everything"),
    path("data/import/", views.import_upload, name="import_invitations"),
    path("data/import/columns/", views.import_mapping, name="import_mapping"),
    path("data/import/<int:pk>/", views.import_progress, name="import_progress"),
    path("data/delete-account/", views.delete_account, name="delete_account"),
]
