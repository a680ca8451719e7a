"""The dashboard: what is due first, then the pipeline at a glance and recent activity."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from interviews.models import Client, Invitation
from kit.status import counting
from offers.models import Offer
from pipeline.dashboard import (
    DUE_LIMIT,
    MISSED_LIMIT,
    MISSED_WITHIN,
    STAGES,
    latest_with_client,
    nearest_first,
    stage_querysets,
)
from proposals.models import Proposal, ProposalTemplate
from tests.support.instants import NOW

DASHBOARD = "/"


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def page_text(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response, response.content.decode()


def due_section(body):
    return body[body.index('id="due-heading"') : body.index('id="pipeline-heading"')]


def due_titles(response):
    return [item.title for item in response.context["due"]]


def test_it_is_the_home_page_by_name(db):
    assert reverse("dashboard") == DASHBOARD


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url == "/login/?next=/"


def test_it_shows_deadlines_in_the_users_zone_with_the_zone_named(
    signed_in, now, make_invitation, make_offer
):
    # Notified 11:00 UTC: the start window closes 14 × 24 h later, 06:00 in New York (EST).
    make_invitation(job_title="Pending job")
    make_offer(job_title="Offer job", expires_at=NOW + timedelta(hours=5))
    response, body = page_text(signed_in)
    assert "Wed 09 Dec 2026 06:00 EST" in body
    assert "Wed 25 Nov 2026 12:00 EST" in body  # the offer: 17:00 UTC
    assert "13 days 23 h left" in body
    assert "5 h left" in body


def test_a_deadline_across_a_daylight_saving_change_is_named_in_the_zone_of_that_day(
    signed_in, make_invitation, now
):
    # Notified 2026-10-25 15:00 UTC (11:00 EDT); 14 × 24 h later is 15:00 UTC = 10:00 EST.
    now.move_to(NOW.replace(month=10, day=26))
    make_invitation(notified_at=NOW.replace(month=10, day=25, hour=15), job_title="Across DST")
    _, body = page_text(signed_in)
    assert "Sun 08 Nov 2026 10:00 EST" in body


def test_each_row_says_what_to_do_links_it_and_names_the_client(
    signed_in, now, make_invitation, make_offer
):
    pending = make_invitation(job_title="Pending job")
    running = make_invitation(job_title="Running job", notified_at=NOW - timedelta(days=1))
    running.start(at=NOW - timedelta(hours=2))
    offer = make_offer(job_title="Offer job")
    response, body = page_text(signed_in)
    rows = {item.title: item for item in response.context["due"]}
    assert rows["Pending job"].task == "Start the interview"
    assert rows["Running job"].task == "Complete and submit the interview"
    assert rows["Offer job"].task == "Review and accept the offer"
    for obj in (pending, running, offer):
        assert f'href="{obj.get_absolute_url()}"' in body
    assert "Acme" in body
    assert 'class="badge in_progress"' in body
    assert "preparation 0/4" in body


def test_each_row_and_event_names_its_own_client_or_none(
    signed_in, now, owner, make_invitation, make_offer, make_proposal
):
    northwind = Client.objects.create(owner=owner, name="Northwind")
    kestrel = Client.objects.create(owner=owner, name="Kestrel")
    make_invitation(job_title="Northwind job", client=northwind)
    make_offer(job_title="Kestrel offer", client=kestrel)
    make_offer(job_title="Direct offer", client=None)
    make_proposal(job_title="Kestrel proposal", client=kestrel).submit(at=NOW)
    make_proposal(job_title="Direct proposal", client=None).submit(at=NOW)
    response, body = page_text(signed_in)
    due = {item.title: item.client_name for item in response.context["due"]}
    assert due == {"Northwind job": "Northwind", "Kestrel offer": "Kestrel", "Direct offer": ""}
    events = {(e.title, e.client_name) for e in response.context["activity"]}
    assert events >= {
        ("Northwind job", "Northwind"),
        ("Kestrel offer", "Kestrel"),
        ("Direct offer", ""),
        ("Kestrel proposal", "Kestrel"),
        ("Direct proposal", ""),
    }
    section = due_section(body)
    row = section[section.index(">Direct offer</a>") :]
    assert '<td class="optional">—</td>' in row[: row.index("</tr>")]
    assert "Direct proposal</a></span>" in body  # no client named after it


def test_windows_are_ordered_by_the_nearest_deadline_across_kinds(
    signed_in, now, make_invitation, make_offer
):
    make_invitation(job_title="Start in 13 days")
    running = make_invitation(job_title="Complete in 46 h", notified_at=NOW - timedelta(hours=3))
    running.start(at=NOW - timedelta(hours=2))
    make_offer(job_title="Offer in 3 days", expires_at=NOW + timedelta(days=3))
    make_invitation(job_title="Start in 1 day", notified_at=NOW - timedelta(days=13))
    make_offer(job_title="Offer in 20 days", expires_at=NOW + timedelta(days=20))
    response, body = page_text(signed_in)
    expected = [
        "Start in 1 day",
        "Complete in 46 h",
        "Offer in 3 days",
        "Start in 13 days",
        "Offer in 20 days",
    ]
    assert due_titles(response) == expected
    positions = [body.index(f">{title}</a>") for title in expected]
    assert positions == sorted(positions)


def test_urgency_colours_follow_the_time_left(signed_in, now, make_invitation, make_offer):
    make_offer(job_title="Critical", expires_at=NOW + timedelta(hours=3))
    make_offer(job_title="Soon", expires_at=NOW + timedelta(hours=20))
    make_offer(job_title="Later", expires_at=NOW + timedelta(days=4))
    _, body = page_text(signed_in)
    assert body.index("urgency-critical") < body.index("urgency-soon") < body.index("urgency-ok")


def test_windows_that_closed_unmet_lately_are_shown_as_missed(
    signed_in, now, make_invitation, make_offer
):
    make_invitation(job_title="Open one")
    make_invitation(job_title="Expired 3 h ago", notified_at=NOW - timedelta(days=14, hours=3))
    lapsing = make_invitation(job_title="Lapsed 1 day ago", notified_at=NOW - timedelta(days=4))
    lapsing.start(at=NOW - timedelta(days=3))
    make_offer(
        job_title="Offer expired 2 days ago",
        received_at=NOW - timedelta(days=10),
        expires_at=NOW - timedelta(days=2),
    )
    make_invitation(job_title="Expired long ago", notified_at=NOW - timedelta(days=30))
    response, body = page_text(signed_in)
    assert due_titles(response) == ["Open one"]
    missed = [(item.title, item.closed_phrase) for item in response.context["missed"]]
    assert missed == [
        ("Expired 3 h ago", "expired 3 h ago"),
        ("Lapsed 1 day ago", "lapsed 1 day ago"),
        ("Offer expired 2 days ago", "expired 2 days ago"),
    ]
    assert "Missed in the last 7 days" in body
    assert "expired 3 h ago" in body and "lapsed 1 day ago" in body
    assert 'class="badge expired"' in body and 'class="badge lapsed"' in body
    assert "Expired long ago</a>" not in due_section(body)
    # Missed rows come after every open window.
    assert body.index("Open one</a>") < body.index("Expired 3 h ago</a>")


def test_closed_or_finished_items_are_not_due(signed_in, now, make_invitation, make_offer):
    done = make_invitation(job_title="Done job", notified_at=NOW - timedelta(days=2))
    done.start(at=NOW - timedelta(days=1))
    done.complete(at=NOW - timedelta(hours=1))
    make_invitation(job_title="Declined job").decline("Not my field")
    make_invitation(job_title="Archived job").archive()
    accepted = make_offer(job_title="Accepted offer")
    accepted.accept("Thank you", terms_reviewed=True)
    Offer.objects.create(owner=accepted.owner, job_title="Requested offer", requested_at=NOW)
    response, _ = page_text(signed_in)
    assert response.context["due"] == []
    assert response.context["missed"] == []


def test_a_strangers_items_never_appear(signed_in, now, stranger, make_invitation, make_offer):
    theirs = Client.objects.create(owner=stranger, name="Stranger Co")
    make_invitation(owner=stranger, client=theirs, job_title="Their secret job")
    make_invitation(
        owner=stranger,
        client=theirs,
        job_title="Their expired job",
        notified_at=NOW - timedelta(days=14, hours=1),
    )
    Offer.objects.create(
        owner=stranger, client=theirs, job_title="Their offer", received_at=NOW - timedelta(hours=1)
    )
    make_invitation(job_title="My job")
    response, body = page_text(signed_in)
    assert "Their" not in body and "Stranger Co" not in body
    assert due_titles(response) == ["My job"]
    assert response.context["counts"]["pending"] == 1
    assert response.context["counts"]["awaiting"] == 0


def test_the_pipeline_counts_each_stage_and_links_to_its_list(
    signed_in, now, make_invitation, make_offer, make_proposal
):
    make_invitation()
    make_invitation()
    running = make_invitation(notified_at=NOW - timedelta(days=1))
    running.start(at=NOW - timedelta(hours=1))
    done = make_invitation(notified_at=NOW - timedelta(days=3))
    done.start(at=NOW - timedelta(days=2))
    done.complete(at=NOW - timedelta(days=1))
    make_proposal().submit()
    make_proposal()  # a draft is not submitted
    make_offer()
    make_offer().accept("Received", terms_reviewed=True)
    response, body = page_text(signed_in)
    counts = response.context["counts"]
    assert (counts["pending"], counts["in_progress"], counts["completed"]) == (2, 1, 1)
    assert (counts["submitted"], counts["awaiting"], counts["accepted"]) == (1, 1, 1)
    for url, number in (
        (reverse("invitation_list") + "?status=pending", 2),
        (reverse("invitation_list") + "?status=in_progress", 1),
        (reverse("invitation_list") + "?status=completed", 1),
        (reverse("proposal_list") + "?status=submitted", 1),
        (reverse("offer_list") + "?status=received", 1),
        (reverse("offer_list") + "?status=accepted", 1),
    ):
        assert f'href="{url}"><strong>{number}</strong>' in body


def test_recent_activity_lists_the_latest_events_in_the_users_zone(
    signed_in, now, make_invitation, make_offer, make_proposal
):
    job = make_invitation(job_title="Job A", notified_at=NOW - timedelta(hours=5))
    job.start(at=NOW - timedelta(hours=4))
    job.complete(at=NOW - timedelta(hours=3))
    proposal = make_proposal(job_title="Proposal A")
    proposal.submit(at=NOW - timedelta(hours=2))
    make_offer(job_title="Offer A", received_at=NOW - timedelta(hours=1)).accept(
        "Thank you", terms_reviewed=True
    )
    make_invitation(job_title="Job B", notified_at=NOW - timedelta(days=3)).decline(
        "Too small", at=NOW - timedelta(hours=6)
    )
    response, body = page_text(signed_in)
    verbs = [(e.verb, e.title) for e in response.context["activity"]]
    assert verbs[:7] == [
        ("Offer accepted", "Offer A"),
        ("Offer received", "Offer A"),
        ("Proposal submitted", "Proposal A"),
        ("Interview completed", "Job A"),
        ("Interview started", "Job A"),
        ("Invitation received", "Job A"),
        ("Invitation declined", "Job B"),
    ]
    assert "Wed 25 Nov 2026 06:00 EST" in body  # the offer, received 11:00 UTC


def test_recent_activity_keeps_the_ten_latest(signed_in, now, make_invitation):
    for hours in range(1, 16):
        make_invitation(job_title=f"Job {hours:02d}", notified_at=NOW - timedelta(hours=hours))
    response, _ = page_text(signed_in)
    titles = [event.title for event in response.context["activity"]]
    assert titles == [f"Job {hours:02d}" for hours in range(1, 11)]


def test_a_new_user_is_shown_what_to_do_first(signed_in, owner):
    response, body = page_text(signed_in)
    assert response.context["getting_started"] is True
    assert "Record your first invitation" in body
    assert "Create a proposal template" in body
    # Each step's link opens the page that does it: the form, not the empty list.
    assert f'href="{reverse("invitation_new")}">Record your first invitation' in body
    assert f'href="{reverse("template_list")}"' in body
    assert "What is due" not in body


def test_the_first_steps_mark_a_template_already_made(signed_in, owner):
    ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hello {client_name}")
    _, body = page_text(signed_in)
    assert '<li class="done">' in body


def test_with_records_but_nothing_open_it_says_nothing_is_due(signed_in, now, make_invitation):
    make_invitation().archive()
    _, body = page_text(signed_in)
    assert "Nothing is due" in body
    assert "Record your first invitation" not in body


def test_the_due_list_is_limited_with_a_link_to_the_rest(signed_in, now, make_invitation):
    for minutes in range(DUE_LIMIT + 5):
        make_invitation(notified_at=NOW - timedelta(minutes=minutes + 1))
    response, body = page_text(signed_in)
    assert len(response.context["due"]) == DUE_LIMIT
    assert f"Showing the {DUE_LIMIT} nearest of {DUE_LIMIT + 5}" in body
    # The nearest are the ones kept: notified earliest, closing first.
    deadlines = [item.deadline for item in response.context["due"]]
    assert deadlines == sorted(deadlines)
    assert deadlines[0] == NOW - timedelta(minutes=DUE_LIMIT + 5) + timedelta(days=14)


def test_the_missed_list_keeps_the_latest_and_open_windows_are_not_crowded_out(
    signed_in, now, make_invitation
):
    # MISSED_LIMIT + 3 windows closed one hour apart within the last week, and two open.
    for hours in range(1, MISSED_LIMIT + 4):
        make_invitation(
            job_title=f"Missed {hours} h ago", notified_at=NOW - timedelta(days=14, hours=hours)
        )
    make_invitation(job_title="Open later", notified_at=NOW - timedelta(days=1))
    make_invitation(job_title="Open sooner", notified_at=NOW - timedelta(days=2))
    response, _ = page_text(signed_in)
    assert due_titles(response) == ["Open sooner", "Open later"]
    missed = [item.title for item in response.context["missed"]]
    assert missed == [f"Missed {hours} h ago" for hours in range(1, MISSED_LIMIT + 1)]
    # The link to the rest leads to every missed invitation, expired and lapsed alike.
    link = f"{reverse('invitation_list')}?status=expired&amp;status=lapsed"
    assert f'<a href="{link}">missed invitations</a>' in response.content.decode()
    assert "expired offers" not in response.content.decode()


def test_the_link_to_the_rest_of_the_missed_names_invitations_and_offers(
    signed_in, now, make_invitation, make_offer
):
    for hours in range(1, MISSED_LIMIT + 1):
        make_invitation(
            job_title=f"Missed {hours}", notified_at=NOW - timedelta(days=14, hours=hours)
        )
    make_offer(received_at=NOW - timedelta(days=2), expires_at=NOW - timedelta(hours=1))
    body = signed_in.get(reverse("dashboard")).content.decode()
    assert f"{MISSED_LIMIT} latest of {MISSED_LIMIT + 1}; see all" in body
    assert f'<a href="{reverse("offer_list")}?status=expired">expired offers</a>' in body
    # The lapsed among them are behind the invitations' link too.
    assert f"{reverse('invitation_list')}?status=expired&amp;status=lapsed" in body


def make_pipeline(owner, client_record, count):
    """`count` items of every kind the dashboard reads, spread over the stages."""
    for i in range(count):
        kind = i % 5
        notified = NOW - timedelta(hours=i % 300 + 1)
        invitation = Invitation.objects.create(
            owner=owner, client=client_record, job_title=f"Job {i}", notified_at=notified
        )
        if kind == 1:
            invitation.start(at=notified + timedelta(minutes=5))
        elif kind == 2:
            Invitation.objects.create(
                owner=owner,
                client=client_record,
                job_title=f"Old {i}",
                notified_at=NOW - timedelta(days=14, hours=i % 100 + 1),
            )
        elif kind == 3:
            Offer.objects.create(
                owner=owner, client=client_record, job_title=f"Offer {i}", received_at=notified
            )
        elif kind == 4:
            Proposal.objects.create(
                owner=owner,
                client=client_record,
                job_title=f"Proposal {i}",
                status=Proposal.Status.SUBMITTED,
                submitted_at=notified,
            )


@pytest.mark.parametrize("count", [5, 200])
def test_the_query_count_does_not_grow_with_the_items(
    signed_in, now, owner, client_record, count, django_assert_max_num_queries
):
    make_pipeline(owner, client_record, count)
    with django_assert_max_num_queries(12):
        response = signed_in.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["due"]


def plan(queryset):
    """The database's plan for `queryset`, on tables too small for an index to pay, as the
    plan a large table would get: PostgreSQL is told to avoid reading a whole table, and
    sorting, where an index can do instead."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    return queryset.explain()


