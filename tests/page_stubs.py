"""The project's URLs, plus stand-ins for page names that other branches are still building.

The base layout links to the dashboard, the lists and the settings page; while those pages
live in other branches, a test that renders a page here uses this URLconf
(`pytestmark = pytest.mark.urls("tests.page_stubs")`). A name that exists is never replaced,
so once the pages are merged this adds nothing.
"""

from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from config.urls import urlpatterns as project_urlpatterns


def stand_in(request, **kwargs):
    return HttpResponse("A page built in another branch.")


STAND_INS = [
    ("", "dashboard", {}),
    ("login/", "login", {}),
    ("logout/", "logout", {}),
    ("signup/", "signup", {}),
    ("settings/", "settings", {}),
    ("invitations/", "invitation_list", {}),
    ("invitations/<int:pk>/", "invitation_detail", {"pk": 1}),
    ("clients/", "client_list", {}),
    ("clients/<int:pk>/", "client_detail", {"pk": 1}),
    ("proposals/", "proposal_list", {}),
    ("offers/", "offer_list", {}),
    ("offers/<int:pk>/", "offer_detail", {"pk": 1}),
]


def _exists(name, kwargs):
    try:
        reverse(name, kwargs=kwargs, urlconf="config.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = list(project_urlpatterns) + [
    path(route, stand_in, name=name)
    for route, name, kwargs in STAND_INS
    if not _exists(name, kwargs)
]
