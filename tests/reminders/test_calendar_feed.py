"""The calendar feed at its secret URL, its rotation, and the one-off .ics downloads."""

import re
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from icalendar import Calendar

from accounts.models import User
from interviews.models import Client, Invitation
from offers.models import Offer
from proposals.models import Proposal
from tests.support.instants import NOW


def feed_of(client, user):
    response = client.get(reverse("calendar_feed", kwargs={"token": user.calendar_token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def host():
    return settings.SITE_URL.split("://", 1)[1].split(":")[0].split("/")[0]


def triggers(event):
    return sorted((alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")), reverse=True)


@pytest.fixture
def pipeline(now, owner, client_record, make_invitation, make_offer, make_proposal):
    """One open deadline of each kind, and items that must stay out of the feed."""
    pending = make_invitation(notified_at=NOW - timedelta(hours=1), job_title="Pending job")
    running = make_invitation(notified_at=NOW - timedelta(days=2), job_title="Running job")
    running.start(at=NOW - timedelta(hours=1))
    offer = make_offer(received_at=NOW - timedelta(hours=1), job_title="Offer job")
    # Out of the feed: an expired window, a completed interview, a declined invitation, a
    # follow-up nudge for a proposal, an offer requested but not received, an accepted offer.
    make_invitation(notified_at=NOW - timedelta(days=15), job_title="Expired job")
    done = make_invitation(notified_at=NOW - timedelta(days=3), job_title="Done job")
    done.start(at=NOW - timedelta(days=2))
    done.complete(at=NOW - timedelta(days=1))
    make_invitation(job_title="Declined job").decline("Not for me.", at=NOW)
    make_proposal().submit(at=NOW - timedelta(days=1))
    Offer.objects.create(owner=owner, client=client_record, job_title="Asked", requested_at=NOW)
    accepted = make_offer(received_at=NOW - timedelta(days=1), job_title="Won job")
    accepted.accept("Thank you", terms_reviewed=True, at=NOW - timedelta(hours=2))
    return {"pending": pending, "running": running, "offer": offer}


def test_it_has_one_event_per_open_deadline_at_the_utc_instant(client, owner, pipeline):
    pending, running, offer = pipeline["pending"], pipeline["running"], pipeline["offer"]
    events = events_by_uid(feed_of(client, owner))

    assert set(events) == {
        f"start_window-{pending.pk}@{host()}",
        f"completion_window-{running.pk}@{host()}",
        f"offer_expiry-{offer.pk}@{host()}",
    }
    start = events[f"start_window-{pending.pk}@{host()}"]
    assert start.decoded("DTSTART") == NOW - timedelta(hours=1) + timedelta(days=14)
    assert start.decoded("DTSTART").utcoffset() == timedelta(0)
    # A zero-length event has no DTEND: RFC 5545 wants DTEND later than DTSTART (3.8.2.2),
    # and an event without one ends when it starts (3.6.1).
    assert "DTEND" not in start and "DURATION" not in start
    assert str(start["SUMMARY"]) == "Start interview: Pending job — Acme"
    completion = events[f"completion_window-{running.pk}@{host()}"]
    assert completion.decoded("DTSTART") == NOW + timedelta(hours=47)
    assert str(completion["SUMMARY"]) == "Complete interview: Running job — Acme"
    expiry = events[f"offer_expiry-{offer.pk}@{host()}"]
    assert expiry.decoded("DTSTART") == offer.expires_at
    assert str(expiry["SUMMARY"]) == "Offer expires: Offer job — Acme"


def test_its_times_are_written_as_utc_instants(client, owner, pipeline):
    response = client.get(reverse("calendar_feed", kwargs={"token": owner.calendar_token}))
    deadline = pipeline["pending"].start_deadline.astimezone(UTC)
    assert f"DTSTART:{deadline:%Y%m%dT%H%M%S}Z" in response.content.decode()
    assert "VTIMEZONE" not in response.content.decode()


def test_its_alarms_match_the_users_lead_times(client, owner, pipeline):
    events = events_by_uid(feed_of(client, owner))
    hours = [timedelta(hours=-h) for h in (72, 24, 2)]
    assert triggers(events[f"start_window-{pipeline['pending'].pk}@{host()}"]) == sorted(
        hours, reverse=True
    )
    assert triggers(events[f"completion_window-{pipeline['running'].pk}@{host()}"]) == sorted(
        [timedelta(hours=-h) for h in (24, 6, 1)], reverse=True
    )
    assert triggers(events[f"offer_expiry-{pipeline['offer'].pk}@{host()}"]) == sorted(
        [timedelta(hours=-48), timedelta(hours=-6)], reverse=True
    )
    for alarm in events[f"offer_expiry-{pipeline['offer'].pk}@{host()}"].walk("VALARM"):
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"])


def test_changed_lead_times_change_the_alarms(client, owner, pipeline):
    owner.start_reminder_hours = [48, 12]
    owner.save()
    events = events_by_uid(feed_of(client, owner))
    assert triggers(events[f"start_window-{pipeline['pending'].pk}@{host()}"]) == [
        timedelta(hours=-12),
        timedelta(hours=-48),
    ]


def test_the_calendar_names_itself_and_the_users_zone(client, owner, pipeline):
    calendar = feed_of(client, owner)
    assert str(calendar["X-WR-CALNAME"]) == "Invitation Tracker — alice"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"


def test_it_parses_without_a_single_error(client, owner, pipeline):
    calendar = feed_of(client, owner)
    components = list(calendar.walk())
    assert len(components) == 1 + 3 + (3 + 3 + 2)  # the calendar, 3 events, 8 alarms
    assert [c.errors for c in components if c.errors] == []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event


def test_each_event_links_back_to_its_item(client, owner, pipeline):
    events = events_by_uid(feed_of(client, owner))
    pending = pipeline["pending"]
    event = events[f"start_window-{pending.pk}@{host()}"]
    link = settings.SITE_URL + pending.get_absolute_url()
    assert link in str(event["DESCRIPTION"])
    assert str(event["URL"]) == link
    # The deadline in the user's own zone, named: 14 days after Wed 25 Nov, 06:00 EST.
    assert "Wed 09 Dec 2026 06:00 EST" in str(event["DESCRIPTION"])


def test_an_update_keeps_the_uid_and_moves_the_event(client, owner, pipeline):
    pending = pipeline["pending"]
    uid = f"start_window-{pending.pk}@{host()}"
    before = events_by_uid(feed_of(client, owner))[uid].decoded("DTSTART")

    pending.notified_at = NOW - timedelta(hours=3)
    pending.save()

    events = events_by_uid(feed_of(client, owner))
    assert events[uid].decoded("DTSTART") == before - timedelta(hours=2)
    assert len([u for u in events if u.startswith("start_window-")]) == 1


def test_a_closed_deadline_leaves_the_feed(client, owner, pipeline):
    pending, offer = pipeline["pending"], pipeline["offer"]
    pending.start(at=NOW)
    offer.decline("Found another contract.")
    events = events_by_uid(feed_of(client, owner))
    assert f"start_window-{pending.pk}@{host()}" not in events
    # The started interview now has its completion window instead.
    assert events[f"completion_window-{pending.pk}@{host()}"].decoded("DTSTART") == NOW + (
        timedelta(hours=48)
    )
    assert f"offer_expiry-{offer.pk}@{host()}" not in events


def test_a_deadline_that_passes_leaves_the_feed(client, owner, pipeline, now):
    now.move_to(pipeline["running"].completion_deadline + timedelta(minutes=1))
    events = events_by_uid(feed_of(client, owner))
    assert f"completion_window-{pipeline['running'].pk}@{host()}" not in events
    assert f"start_window-{pipeline['pending'].pk}@{host()}" in events


def test_a_wrong_token_is_a_404(client, owner, pipeline):
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404


def test_an_inactive_users_feed_is_a_404(client, owner, pipeline):
    owner.is_active = False
    owner.save()
    url = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    assert client.get(url).status_code == 404


def test_rotating_the_token_makes_the_old_url_a_404(client, owner, pipeline):
    old = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    client.force_login(owner)
    response = client.post(reverse("calendar_rotate"))
    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    assert "new address" in str(list(get_messages(response.wsgi_request))[0])
    owner.refresh_from_db()
    new = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_rotating_needs_a_post_and_a_log_in(client, owner):
    token = owner.calendar_token
    assert client.post(reverse("calendar_rotate")).status_code == 302  # to the log-in page
    client.force_login(owner)
    assert client.get(reverse("calendar_rotate")).status_code == 405
    owner.refresh_from_db()
    assert owner.calendar_token == token


def test_another_users_items_never_appear(client, owner, stranger, pipeline):
    theirs = Client.objects.create(owner=stranger, name="Globex")
    Invitation.objects.create(
        owner=stranger, client=theirs, job_title="Their job", notified_at=NOW - timedelta(hours=1)
    )
    mine = feed_of(client, owner)
    assert all("Their job" not in str(e["SUMMARY"]) for e in mine.walk("VEVENT"))
    their_events = list(feed_of(client, stranger).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in their_events] == ["Start interview: Their job — Globex"]


def test_user_text_is_escaped_in_the_feed(client, owner, now, make_invitation):
    title = "Build, test; ship\nnow <script>alert(1)</script> \\ done"
    invitation = make_invitation(job_title=title)
    response = client.get(reverse("calendar_feed", kwargs={"token": owner.calendar_token}))
    raw = response.content.decode()
    assert "Build\\, test\\; ship\\nnow <script>alert(1)</script> \\\\ done" in raw.replace(
        "\r\n ", ""
    )
    # No line of the file starts with text from the title (a newline could forge a property).
    assert not any(line.startswith("now ") for line in raw.splitlines())
    event = events_by_uid(Calendar.from_ical(response.content))[
        f"start_window-{invitation.pk}@{host()}"
    ]
    assert str(event["SUMMARY"]) == f"Start interview: {title} — Acme"


def test_control_characters_in_user_text_never_reach_the_file(client, owner, now, make_invitation):
    # RFC 5545 allows no control character in a text value but the tab; the line breaks are
    # escaped. A title pasted from elsewhere can carry others (form feed, escape, delete).
    invitation = make_invitation(job_title="Fix\x0cthe\x1b[1mreport\x7f now\x01")
    client.force_login(owner)
    for url in (
        reverse("calendar_feed", kwargs={"token": owner.calendar_token}),
        reverse("calendar_invitation", args=[invitation.pk]),
    ):
        raw = client.get(url).content.decode()
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw)
        assert not re.search(r"\r(?!\n)|(?<!\r)\n", raw)
        event = events_by_uid(Calendar.from_ical(raw))[f"start_window-{invitation.pk}@{host()}"]
        assert str(event["SUMMARY"]) == "Start interview: Fix the [1mreport  now  — Acme"


def test_the_feed_makes_the_same_queries_for_5_and_200_items(
    client, owner, now, make_invitation, django_assert_max_num_queries
):
    url = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    for _ in range(5):
        make_invitation()
    with django_assert_max_num_queries(4):
        assert len(list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))) == 5
    for _ in range(195):
        make_invitation()
    with django_assert_max_num_queries(4):
        assert len(list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))) == 200


