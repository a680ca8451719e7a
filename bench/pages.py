"""Server time and SQL queries of the six timed pages, each against its own floor, and how two
of them grow with a user's history.

Requests go through Django's test client in this process: the whole middleware stack, the
views and the templates, without a socket. The pages and their floors take turns, so a noisy
moment on a shared machine falls on all of them alike. A floor (bench/views.py) shows the
same rows and links as its page, read and rendered the cheapest way.
"""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .urls import FLOORS

# The name each page goes by in the figures, and its URL name.
PAGES = {
    "dashboard": "dashboard",
    "invitation_list": "invitation_list",
    "proposals": "proposal_list",
    "offers": "offer_list",
    "clients": "client_list",
    "analytics": "analytics",
}
GROWN = ("dashboard", "clients")  # timed for a user with a short and a long history
WARM_UP = 10
WARM_UP_SECONDS = 2  # a slow page warms up on fewer requests
MIN_TURNS = 5


def summary(seconds):
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def signed_in(user):
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    return client


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return response


def traced(client, url):
    """(queries, bytes) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    return len(queries), len(response.content)


def timed(clients_and_urls, requests, budget):
    """Median and p95 of each (client, url), in turns, after a warm-up.

    At most `requests` turns, and no new turn after `budget` seconds (but at least
    MIN_TURNS): a page that takes seconds is timed on fewer requests rather than for hours.
    """
    for client, url in clients_and_urls.values():
        warm_until = time.monotonic() + WARM_UP_SECONDS
        for _ in range(WARM_UP):
            get(client, url)
            if time.monotonic() > warm_until:
                break
    timings = {name: [] for name in clients_and_urls}
    stop_at = time.monotonic() + budget
    for turn in range(requests):
        if turn >= MIN_TURNS and time.monotonic() > stop_at:
            break
        for name, (client, url) in clients_and_urls.items():
            started = time.perf_counter()
            get(client, url)
            timings[name].append(time.perf_counter() - started)
    return {
        name: summary(seconds) | {"requests": len(seconds)} for name, seconds in timings.items()
    }


def measure(user, requests, budget):
    """Each page and its floor for the same user: time, queries, bytes and the ratio."""
    client = signed_in(user)
    targets = {}
    for name, view in PAGES.items():
        targets[name] = (client, reverse(view))
        targets[f"{name}:floor"] = (client, reverse(FLOORS[view]))
    traces = {name: traced(client, url) for name, (client, url) in targets.items()}
    times = timed(targets, requests, budget)
    results = {"requests": times["dashboard"]["requests"], "budget_seconds": budget}
    for name in PAGES:
        page, floor = times[name], times[f"{name}:floor"]
        results[name] = {
            **page,
            "queries": traces[name][0],
            "bytes": traces[name][1],
            "floor_median_ms": floor["median_ms"],
            "floor_p95_ms": floor["p95_ms"],
            "floor_queries": traces[f"{name}:floor"][0],
            "floor_bytes": traces[f"{name}:floor"][1],
            "over_floor": page["median_ms"] / floor["median_ms"],
        }
    results["max_queries"] = max(results[name]["queries"] for name in PAGES)
    return results


def growth(small, large, requests, budget):
    """The dashboard and the clients page for two users with the same open items, one with a
    short history (`small`: (invitations, user)) and one with a long one (`large`).

    Reports each page's median for both and their ratio, and every page's query count for
    both: the count must not move with the number of rows.
    """
    (few, small_user), (many, large_user) = small, large
    clients = {"small": signed_in(small_user), "large": signed_in(large_user)}
    targets = {
        f"{name}:{size}": (clients[size], reverse(PAGES[name]))
        for name in GROWN
        for size in ("small", "large")
    }
    times = timed(targets, requests, budget)
    results = {
        "requests": times[f"{GROWN[0]}:small"]["requests"],
        "small_invitations": few,
        "large_invitations": many,
    }
    for name in GROWN:
        small_ms, large_ms = (
            times[f"{name}:small"]["median_ms"],
            times[f"{name}:large"]["median_ms"],
        )
        results[name] = {
            "small_median_ms": small_ms,
            "large_median_ms": large_ms,
            "large_over_small": large_ms / small_ms,
        }
    queries = {}
    for name, view in PAGES.items():
        url = reverse(view)
        queries[name] = [traced(clients[size], url)[0] for size in ("small", "large")]
    results["queries"] = queries
    results["queries_constant"] = all(a == b for a, b in queries.values())
    return results
