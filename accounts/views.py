"""The settings page; sign-up and log-in are django-allauth's (accounts.adapter)."""

import copy

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .forms import SettingsForm, offered_timezones


@login_required
def user_settings(request):
    """Name, time zone and reminder preferences; saving just saves the user.

    The e-mail address is changed on its own page (allauth's), which asks for the password
    again and confirms the new address before it is used.
    """
    # A copy: the form writes what was typed onto its instance while validating, and the
    # layout must go on showing the saved zone beside a refused one.
    form = SettingsForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("settings")
    zones = sorted(offered_timezones())
    address = EmailAddress.objects.filter(user=request.user, primary=True).first()
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "zones": zones, "address": address},
    )
