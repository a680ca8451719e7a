"""The installable app: its web app manifest, its service worker and the page shown offline.

The service worker keeps only the offline page and the static files it needs; pages hold a
freelancer's records and are never cached, so a shared phone shows nothing of them offline.
Served from the site's root so that the worker's scope is the whole site.
"""

import hashlib

from django.contrib.staticfiles.storage import staticfiles_storage
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# What the worker keeps, besides the offline page itself.
OFFLINE_ASSETS = ("css/app.css", "favicon.svg")


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    return render(
        request,
        "pwa/manifest.webmanifest",
        {"start_url": reverse("dashboard")},
        content_type="application/manifest+json",
    )


@require_safe
@cache_control(no_cache=True)  # browsers check for a new worker on every visit
def service_worker(request):
    offline = reverse("offline")
    assets = [offline] + [staticfiles_storage.url(name) for name in OFFLINE_ASSETS]
    # A new offline page or new static files (their URLs carry a hash in production) make a
    # new cache name, so an installed worker replaces what it kept.
    page = render_to_string("pwa/offline.html")
    version = hashlib.sha256("\n".join([page, *assets]).encode()).hexdigest()[:12]
    return render(
        request,
        "pwa/sw.js",
        {"version": version, "offline": offline, "assets": assets},
        content_type="text/javascript",
    )


@require_safe
def offline(request):
    """Shown by the worker when a page cannot be reached; the same for everyone."""
    return render(request, "pwa/offline.html")
