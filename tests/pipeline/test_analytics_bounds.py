"""The analytics page's months begin at midnight in the user's zone, and its busiest clients
keep the order of their names between equal counts."""

from datetime import UTC, datetime, timedelta

from interviews.models import Client
from pipeline import analytics
from tests.support.instants import NOW

SECOND = timedelta(seconds=1)


def test_a_month_begins_at_midnight_in_the_users_zone(owner, now, make_invitation):
    # Midnight on 1 November 2026 in New York is 04:00 UTC (summer time ends at 02:00 that
    # night); on 1 December 2025, the first month shown, it is 05:00 UTC.
    november = datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    first_month = datetime(2025, 12, 1, 5, 0, tzinfo=UTC)
    make_invitation(notified_at=november)
    make_invitation(notified_at=november - SECOND)
    make_invitation(notified_at=first_month)
    make_invitation(notified_at=first_month - SECOND)  # before the twelve months
    months = analytics.build(owner).months
    counts = {m.key: m.invitations for m in months}
    assert months[0].key == "2025-12"
    assert (counts["2026-11"], counts["2026-10"], counts["2025-12"]) == (1, 1, 1)
    assert sum(counts.values()) == 3


def test_the_busiest_clients_come_first_then_by_name(owner, now, make_invitation, make_offer):
    # Created in the reverse of their names' order, so the ids say nothing of it.
    named = [Client.objects.create(owner=owner, name=f"Client {n:02}") for n in range(21, -1, -1)]
    for record in named:
        make_invitation(client=record)
    busiest = Client.objects.create(owner=owner, name="Zeta")
    make_invitation(client=busiest)
    make_invitation(client=busiest)
    winner = Client.objects.create(owner=owner, name="Omega")
    make_invitation(client=winner)
    make_offer(client=winner, received_at=NOW - timedelta(days=2)).accept(
        "Thank you", terms_reviewed=True, at=NOW - timedelta(days=1)
    )
    report = analytics.build(owner)
    shown = [row.client.name for row in report.clients]
    assert shown == ["Zeta", "Omega"] + [f"Client {n:02}" for n in range(18)]
    assert report.more_clients == 24 - analytics.TOP_CLIENTS
    assert report.clients[0].url == busiest.get_absolute_url()
    assert report.clients[1].accepted == 1
