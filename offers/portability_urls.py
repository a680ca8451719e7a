from django.urls import path

from . import portability_views as views

urlpatterns = [
    path("", views.data_home, name="data_portability"),
    path("invitations.csv", views.export_csv, {"kind": "invitations"}, name="export_invitations"),
    path("proposals.csv", views.export_csv, {"kind": "proposals"}, name="export_proposals"),
    path("offers.csv", views.export_csv, {"kind": "offers"}, name="export_offers"),
    path("everything.json", views.export_everything, name="export_everything"),
    path("import/", views.import_upload, name="import_invitations"),
    path("import/columns/", views.import_mapping, name="import_mapping"),
    path("delete-account/", views.delete_account, name="delete_account"),
]
