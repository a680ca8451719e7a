from django.urls import path

from . import views

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("new/", views.offer_new, name="offer_new"),
    path("request/<int:proposal_pk>/", views.offer_request, name="offer_request"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/receive/", views.offer_receive, name="offer_receive"),
    path("<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
]
