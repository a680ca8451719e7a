"""CSV and JSON exports: what they hold, in which zone, and safe to open in a spreadsheet."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from interviews.models import Client, Invitation, Point
from offers.models import Milestone, Offer
from pipeline.portability import (
    FORMULA_TRIGGERS,
    INVITATION_HEADER,
    OFFER_HEADER,
    PROPOSAL_HEADER,
    neutralise,
    restore,
)
from proposals.models import ProposalTemplate, ScreeningQuestion
from reminders.models import Notification
from tests.support.instants import NOW

EXPORTS = ["export_invitations", "export_proposals", "export_offers", "export_everything"]


def rows_of(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def records(now, owner, client_record, make_invitation, make_proposal, make_offer):
    running = make_invitation(notified_at=NOW - timedelta(days=1), job_url="https://x.test/j/1")
    running.start(at=NOW - timedelta(hours=2))
    prep = running.preparation.get(point=Point.RESEARCH)
    prep.notes, prep.done = "B2B analytics", True
    prep.save()
    make_invitation(job_title="Second", message="Line one\nLine two, with “quotes”")
    proposal = make_proposal(invitation=running, connects_spent=16)
    ScreeningQuestion.objects.create(proposal=proposal, question="Why you?", answer="Experience.")
    proposal.submit(at=NOW - timedelta(hours=1))
    offer = make_offer(proposal=proposal, contract_type=Offer.ContractType.FIXED)
    Milestone.objects.create(offer=offer, title="First half", amount=Decimal("25"))
    ProposalTemplate.objects.create(owner=owner, name="Standard", body="Hello {client_name}")
    Notification.objects.create(owner=owner, title="Start soon", created_at=NOW)
    return {"running": running, "proposal": proposal, "offer": offer}


def test_the_invitations_csv_has_every_column_with_times_in_the_users_zone(client, owner, records):
    client.force_login(owner)
    response = client.get(reverse("export_invitations"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="invitations-2026-11-25.csv"'
    rows = rows_of(response)
    assert rows[0] == INVITATION_HEADER
    assert rows[0] == [
        "id",
        "client",
        "company",
        "job title",
        "job URL",
        "message",
        "notified at",
        "start deadline",
        "started at",
        "completion deadline",
        "completed at",
        "status",
        "declined at",
        "decline reason",
        "archived at",
        "preparation done",
    ]
    running = dict(zip(rows[0], rows[1], strict=True))
    assert running["id"] == str(records["running"].pk)
    assert running["client"] == "Acme"
    assert running["company"] == "Acme Inc."
    assert running["job URL"] == "https://x.test/j/1"
    # 24 November 12:00 UTC is 07:00 in New York (EST, -05:00).
    assert running["notified at"] == "2026-11-24T07:00:00-05:00"
    assert running["start deadline"] == "2026-12-08T07:00:00-05:00"
    assert running["started at"] == "2026-11-25T05:00:00-05:00"
    assert running["completion deadline"] == "2026-11-27T05:00:00-05:00"
    # Its proposal, submitted at 06:00, completed the interview.
    assert running["completed at"] == "2026-11-25T06:00:00-05:00"
    assert running["status"] == "completed"
    assert running["preparation done"] == "research"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["message"] == "Line one\nLine two, with “quotes”"
    assert second["status"] == "pending"


def test_the_proposals_and_offers_csvs(client, owner, records):
    client.force_login(owner)
    proposals = rows_of(client.get(reverse("export_proposals")))
    assert proposals[0] == PROPOSAL_HEADER
    row = dict(zip(proposals[0], proposals[1], strict=True))
    assert row["invitation id"] == str(records["running"].pk)
    assert row["status"] == "submitted"
    assert row["connects spent"] == "16"
    assert row["bid amount"] == "50.00"
    assert row["submitted at"] == "2026-11-25T06:00:00-05:00"
    offers = rows_of(client.get(reverse("export_offers")))
    assert offers[0] == OFFER_HEADER
    row = dict(zip(offers[0], offers[1], strict=True))
    assert row["proposal id"] == str(records["proposal"].pk)
    assert row["status"] == "received"
    assert row["contract type"] == "fixed"
    assert row["milestones"] == "1"
    assert row["milestone total"] == "25.00"
    assert row["expires at"] == "2026-12-25T06:00:00-05:00"


def test_the_json_export_holds_everything_the_user_owns(client, owner, stranger, records):
    Client.objects.create(owner=stranger, name="Their client")
    client.force_login(owner)
    response = client.get(reverse("export_everything"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["user"]["username"] == "alice"
    assert data["user"]["timezone"] == "America/New_York"
    assert [c["name"] for c in data["clients"]] == ["Acme"]
    running = data["invitations"][0]
    # Its proposal was submitted: that completed the interview.
    assert running["status"] == "completed"
    assert running["started_at"] == "2026-11-25T05:00:00-05:00"
    research = next(p for p in running["preparation"] if p["point"] == "research")
    assert research == {**research, "notes": "B2B analytics", "done": True}
    assert len(running["preparation"]) == 4
    assert [t["name"] for t in data["proposal_templates"]] == ["Standard"]
    assert data["proposals"][0]["questions"] == [
        {"position": 0, "question": "Why you?", "answer": "Experience."}
    ]
    assert data["proposals"][0]["bid_amount"] == "50.00"
    assert data["offers"][0]["milestones"][0]["title"] == "First half"
    assert data["offers"][0]["status"] == "received"
    assert {r["kind"] for r in data["reminders"]} >= {"completion_window", "offer_expiry"}
    assert data["reminders"][0]["lead"].startswith("P")
    assert [n["title"] for n in data["notifications"]] == ["Start soon"]
    text = response.content.decode()
    assert "Their client" not in text
    assert owner.password not in text
    assert owner.calendar_token not in text


def test_a_stranger_exports_only_their_own_records(client, stranger, records):
    client.force_login(stranger)
    assert rows_of(client.get(reverse("export_invitations"))) == [INVITATION_HEADER]
    assert rows_of(client.get(reverse("export_proposals"))) == [PROPOSAL_HEADER]
    assert rows_of(client.get(reverse("export_offers"))) == [OFFER_HEADER]
    data = json.loads(client.get(reverse("export_everything")).content)
    assert data["invitations"] == data["proposals"] == data["offers"] == data["clients"] == []


@pytest.mark.parametrize("name", [*EXPORTS, "data_portability"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_read_only(client, owner, name):
    client.force_login(owner)
    assert client.post(reverse(name)).status_code == 405


def test_the_data_page_links_every_export_and_the_import(client, owner):
    client.force_login(owner)
    response = client.get(reverse("data_portability"))
    assert response.status_code == 200
    for name in [*EXPORTS, "import_invitations", "delete_account"]:
        assert f'href="{reverse(name)}"' in response.content.decode()


# Formula injection ----------------------------------------------------------------------


def test_formula_like_cells_are_neutralised(client, owner, now, make_invitation):
    dangerous = Client.objects.create(owner=owner, name="@SUM(1+1)", company="+Evil")
    make_invitation(
        client=dangerous,
        job_title='=HYPERLINK("http://evil.test","click")',
        message="-2+3",
    ).decline("=cmd|' /C calc'!A0", at=NOW)
    make_invitation(client=dangerous, job_title="'=already quoted", message="\rreturn")
    make_invitation(client=dangerous, job_title="Tabbed", message="\ttab")
    client.force_login(owner)
    rows = rows_of(client.get(reverse("export_invitations")))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["client"] == "'@SUM(1+1)"
    assert first["company"] == "'+Evil"
    assert first["job title"] == '\'=HYPERLINK("http://evil.test","click")'
    assert first["message"] == "'-2+3"
    assert first["decline reason"] == "'=cmd|' /C calc'!A0"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["job title"] == "''=already quoted"
    assert second["message"] == "'\rreturn"
    assert dict(zip(rows[0], rows[3], strict=True))["message"] == "'\ttab"
    for row in rows[1:]:
        assert not any(cell[:1] in FORMULA_TRIGGERS for cell in row)


@given(st.text())
def test_neutralising_is_undone_exactly(text):
    assert restore(neutralise(text)) == text
    assert neutralise(text)[:1] not in FORMULA_TRIGGERS


def test_ordinary_text_is_left_alone():
    for text in ("Acme", "'tis the season", "2026-11-25T07:00:00-05:00", "50.00", ""):
        assert neutralise(text) == text
        assert restore(text) == text


def test_exports_make_the_same_queries_for_5_and_200_items(
    client, owner, now, make_invitation, make_offer, django_assert_max_num_queries
):
    client.force_login(owner)

    def add(count):
        for _ in range(count):
            make_invitation()
            Milestone.objects.create(
                offer=make_offer(contract_type="fixed"), title="M", amount=Decimal("1")
            )

    add(5)
    bounds = {}
    for name in EXPORTS:
        with django_assert_max_num_queries(15) as captured:
            client.get(reverse(name))
        bounds[name] = len(captured)
    add(195)
    for name in EXPORTS:
        with django_assert_max_num_queries(bounds[name]):
            response = client.get(reverse(name))
        assert response.status_code == 200
    assert Invitation.objects.filter(owner=owner).count() == 200
