"""The product's URLs and the benchmark's floor pages beside them; never the product's own."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("floor/", views.floor, name="floor"),
    path("", include("config.urls")),
]
