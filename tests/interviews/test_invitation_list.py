"""The invitation list: status chips, search, order by next deadline, and a fixed query count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interviews.models import Client, Invitation
from tests.support.instants import NOW

URL = "/invitations/"


def titles(response):
    return [invitation.job_title for invitation in response.context["page_obj"].object_list]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def pipeline(now, make_invitation):
    """One invitation in each of the main states, with deadlines at known distances."""
    soon = make_invitation(job_title="Pending, 1 day left", notified_at=NOW - timedelta(days=13))
    later = make_invitation(job_title="Pending, 13 days left", notified_at=NOW - timedelta(days=1))
    running = make_invitation(job_title="Running", notified_at=NOW - timedelta(days=2))
    running.start(at=NOW - timedelta(hours=10))  # 38 h left: between the two pending ones
    expired = make_invitation(job_title="Expired", notified_at=NOW - timedelta(days=20))
    done = make_invitation(job_title="Completed", notified_at=NOW - timedelta(days=4))
    done.start(at=NOW - timedelta(days=3))
    done.complete(at=NOW - timedelta(days=2))
    return {"soon": soon, "later": later, "running": running, "expired": expired, "done": done}


def test_it_sends_an_anonymous_visitor_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_is_the_page_the_nav_links_to(db):
    assert reverse("invitation_list") == URL


def test_it_lists_open_windows_first_nearest_deadline_first(signed_in, pipeline):
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert titles(response) == [
        "Pending, 1 day left",
        "Running",
        "Pending, 13 days left",
        "Completed",
        "Expired",
    ]


def test_it_sorts_by_newest_notice_when_asked(signed_in, pipeline):
    response = signed_in.get(URL, {"sort": "newest"})
    assert titles(response) == [
        "Pending, 13 days left",
        "Running",
        "Completed",
        "Pending, 1 day left",
        "Expired",
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", {"Pending, 1 day left", "Pending, 13 days left"}),
        ("in_progress", {"Running"}),
        ("open", {"Pending, 1 day left", "Pending, 13 days left", "Running"}),
        ("expired", {"Expired"}),
        ("completed", {"Completed"}),
        ("declined", set()),
    ],
)
def test_it_filters_by_status(signed_in, pipeline, status, expected):
    response = signed_in.get(URL, {"status": status})
    assert set(titles(response)) == expected


def test_it_shows_an_unknown_status_filter_as_all(signed_in, pipeline):
    response = signed_in.get(URL, {"status": "nonsense"})
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_its_chips_count_each_status_and_mark_the_current_one(signed_in, pipeline):
    response = signed_in.get(URL, {"status": "pending"})
    chips = {chip["value"]: chip["count"] for chip in response.context["chips"]}
    assert chips["all"] == 5
    assert chips["open"] == 3
    assert chips["pending"] == 2
    assert chips["lapsed"] == 0
    assertContains(
        response,
        '<a href="?status=pending" aria-current="true">Pending <span class="count">2</span></a>',
        html=True,
    )


def test_on_a_list_narrowed_to_a_client_and_month_the_chips_count_and_keep_them(
    signed_in, owner, pipeline, make_invitation
):
    other = Client.objects.create(owner=owner, name="Other client")
    make_invitation(job_title="Other client's", client=other)
    make_invitation(job_title="October's", notified_at=NOW - timedelta(days=60))
    client_id = pipeline["soon"].client_id
    response = signed_in.get(URL, {"client": client_id, "month": "2026-11"})
    chips = {chip["value"]: chip for chip in response.context["chips"]}
    # The pipeline's five, of which the expired one arrived in November too.
    assert (chips["all"]["count"], chips["pending"]["count"]) == (5, 2)
    assert len(titles(response)) == 5
    narrowed = signed_in.get(URL + chips["pending"]["url"])
    assert set(titles(narrowed)) == {"Pending, 1 day left", "Pending, 13 days left"}
    assert chips["pending"]["url"] == f"?status=pending&client={client_id}&month=2026-11"


def test_it_searches_job_titles_client_names_and_companies(signed_in, owner, make_invitation):
    other = Client.objects.create(owner=owner, name="Northwind", company="Globex Corporation")
    make_invitation(job_title="Django developer")
    make_invitation(job_title="Logo design", client=other)
    assert titles(signed_in.get(URL, {"q": "django"})) == ["Django developer"]
    assert titles(signed_in.get(URL, {"q": "northwind"})) == ["Logo design"]
    assert titles(signed_in.get(URL, {"q": "GLOBEX"})) == ["Logo design"]
    response = signed_in.get(URL, {"q": "nothing like this"})
    assertContains(response, "No invitations match")


def test_its_filter_links_keep_the_search(signed_in, pipeline):
    response = signed_in.get(URL, {"q": "Pending", "sort": "newest"})
    assertContains(response, 'href="?status=open&amp;q=Pending&amp;sort=newest"')


def test_searching_or_sorting_keeps_several_statuses_a_client_and_a_month(
    signed_in, owner, pipeline, make_invitation
):
    """The search box and the sort links change the search or the order, never which
    statuses, client or month the list was narrowed to."""
    other = Client.objects.create(owner=owner, name="Other client")
    make_invitation(job_title="Pending for the other client", client=other)
    client_id = pipeline["soon"].client_id
    filters = [
        ("status", "pending"),
        ("status", "in_progress"),
        ("client", str(client_id)),
        ("month", "2026-11"),
    ]
    response = signed_in.get(
        URL,
        {
            "status": ["pending", "in_progress"],
            "client": client_id,
            "month": "2026-11",
            "q": "Pending",
        },
    )
    page = response.content.decode()
    for name, value in filters:
        assert f'<input type="hidden" name="{name}" value="{value}">' in page
    assert 'name="status" value="several"' not in page
    newest = next(
        option["url"] for option in response.context["sorts"] if option["value"] == "newest"
    )
    sorted_newest = signed_in.get(URL + newest)
    assert set(titles(sorted_newest)) == {"Pending, 1 day left", "Pending, 13 days left"}
    searched = signed_in.get(URL, [*filters, ("q", "Pending")])
    assert set(titles(searched)) == {"Pending, 1 day left", "Pending, 13 days left"}
    cleared = signed_in.get(URL + response.context["clear_search_url"])
    assert set(titles(cleared)) == {"Pending, 1 day left", "Pending, 13 days left", "Running"}


def test_it_shows_the_next_deadline_in_the_users_zone_with_a_countdown(signed_in, pipeline):
    response = signed_in.get(URL)
    # The soon one: notified 13 days ago, so its start deadline is in a day; the owner is in
    # New York, five hours behind UTC in November.
    assertContains(response, "Thu 26 Nov 2026 07:00 EST")
    assertContains(response, "1 day left")
    assertContains(response, 'data-deadline="2026-11-26T12:00:00+00:00"')


def test_it_shows_the_status_and_the_preparation_progress(signed_in, pipeline):
    items = pipeline["soon"].preparation.all()[:2]
    for item in items:
        item.done = True
        item.save()
    response = signed_in.get(URL)
    assertContains(response, '<span class="badge expired">Expired</span>', html=True)
    assertContains(response, 'class="badge in_progress" data-until=')
    assertContains(response, 'data-then="lapsed" data-then-label="Lapsed">In progress</span>')
    assertContains(response, 'max="4" value="2"')
    assertContains(response, "2 of 4 done")


def test_it_never_shows_another_users_invitations(signed_in, stranger, now, make_invitation):
    theirs = Client.objects.create(owner=stranger, name="Their client")
    make_invitation(owner=stranger, client=theirs, job_title="Someone else's job")
    make_invitation(job_title="My job")
    response = signed_in.get(URL)
    assert titles(response) == ["My job"]
    assertNotContains(response, "Someone else&#x27;s job")


def test_it_welcomes_a_user_with_no_invitations(signed_in):
    response = signed_in.get(URL)
    assertContains(response, "No invitations yet")
    assertContains(response, f'href="{reverse("invitation_new")}"')


def test_it_pages_by_25_and_keeps_the_filter_in_page_links(signed_in, now, make_invitation):
    for n in range(30):
        make_invitation(job_title=f"Job {n}", notified_at=NOW - timedelta(minutes=n + 1))
    first = signed_in.get(URL, {"status": "pending"})
    assert len(titles(first)) == 25
    assertContains(first, 'href="?status=pending&amp;page=2"')
    second = signed_in.get(URL, {"status": "pending", "page": 2})
    assert len(titles(second)) == 5


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 32),
        ({"status": "open"}, 31),
        ({"status": "pending"}, 30),
        ({"status": ["pending", "in_progress"]}, 31),
        ({"month": "2026-11"}, 31),
        ({"status": "pending", "client": "other"}, 4),
        ({"q": "Job"}, 30),
    ],
)
def test_its_pages_count_the_filtered_rows(
    signed_in, now, owner, make_invitation, params, expected
):
    """The chips' counts stand in for the paginator's own COUNT: they count the rows of the
    client and month shown, so a page count taken from them is right when narrowed too."""
    other = Client.objects.create(owner=owner, name="Other client")
    for n in range(30):
        make_invitation(
            job_title=f"Job {n}",
            notified_at=NOW - timedelta(minutes=n + 1),
            **({"client": other} if n < 4 else {}),
        )
    running = make_invitation(job_title="Running", notified_at=NOW - timedelta(days=2))
    running.start(at=NOW - timedelta(hours=1))
    make_invitation(job_title="Expired", notified_at=NOW - timedelta(days=30))  # in October
    if params.get("client") == "other":
        params = {**params, "client": other.pk}
    response = signed_in.get(URL, params)
    page_obj = response.context["page_obj"]
    assert page_obj.paginator.count == expected
    assert page_obj.paginator.num_pages == (2 if expected > 25 else 1)


@pytest.mark.parametrize("rows", [5, 200])
def test_its_query_count_does_not_grow_with_the_rows(
    signed_in, now, owner, make_invitation, django_assert_max_num_queries, rows
):
    clients = [Client.objects.create(owner=owner, name=f"Client {n}") for n in range(5)]
    for n in range(rows):
        invitation = make_invitation(
            client=clients[n % 5],
            job_title=f"Job {n}",
            # Some long expired: a page may hold open rows and closed ones.
            notified_at=NOW - timedelta(hours=n + 1, days=20 if n % 4 == 1 else 0),
        )
        if n % 3 == 0 and n % 4 != 1:
            invitation.start(at=NOW - timedelta(minutes=30))
    assert Invitation.objects.count() == rows
    # Session, user, chip counts (the page count too), the page's rows (the open ones, then
    # the rest: two queries for a page that holds both), their clients, their preparation,
    # unread count.
    with django_assert_max_num_queries(8):
        response = signed_in.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == min(rows, 25)


@pytest.mark.parametrize(
    ("status", "shown"), [("pending", "Pending"), ("open", "Open"), (None, "all")]
)
def test_a_list_narrowed_to_a_client_names_the_status_it_shows(signed_in, pipeline, status, shown):
    params = {"client": pipeline["soon"].client_id, "month": "2026-11"}
    if status:
        params["status"] = status
    response = signed_in.get(URL, params)
    assertContains(response, f"Showing {shown} for one client in November 2026.")
    if status:
        assertContains(response, f'<caption class="visually-hidden">Invitations, {shown}</caption>')


@pytest.mark.parametrize(
    "params",
    [{}, {"status": ["pending", "completed", "expired"]}, {"q": "Job"}, {"sort": "newest"}],
)
def test_pages_follow_one_order_across_the_open_and_the_closed(
    signed_in, owner, now, make_invitation, monkeypatch, params
):
    """Open windows by deadline, then the rest newest first, whichever page a row falls on;
    a page may hold the last open rows and the first closed ones."""
    for day in (1, 3, 5, 7, 9):
        make_invitation(job_title=f"Job pending {day}", notified_at=NOW - timedelta(days=day))
        make_invitation(job_title=f"Job expired {day}", notified_at=NOW - timedelta(days=20 + day))
    running = make_invitation(job_title="Job running", notified_at=NOW - timedelta(days=2))
    running.start(at=NOW - timedelta(hours=1))
    done = make_invitation(job_title="Job completed", notified_at=NOW - timedelta(days=6))
    done.start(at=NOW - timedelta(days=5))
    done.complete(at=NOW - timedelta(days=4))
    make_invitation(job_title="Job declined", notified_at=NOW - timedelta(days=4)).decline(
        "Not a fit", at=NOW
    )
    expected_rows = Invitation.objects.filter(owner=owner).with_status(NOW)
    if "status" in params:
        expected_rows = expected_rows.status(*params["status"], now=NOW)
    if params.get("sort") == "newest":
        expected_rows = expected_rows.order_by("-notified_at", "-pk")
    else:
        expected_rows = expected_rows.by_next_deadline()
    expected = [row.job_title for row in expected_rows]
    monkeypatch.setattr("kit.lists.PAGE_SIZE", 4)
    shown = []
    for number in range(1, 7):
        response = signed_in.get(URL, {**params, "page": number})
        assert response.context["page_obj"].paginator.count == len(expected)
        if number > response.context["page_obj"].paginator.num_pages:
            break
        shown += titles(response)
    assert shown == expected
    assert len(expected) >= 8


@pytest.mark.parametrize("narrowing", [(), ("client",), ("month",), ("client", "month")])
def test_the_chips_count_what_each_narrowing_leaves(
    signed_in, owner, now, pipeline, make_invitation, narrowing
):
    """Each way of narrowing has a query of its own: each counts the rows its list shows."""
    other = Client.objects.create(owner=owner, name="Other client")
    make_invitation(client=other, job_title="Other's", notified_at=NOW - timedelta(days=40))
    client_id = pipeline["soon"].client_id
    params = {"client": client_id, "month": "2026-11"}
    params = {name: params[name] for name in narrowing}
    expected = Invitation.objects.filter(owner=owner)
    if "client" in params:
        expected = expected.filter(client_id=client_id)
    if "month" in params:
        expected = expected.filter(notified_at__year=2026, notified_at__month=11)
    counts = expected.status_counts(NOW)
    response = signed_in.get(URL, params)
    chips = {chip["value"]: chip["count"] for chip in response.context["chips"]}
    assert {status: chips[status] for status in counts} == counts
    assert chips["all"] == expected.count() == response.context["page_obj"].paginator.count
