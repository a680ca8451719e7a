"""The project's URLs, plus stand-ins for names that other branches are building now.

The base layout links to the dashboard, settings, log-in and the proposal and offer pages.
Until those branches are merged, the invitation pages' tests route through this module
(`pytest.mark.urls("tests.pending_urls")`) so that the layout renders. A name that
config.urls defines is never replaced: once everything is merged this module adds nothing
and can be deleted along with the marks.
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
    "proposal_list": "proposals/",
    "proposal_new": "proposals/new/",
    "proposal_detail": "proposals/<int:pk>/",
    "offer_list": "offers/",
    "offer_detail": "offers/<int:pk>/",
}


def stand_in(request, **kwargs):
    return HttpResponse("Built on another branch.")


defined = get_resolver("config.urls").reverse_dict
urlpatterns = project_urlpatterns + [
    path(route, stand_in, name=name) for name, route in PENDING.items() if name not in defined
]
