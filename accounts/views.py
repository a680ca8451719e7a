"""Sign-up, the settings page, and Django's own auth views in our templates."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from .forms import SettingsForm, SignupForm, ThrottledAuthenticationForm, offered_timezones


def signup(request):
    """Create an account and sign in; off (404) when TRACKER_ALLOW_SIGNUP is false."""
    if not settings.TRACKER_ALLOW_SIGNUP:
        raise Http404("Sign-up is turned off on this site.")
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        messages.success(
            request,
            f"Welcome, {user.get_username()}! Deadlines are shown in {user.timezone}; "
            "start by recording an invitation.",
        )
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def user_settings(request):
    """Name, e-mail, time zone and reminder preferences; saving just saves the user."""
    # A copy: the form writes what was typed onto its instance while validating, and the
    # layout must go on showing the saved zone beside a refused one.
    form = SettingsForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("settings")
    zones = sorted(offered_timezones())
    return render(request, "accounts/settings.html", {"form": form, "zones": zones})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule since 5.0); says so once it is done."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    """Always says the same thing, whether or not the address has an account.

    The link in the e-mail is built from SITE_URL, like every other e-mail the site sends,
    not from the request's Host header, which a stranger could forge.
    """

    success_url = reverse_lazy("password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
