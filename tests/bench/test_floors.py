"""Each page floor shows its page's rows and links: what keeps a floor honest."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import seed
from bench.urls import FLOORS

LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"')
DETAIL = re.compile(r"^/(invitations|clients|proposals|offers)/\d+/")


@pytest.fixture
def bench_app(settings):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def seeded(db, bench_app):
    # More open invitations than the dashboard shows, and some missed lately.
    scale = seed.Scale(users=2, invitations_per_user=12, due=4, owner_open=60, owner_closed=150)
    return seed.seed(scale)


def links(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Counter(LINK.findall(response.content.decode()))


@pytest.mark.parametrize("page", FLOORS)
def test_a_floor_shows_the_same_links_as_its_page(client, seeded, page):
    client.force_login(seeded.owner)
    shown = links(client, reverse(page))
    floor = links(client, reverse(FLOORS[page]))
    assert floor == shown
    rows = sum(n for href, n in shown.items() if DETAIL.match(href))
    assert rows >= 3  # rows of the page, each linking to its record


@pytest.mark.parametrize("page", FLOORS)
def test_a_floor_with_few_open_rows_shows_the_same_links_as_its_page(client, seeded, page):
    # Fewer open invitations than a page holds: the invitation list's closed rows follow.
    user = get_user_model().objects.exclude(pk=seeded.owner.pk).filter(invitations__isnull=False)
    client.force_login(user.first())
    assert links(client, reverse(FLOORS[page])) == links(client, reverse(page))


@pytest.mark.parametrize("page", FLOORS)
def test_a_floor_makes_no_more_queries_than_its_page(client, seeded, page):
    client.force_login(seeded.owner)
    client.get(reverse(page)), client.get(reverse(FLOORS[page]))  # each query compiled once
    with CaptureQueriesContext(connection) as shown:
        client.get(reverse(page))
    with CaptureQueriesContext(connection) as floor:
        client.get(reverse(FLOORS[page]))
    assert 0 < len(floor) <= len(shown)


def test_the_dashboard_floor_shows_what_is_due_and_missed(client, seeded):
    client.force_login(seeded.owner)
    body = client.get(reverse("floor_dashboard")).content.decode()
    assert "Showing the 50 nearest of" in body
    assert "Missed in the last 7 days" in body and " ago</td>" in body


def test_a_floor_is_for_signed_in_users_only(client, bench_app, db):
    for name in FLOORS.values():
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("page", FLOORS)
def test_a_floor_of_a_new_user_matches_its_empty_page(client, owner, bench_app, page):
    client.force_login(owner)
    assert links(client, reverse(FLOORS[page])) == links(client, reverse(page))


def test_a_floor_makes_no_query_its_page_does_not_need(
    client, seeded, django_assert_max_num_queries
):
    client.force_login(seeded.owner)
    client.get(reverse("floor_offer_list"))
    # session, user, the header's unread count, the row count, the page of rows
    with django_assert_max_num_queries(5):
        client.get(reverse("floor_offer_list"))
