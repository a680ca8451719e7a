"""The project's URLs, plus stand-ins for page names other branches are building now.

The base layout links to the dashboard, settings, log-in and the list pages, and the proposal
checker goes back to the proposal page. Until those branches are merged, the tests of the
paste pages and of the checker route through this module
(`pytest.mark.urls("tests.assist_pending_urls")`). A name config.urls defines is never
replaced, so once everything is merged this adds nothing and can go with the marks.
"""

from django.http import HttpResponse
from django.urls import get_resolver, path

from config.urls import urlpatterns as project_urlpatterns

PENDING = {
    "dashboard": "",
    "login": "login/",
    "logout": "logout/",
    "signup": "signup/",
    "settings": "settings/",
    "invitation_list": "invitations/",
    "invitation_new": "invitations/new/",
    "client_list": "clients/",
    "proposal_list": "proposals/",
    "proposal_detail": "proposals/<int:pk>/",
    "offer_list": "offers/",
    "offer_new": "offers/new/",
}


def stand_in(request, **kwargs):
    return HttpResponse("Built on another branch.")


defined = get_resolver("config.urls").reverse_dict
urlpatterns = project_urlpatterns + [
    path(route, stand_in, name=name) for name, route in PENDING.items() if name not in defined
]