def test_what_is_due_and_recent_activity_read_a_users_rows_through_their_indexes(
    owner, client_record, now
):
    """Each reads a few rows of a user's thousands: by the end of the open windows, and by
    the latest event. Without their indexes both sort every one of the user's invitations."""
    make_pipeline(owner, client_record, 20)
    due = nearest_first(Invitation.objects.filter(owner=owner).unfinished(), NOW)
    assert "invitation_unfinished_idx" in plan(due)
    latest = latest_with_client(
        Invitation.objects.filter(owner=owner).with_last_event(), "-last_event", "-pk"
    )
    assert "invitation_last_event_idx" in plan(latest)


# The index each pipeline count reads: a range of it, not every row the user ever had.
STAGE_INDEXES = {
    "pending": "invitation_open_start_idx",
    "expired": "invitation_open_start_idx",
    "in_progress": "invitation_running_idx",
    "lapsed": "invitation_running_idx",
    "completed": "invitation_completed_idx",
    "awaiting": "offer_awaiting_idx",
    "offers_missed": "offer_awaiting_idx",
    "accepted": "offer_accepted_idx",
}


def test_each_pipeline_count_reads_a_range_of_its_index(owner, client_record, now):
    make_pipeline(owner, client_record, 20)
    stages = stage_querysets(owner, NOW, NOW - MISSED_WITHIN)
    assert tuple(stages) == STAGES
    for name, index in STAGE_INDEXES.items():
        found = plan(counting(stages[name]))
        if connection.vendor == "sqlite":
            assert index in found, name
        else:
            # On a few rows PostgreSQL may take any of the owner's indexes; never the table.
            assert "Index" in found and "Seq Scan" not in found, name


