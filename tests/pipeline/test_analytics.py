"""The analytics page, checked against a pipeline built by hand with known numbers."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import Client, Invitation
from offers.models import Offer
from pipeline import analytics
from proposals.models import Proposal
from tests.support.instants import NOW

H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.fixture
def pipeline(now, owner, client_record, make_invitation, make_proposal, make_offer):
    """Eleven invitations, five proposals and six offers, with every figure known.

    Acme: pending, expired, in progress (1 h to start), completed ×2 (3 h and 10 h to
    start; 4 h and 8 h to complete), declined. Globex: pending, lapsed (2 h to start),
    completed (20 h to start, 30 h to complete), archived, and one expired invitation
    notified at 03:00 UTC on 1 November, which is still 31 October in New York.
    """
    acme = client_record
    globex = Client.objects.create(owner=owner, name="Globex")

    def invite(client, notified, start_after=None, complete_after=None, title="Job"):
        invitation = make_invitation(client=client, notified_at=notified, job_title=title)
        if start_after is not None:
            invitation.start(at=notified + start_after)
        if complete_after is not None:
            invitation.complete(at=notified + start_after + complete_after)
        return invitation

    invite(acme, NOW - H)
    invite(globex, NOW - 2 * D)
    invite(acme, NOW - 20 * D)
    invite(acme, NOW - D, start_after=H)
    invite(globex, NOW - 6 * D, start_after=2 * H)
    c1 = invite(acme, NOW - 10 * D, start_after=3 * H, complete_after=4 * H)
    c2 = invite(acme, NOW - 12 * D, start_after=10 * H, complete_after=8 * H)
    c3 = invite(globex, NOW - 30 * D, start_after=20 * H, complete_after=30 * H)
    invite(acme, NOW - 3 * D).decline("Not my field.", at=NOW - 2 * D)
    invite(globex, NOW - 4 * D).archive(at=NOW - 3 * D)
    invite(globex, datetime(2026, 11, 1, 3, 0, tzinfo=UTC))

    p1 = make_proposal(invitation=c1, connects_spent=10)
    p1.submit(at=NOW - 9 * D)
    p2 = make_proposal(invitation=c2, connects_spent=6)
    p2.submit(at=NOW - 11 * D)
    p3 = make_proposal(invitation=c3, connects_spent=8)
    p3.submit(at=NOW - 27 * D)
    p3.mark_declined(at=NOW - 20 * D)
    p4 = make_proposal(client=globex, job_title="Job post", connects_spent=4)
    p4.submit(at=NOW - 5 * D)
    p4.withdraw(at=NOW - 4 * D)
    make_proposal(connects_spent=2)  # a draft: neither sent nor counted

    make_offer(proposal=p1, received_at=NOW - 3 * D).accept(
        "Thank you", terms_reviewed=True, at=NOW - 2 * D
    )
    make_offer(proposal=p2, received_at=NOW - 2 * D).accept(
        "Received", terms_reviewed=True, at=NOW - D
    )
    make_offer(received_at=NOW - H)
    Offer.objects.create(owner=owner, client=globex, job_title="Old", received_at=NOW - 31 * D)
    declined = Offer.objects.create(
        owner=owner, client=globex, job_title="No", received_at=NOW - 5 * D
    )
    declined.decline("Rate too low", at=NOW - 4 * D)
    Offer.objects.create(owner=owner, client=globex, job_title="Asked", requested_at=NOW - D)
    return {"acme": acme, "globex": globex}


def test_the_funnel_counts_each_stage_and_its_conversion(owner, pipeline):
    report = analytics.build(owner)
    assert [(s.label, s.count) for s in report.funnel] == [
        ("Invitations", 11),
        ("Interviews started", 5),
        ("Interviews completed", 3),
        ("Proposals sent", 4),
        ("Offers received", 4),
        ("Offers accepted", 2),
    ]
    assert [s.rate for s in report.funnel] == [None, 5 / 11, 3 / 5, 4 / 3, 4 / 4, 2 / 4]


def test_invitations_lost_to_the_clock(owner, pipeline):
    report = analytics.build(owner)
    assert [(s.count, s.share) for s in report.losses] == [
        (2, 2 / 11),
        (1, 1 / 11),
        (3, 3 / 11),
    ]


def test_the_median_times(owner, pipeline):
    report = analytics.build(owner)
    start, completion = report.medians
    assert (start.value, start.count) == (3 * H, 5)  # of 1, 2, 3, 10 and 20 hours
    assert (completion.value, completion.count) == (8 * H, 3)  # of 4, 8 and 30 hours


def test_an_even_count_takes_the_mean_of_the_middle_two(owner, now, make_invitation):
    for hours in (1, 2, 6, 9):
        make_invitation(notified_at=NOW - D).start(at=NOW - D + hours * H)
    queryset = Invitation.objects.filter(owner=owner)
    assert analytics.median_duration(queryset, "notified_at", "started_at", 4) == 4 * H
    assert analytics.median_duration(queryset.none(), "notified_at", "started_at", 0) is None


def test_connects_spent_per_offer_won(owner, pipeline):
    report = analytics.build(owner)
    assert report.connects == 28  # 10 + 6 + 8 + 4; the draft's 2 are not spent
    assert report.offers_won == 2
    assert report.connects_per_win == 14


def test_the_breakdown_per_client(owner, pipeline):
    report = analytics.build(owner)
    rows = [
        (r.client.name, r.invitations, r.completed, r.proposals, r.accepted) for r in report.clients
    ]
    assert rows == [("Acme", 6, 2, 2, 2), ("Globex", 5, 1, 2, 0)]
    acme = report.clients[0]
    assert acme.invitations_url == f"/invitations/?client={pipeline['acme'].pk}"
    assert acme.accepted_url == f"/offers/?status=accepted&client={pipeline['acme'].pk}"
    assert report.more_clients == 0


def test_the_breakdown_per_month_in_the_users_zone(owner, pipeline):
    months = analytics.build(owner).months
    assert len(months) == 12
    assert [m.key for m in months[-3:]] == ["2026-09", "2026-10", "2026-11"]
    counts = {m.key: (m.invitations, m.proposals, m.accepted) for m in months}
    # The invitation of 1 November 03:00 UTC was notified on 31 October in New York.
    assert counts["2026-11"] == (9, 3, 2)
    assert counts["2026-10"] == (2, 1, 0)
    assert sum(m.invitations for m in months[:-2]) == 0
    assert months[-2].invitations_url == "/invitations/?month=2026-10"


def test_a_month_counts_only_offers_that_are_accepted_now(owner, now, make_offer):
    """An offer withdrawn after its acceptance (an edit in the admin) is withdrawn, like in
    the funnel and the offers list the month's figure links to."""
    kept = make_offer(received_at=NOW - 2 * D)
    kept.accept("Thank you", terms_reviewed=True, at=NOW - D)
    gone = make_offer(received_at=NOW - 2 * D)
    gone.accept("Thank you", terms_reviewed=True, at=NOW - D)
    Offer.objects.filter(pk=gone.pk).update(withdrawn_at=NOW - H)
    report = analytics.build(owner)
    assert report.funnel[-1].count == 1
    assert report.months[-1].accepted == 1


