"""The project's URLs, plus stand-ins for page names built in other branches.

The base layout links to the dashboard, invitations, clients, settings and the log-in pages.
A stand-in is added only for a name that config.urls does not define yet, so once those pages
are merged this module is exactly config.urls and can be deleted.
"""

from django.http import HttpResponse
from django.urls import get_resolver, path

from config.urls import urlpatterns as project_urlpatterns

STAND_INS = {
    "dashboard": "",
    "login": "login/",
    "logout": "logout/",
    "signup": "signup/",
    "settings": "settings/",
    "invitation_list": "invitations/",
    "invitation_detail": "invitations/<int:pk>/",
    "client_list": "clients/",
    "client_detail": "clients/<int:pk>/",
}


def stand_in(request, **kwargs):
    return HttpResponse("A page from another branch.")


_known = get_resolver("config.urls").reverse_dict
urlpatterns = [
    *project_urlpatterns,
    *(path(route, stand_in, name=name) for name, route in STAND_INS.items() if name not in _known),
]
