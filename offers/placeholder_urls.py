"""PLACEHOLDER UNTIL THE PAGES LAND — drop this file and its include at merge.

The list and detail pages of invitations, clients, proposals and offers are being built on
other branches. The base layout's menu and the dashboard link to them by name, so these stubs
give the names something to resolve to meanwhile. They sit under /placeholder/ and are
included first in config/urls.py: the real patterns, included later, win both the URL match
and reverse() (which picks the last pattern of a name).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def placeholder(request, **kwargs):
    return HttpResponse("Placeholder until the page lands.", content_type="text/plain")


urlpatterns = [
    path(f"{route}/", placeholder, name=name)
    for route, name in (
        ("invitations", "invitation_list"),
        ("invitations/<int:pk>", "invitation_detail"),
        ("clients", "client_list"),
        ("clients/<int:pk>", "client_detail"),
        ("proposals", "proposal_list"),
        ("proposals/<int:pk>", "proposal_detail"),
        ("proposals/templates", "template_list"),
        ("offers", "offer_list"),
        ("offers/<int:pk>", "offer_detail"),
    )
]
