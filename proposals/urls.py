from django.urls import path

from . import views

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("new/", views.proposal_new, name="proposal_new"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_new, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
]