# One-off downloads ---------------------------------------------------------------------


def test_the_owner_downloads_an_invitations_event(client, owner, pipeline):
    pending = pipeline["pending"]
    client.force_login(owner)
    response = client.get(reverse("calendar_invitation", args=[pending.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == (
        f'attachment; filename="invitation-{pending.pk}.ics"'
    )
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [f"start_window-{pending.pk}@{host()}"]
    assert events[0].decoded("DTSTART") == pending.start_deadline
    assert len(triggers(events[0])) == 3


def test_the_owner_downloads_a_running_interview_and_an_offer(client, owner, pipeline):
    client.force_login(owner)
    running = client.get(reverse("calendar_invitation", args=[pipeline["running"].pk]))
    uids = [str(e["UID"]) for e in Calendar.from_ical(running.content).walk("VEVENT")]
    assert uids == [f"completion_window-{pipeline['running'].pk}@{host()}"]
    offer = client.get(reverse("calendar_offer", args=[pipeline["offer"].pk]))
    uids = [str(e["UID"]) for e in Calendar.from_ical(offer.content).walk("VEVENT")]
    assert uids == [f"offer_expiry-{pipeline['offer'].pk}@{host()}"]


def test_an_item_without_an_open_deadline_has_nothing_to_download(client, owner, pipeline):
    client.force_login(owner)
    expired = Invitation.objects.get(job_title="Expired job")
    assert client.get(reverse("calendar_invitation", args=[expired.pk])).status_code == 404
    accepted = Offer.objects.get(job_title="Won job")
    assert client.get(reverse("calendar_offer", args=[accepted.pk])).status_code == 404


def test_a_stranger_cannot_download_my_items(client, stranger, pipeline):
    client.force_login(stranger)
    url = reverse("calendar_invitation", args=[pipeline["pending"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("calendar_offer", args=[pipeline["offer"].pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, pipeline):
    response = client.get(reverse("calendar_invitation", args=[pipeline["pending"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_proposal_has_no_calendar_download(client, owner, pipeline):
    client.force_login(owner)
    proposal = Proposal.objects.get(owner=owner)
    assert client.get(f"/calendar/proposal/{proposal.pk}.ics").status_code == 404


# The token ------------------------------------------------------------------------------


def test_every_user_gets_a_distinct_unguessable_token(owner, stranger):
    assert owner.calendar_token != stranger.calendar_token
    assert len(owner.calendar_token) >= 43


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_users_distinct_tokens():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial")])
    old_apps = executor.loader.project_state([("accounts", "0001_initial")]).apps
    OldUser = old_apps.get_model("accounts", "User")
    for name in ("ann", "bob", "cy"):
        OldUser.objects.create(username=name, password="!")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    tokens = list(User.objects.values_list("calendar_token", flat=True))
    assert len(tokens) == 3
    assert len(set(tokens)) == 3
    assert all(len(token) >= 43 for token in tokens)


def test_the_settings_panel_shows_the_secret_address_and_the_rotate_form(owner):
    from django.template import Context, Template

    html = Template("{% load calendar_feed %}{% calendar_panel user %}").render(
        Context({"user": owner, "csrf_token": "t0ken"})
    )
    path = reverse("calendar_feed", kwargs={"token": owner.calendar_token})
    assert f'value="{settings.SITE_URL}{path}"' in html
    assert f'href="webcal://{settings.SITE_URL.split("://")[1]}{path}"' in html
    assert f'action="{reverse("calendar_rotate")}"' in html
    assert 'name="csrfmiddlewaretoken" value="t0ken"' in html
    assert "data-confirm=" in html
