from django.urls import path

from . import views

urlpatterns = [
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_new, name="invitation_new"),
    path("invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/edit/", views.invitation_edit, name="invitation_edit"),
    path("invitations/<int:pk>/start/", views.invitation_start, name="invitation_start"),
    path("invitations/<int:pk>/complete/", views.invitation_complete, name="invitation_complete"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("invitations/<int:pk>/archive/", views.invitation_archive, name="invitation_archive"),
    path("invitations/<int:pk>/preparation/", views.preparation_update, name="preparation_update"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/delete/", views.client_delete, name="client_delete"),
]
