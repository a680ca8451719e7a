"""Server time and SQL queries of the dashboard and the invitation list against the floor view.

Requests go through Django's test client in this process: the whole middleware stack, the
views and the templates, without a socket. The three pages take turns, so a noisy moment on a
shared machine falls on all of them alike.
"""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PAGES = {
    "dashboard": "dashboard",
    "invitation_list": "invitation_list",
    "floor": "floor",
}
WARM_UP = 10


def summary(seconds):
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def measure(user, requests):
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    urls = {name: reverse(view) for name, view in PAGES.items()}

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}, not 200")
        return response

    results = {}
    for name, url in urls.items():
        for _ in range(WARM_UP):
            get(url)
        with CaptureQueriesContext(connection) as queries:
            response = get(url)
        results[name] = {"queries": len(queries), "bytes": len(response.content)}
    timings = {name: [] for name in urls}
    for _ in range(requests):
        for name, url in urls.items():
            started = time.perf_counter()
            get(url)
            timings[name].append(time.perf_counter() - started)
    for name, seconds in timings.items():
        results[name].update(summary(seconds))
    floor = results["floor"]["median_ms"]
    return {
        "requests": requests,
        **results,
        "dashboard_over_floor": results["dashboard"]["median_ms"] / floor,
        "invitation_list_over_floor": results["invitation_list"]["median_ms"] / floor,
    }
