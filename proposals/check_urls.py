from django.urls import path

from . import check_views

urlpatterns = [
    path("<int:pk>/check/", check_views.proposal_check, name="proposal_check"),
    path("answers/suggest/", check_views.answer_suggestions, name="answer_suggestions"),
]
