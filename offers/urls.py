from django.urls import path

from . import views

urlpatterns = [
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_new, name="offer_new"),
    path("offers/request/<int:proposal_pk>/", views.offer_request, name="offer_request"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/receive/", views.offer_receive, name="offer_receive"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
]
