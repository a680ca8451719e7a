"""The phrases and markup every page uses for a deadline: time left, countdowns, ISO times."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.template import engines
from django.utils import timezone

from kit.clock import time_left
from tests.support.instants import NOW as NOW_FIXED

NOW = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)


def render(source, **context):
    return engines["django"].from_string("{% load clock %}" + source).render(context)


@pytest.mark.parametrize(
    ("delta", "phrase"),
    [
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(minutes=45, seconds=59), "45 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=5, minutes=7), "5 h 7 min"),
        (timedelta(hours=24), "1 day"),
        (timedelta(days=1, minutes=59), "1 day"),
        (timedelta(days=2, hours=4, minutes=30), "2 days 4 h"),
        (timedelta(days=14), "14 days"),
    ],
)
def test_time_left_reads_whole_units_either_side_of_the_deadline(delta, phrase):
    assert time_left(NOW + delta, NOW) == phrase
    assert time_left(NOW - delta, NOW) == phrase


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
def test_iso_is_the_instant_in_the_viewers_zone_like_the_date_filter(zone):
    moments = [
        NOW,
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        datetime(2026, 10, 4, 15, 45, tzinfo=UTC),
    ]
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for moment in moments:
            iso = render("{{ moment|iso }}", moment=moment)
            assert iso == render("{{ moment|date:'c' }}", moment=moment)
            assert datetime.fromisoformat(iso) == moment
    assert render("{{ moment|iso }}", moment=None) == ""


def test_a_countdown_states_the_time_left_and_how_much_of_the_window_is_used():
    html = render(
        "{% countdown deadline start now %}",
        deadline=NOW + timedelta(hours=5),
        start=NOW - timedelta(hours=15),
        now=NOW,
    )
    assert 'class="countdown-wrap urgency-critical"' in html
    assert f'data-deadline="{(NOW + timedelta(hours=5)).isoformat()}"' in html
    assert ">5 h left</time>" in html
    assert 'value="75"' in html and ">75%</progress>" in html


def test_an_overdue_countdown_says_by_how_much_and_has_no_bar_without_a_window():
    html = render(
        "{% countdown deadline %}", deadline=timezone.now() - timedelta(hours=3, minutes=2)
    )
    assert "urgency-overdue" in html and ">overdue by 3 h 2 min</time>" in html
    assert "<progress" not in html


def badge(item):
    return render("{% status_badge item %}", item=item)


def test_a_pending_invitations_badge_knows_it_expires_at_the_start_deadline(now, make_invitation):
    invitation = make_invitation(notified_at=NOW_FIXED - timedelta(days=1))
    html = badge(invitation)
    assert html.startswith('<span class="badge pending"') and html.endswith(">Pending</span>")
    assert f'data-until="{invitation.start_deadline.astimezone(UTC).isoformat()}"' in html
    assert 'data-then="expired" data-then-label="Expired"' in html


def test_a_running_interviews_badge_knows_it_lapses_at_the_completion_deadline(
    now, make_invitation
):
    invitation = make_invitation(notified_at=NOW_FIXED - timedelta(days=1))
    invitation.start(at=NOW_FIXED - timedelta(hours=3))
    html = badge(invitation)
    assert 'class="badge in_progress"' in html
    assert f'data-until="{invitation.completion_deadline.astimezone(UTC).isoformat()}"' in html
    assert 'data-then="lapsed" data-then-label="Lapsed"' in html


def test_an_awaiting_offers_badge_knows_it_expires(now, make_offer):
    offer = make_offer(expires_at=NOW_FIXED + timedelta(days=2))
    html = badge(offer)
    assert 'class="badge received"' in html
    assert f'data-until="{offer.expires_at.astimezone(UTC).isoformat()}"' in html
    assert 'data-then="expired" data-then-label="Expired"' in html


def test_a_settled_status_is_a_plain_badge(now, make_invitation, make_offer):
    declined = make_invitation()
    declined.decline("Not my field")
    expired = make_invitation(notified_at=NOW_FIXED - timedelta(days=20))
    accepted = make_offer()
    accepted.accept("Thanks", terms_reviewed=True)
    assert badge(declined) == '<span class="badge declined">Declined</span>'
    assert badge(expired) == '<span class="badge expired">Expired</span>'
    assert badge(accepted) == '<span class="badge accepted">Accepted</span>'


def test_a_badge_rendered_for_a_moment_just_before_its_deadline_carries_that_deadline(
    now, make_invitation, make_offer
):
    """A page's `now` and the clock differ by the time it takes to render: a page begun a
    second before a deadline and finished after it still pairs the status with its deadline."""
    invitation = make_invitation(notified_at=NOW_FIXED - timedelta(days=1))
    offer = make_offer(expires_at=NOW_FIXED + timedelta(days=2))
    for item, deadline in ((invitation, invitation.start_deadline), (offer, offer.expires_at)):
        just_before = deadline - timedelta(seconds=1)
        with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
            html = render("{% status_badge item now %}", item=item, now=just_before)
        assert f'data-until="{deadline.astimezone(UTC).isoformat()}"' in html
        assert 'data-then="expired"' in html