def test_another_users_dashboard_is_their_own(client, stranger, owner, now, make_invitation):
    make_invitation(job_title="Alice's job")
    client.force_login(User.objects.get(pk=stranger.pk))
    response, body = page_text(client)
    assert "Alice&#x27;s job" not in body and "Alice's job" not in body
    assert response.context["getting_started"] is True


@pytest.mark.parametrize("hours_later", [0, 1, 47, 49, 14 * 24 + 1, 21 * 24 + 2, 40 * 24])
def test_what_is_due_and_missed_follow_each_items_status_as_time_passes(
    signed_in, now, owner, make_invitation, make_offer, hours_later
):
    """The dashboard picks its rows with plain deadline comparisons; they must always be
    exactly the items whose status says open, or missed within the last week."""
    for days in (0, 3, 13, 20):
        make_invitation(
            job_title=f"Invited {days} days ago", notified_at=NOW - timedelta(days=days)
        )
        started = make_invitation(
            job_title=f"Started {days}", notified_at=NOW - timedelta(days=days)
        )
        started.start(at=NOW - timedelta(days=days))
    done = make_invitation(job_title="Done", notified_at=NOW - timedelta(days=1))
    done.start(at=NOW - timedelta(hours=5))
    done.complete(at=NOW - timedelta(hours=1))
    make_invitation(job_title="Declined").decline("Not my field")
    make_invitation(job_title="Archived").archive()
    for days in (1, 10, 25):
        make_offer(job_title=f"Offer {days}", expires_at=NOW + timedelta(days=days))
    make_offer(job_title="Accepted").accept("Thanks", terms_reviewed=True)

    later = NOW + timedelta(hours=hours_later)
    now.move_to(later)
    signed_in.force_login(owner)  # a session from weeks ago has expired
    response = signed_in.get(DASHBOARD)
    shown_due = {item.url for item in response.context["due"]}
    shown_missed = {item.url for item in response.context["missed"]}

    since = later - timedelta(days=7)
    invitations = Invitation.objects.filter(owner=owner)
    offers = Offer.objects.filter(owner=owner)
    expected_due = {
        i.get_absolute_url() for i in invitations.status("pending", "in_progress", now=later)
    } | {o.get_absolute_url() for o in offers.status("received", now=later)}
    expected_missed = (
        {
            i.get_absolute_url()
            for i in invitations.status("expired", now=later).filter(start_deadline__gt=since)
        }
        | {
            i.get_absolute_url()
            for i in invitations.status("lapsed", now=later).filter(completion_deadline__gt=since)
        }
        | {
            o.get_absolute_url()
            for o in offers.status("expired", now=later).filter(expires_at__gt=since)
        }
    )
    assert shown_due == expected_due
    assert shown_missed == expected_missed
    if hours_later < 28 * 24:  # by then even the latest offer has been expired a week
        assert shown_due or shown_missed
