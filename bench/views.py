"""The page floor: what every signed-in page costs at least. Routed only by bench/urls.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def floor(request):
    """The base layout alone, for the signed-in user: what every page costs at least."""
    return render(request, "base.html", {"nav": "dashboard"})
