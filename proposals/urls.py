from django.urls import path

from . import views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/check/", views.proposal_check, name="proposal_check"),
    path("proposals/answers/suggest/", views.answer_suggestions, name="answer_suggestions"),
    path("proposals/templates/", views.template_list, name="template_list"),
    path("proposals/templates/new/", views.template_new, name="template_new"),
    path("proposals/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("proposals/templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
]
