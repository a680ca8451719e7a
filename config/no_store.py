"""Nothing a signed-in user sees is kept in a cache: not a proxy's, not the browser's.

Their pages and exports hold their clients, deadlines and offers. Without a Cache-Control,
a browser may keep a page on disk and show it after sign-out (the back button, a shared
computer), and a proxy may keep it for others. A response that says its own Cache-Control
keeps it (the calendar feed, the health check); static files never get here (WhiteNoise
answers them first).
"""

from django.utils.cache import patch_cache_control


class NoStoreWhenSignedIn:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
