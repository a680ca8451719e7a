from django.urls import path

from . import views

# Sign-up, log-in, log-out, passwords and e-mail addresses are django-allauth's
# (allauth.urls, included in config/urls.py).
urlpatterns = [
    path("settings/", views.user_settings, name="settings"),
]