def test_every_figure_links_to_the_list_behind_it(client, owner, pipeline):
    client.force_login(owner)
    html = client.get(reverse("analytics")).content.decode()
    for link, figure in [
        ("/invitations/", 11),
        ("/invitations/?status=in_progress&amp;status=completed&amp;status=lapsed", 5),
        ("/invitations/?status=completed", 3),
        (
            "/proposals/?status=submitted&amp;status=withdrawn&amp;status=declined&amp;status=hired",
            4,
        ),
        ("/offers/?status=received&amp;status=accepted&amp;status=expired", 4),
        ("/offers/?status=accepted", 2),
        ("/invitations/?status=expired", 2),
        ("/invitations/?status=lapsed", 1),
        ("/invitations/?status=expired&amp;status=lapsed", 3),
        ("/invitations/?month=2026-10", 2),
    ]:
        assert f'<a href="{link}">{figure}</a>' in html, link
    assert "45%" in html and "133%" in html and "14.0" in html
    assert "3 h" in html and "8 h" in html


def test_the_charts_are_inline_svg_with_tables_and_no_inline_styles(client, owner, pipeline):
    client.force_login(owner)
    html = client.get(reverse("analytics")).content.decode()
    assert html.count("<svg") == 2
    assert html.count('aria-hidden="true" focusable="false"') == 2
    assert html.count("<table") >= 4
    assert "<script" not in html.split("</head>")[1]
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son\w+=", html)
    # The funnel's bars: the widest is the invitations', the others in proportion.
    widths = [
        float(w)
        for w in re.findall(r'<rect class="chart-bar series-\d" [^>]*width="([\d.]+)"', html)
    ]
    assert widths[0] == analytics.FUNNEL_BAR
    assert widths[5] == pytest.approx(analytics.FUNNEL_BAR * 2 / 11, abs=0.1)


def test_a_stranger_sees_only_their_own_figures(client, stranger, pipeline):
    client.force_login(stranger)
    response = client.get(reverse("analytics"))
    assert response.status_code == 200
    assert response.context["report"].funnel[0].count == 0
    assert "Globex" not in response.content.decode()
    assert "No figures yet" in response.content.decode()


def test_another_accounts_records_on_my_client_are_not_counted(
    now, owner, stranger, client_record, make_invitation, make_proposal
):
    """Rows of another account linked to the user's client (made before the models refused
    such links) count in neither the client's row nor the number of active clients."""
    mine = make_invitation(notified_at=NOW - 3 * D)
    mine.start(at=NOW - 3 * D + H)
    mine.complete(at=NOW - 3 * D + 2 * H)
    theirs = Invitation.objects.create(
        owner=stranger, client=client_record, job_title="Secret", notified_at=NOW - 2 * D
    )
    theirs.start(at=NOW - 2 * D + H)
    theirs.complete(at=NOW - 2 * D + 2 * H)
    proposal = Proposal.objects.create(
        owner=stranger,
        client=client_record,
        job_title="Secret",
        cover_letter="Hi",
        bid_amount=Decimal("10"),
    )
    proposal.submit(at=NOW - D)
    Offer.objects.create(
        owner=stranger,
        client=client_record,
        job_title="Secret",
        received_at=NOW - 5 * H,
        accepted_at=NOW - 4 * H,
        acknowledgment="Thank you",
    )
    lone = Client.objects.create(owner=owner, name="Initech")
    Invitation.objects.create(owner=stranger, client=lone, job_title="Secret", notified_at=NOW - D)

    report = analytics.build(owner)
    rows = [
        (r.client.name, r.invitations, r.completed, r.proposals, r.accepted) for r in report.clients
    ]
    assert rows == [("Acme", 1, 1, 0, 0)]
    assert report.more_clients == 0


def test_offers_recorded_without_invitations_or_proposals_are_shown(client, owner, now, make_offer):
    make_offer(received_at=NOW - 2 * D).accept("Thank you", terms_reviewed=True, at=NOW - D)
    make_offer(received_at=NOW - H)
    client.force_login(owner)
    response = client.get(reverse("analytics"))
    html = response.content.decode()
    assert "No figures yet" not in html
    assert '<a href="/offers/?status=received&amp;status=accepted&amp;status=expired">2</a>' in html
    assert '<a href="/offers/?status=accepted">1</a>' in html


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("analytics"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_page_makes_the_same_queries_for_5_and_200_items(
    client, owner, now, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            client_row = Client.objects.create(owner=owner, name=f"Client {Client.objects.count()}")
            invitation = Invitation.objects.create(
                owner=owner, client=client_row, job_title="Job", notified_at=NOW - (n % 40 + 1) * D
            )
            if n % 2:
                invitation.start(at=invitation.notified_at + H)
            proposal = Proposal.objects.create(
                owner=owner,
                client=client_row,
                job_title="Job",
                cover_letter="Hi",
                bid_amount=Decimal("10"),
                connects_spent=2,
            )
            proposal.submit(at=NOW - H)
            Offer.objects.create(
                owner=owner, proposal=proposal, received_at=NOW - H, amount=Decimal("5")
            )

    client.force_login(owner)
    add(5)
    with django_assert_max_num_queries(20) as captured:
        assert client.get(reverse("analytics")).status_code == 200
    small = len(captured)
    add(195)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("analytics"))
    assert response.context["report"].funnel[0].count == 200
    assert len(response.context["report"].clients) == analytics.TOP_CLIENTS
    assert response.context["report"].more_clients == 200 - analytics.TOP_CLIENTS


def test_the_lists_follow_the_analytics_links(client, owner, now, make_invitation, make_offer):
    """Several statuses, a client and a month narrow each list to the figure's items."""
    from datetime import timedelta

    from interviews.models import Client

    other = Client.objects.create(owner=owner, name="Other")
    running = make_invitation(notified_at=NOW - timedelta(days=1))
    running.start(at=NOW - timedelta(hours=1))
    make_invitation(notified_at=NOW - timedelta(days=20))  # expired
    make_invitation(notified_at=NOW - timedelta(hours=2), client=other)  # pending, other client
    client.force_login(owner)

    def rows(url):
        return {row.pk for row in client.get(url).context["page_obj"]}

    both = rows("/invitations/?status=in_progress&status=expired")
    assert len(both) == 2 and running.pk in both
    assert rows(f"/invitations/?client={other.pk}") == {
        i.pk for i in Invitation.objects.filter(client=other)
    }
    assert rows("/invitations/?month=2026-11") and not rows("/invitations/?month=2025-01")
    page = client.get("/invitations/?status=in_progress&status=expired").content.decode()
    assert "Showing In progress, Expired" in page
