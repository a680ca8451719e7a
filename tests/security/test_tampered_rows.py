"""Rows a form names that are not the record's own, and a decline reason that cannot be kept:
refused with a message, and nothing saved, never silently dropped."""

from decimal import Decimal

from django.contrib.messages import get_messages
from django.urls import reverse

from offers.models import Milestone, Offer
from proposals.models import ScreeningQuestion
from tests.support.instants import NOW
from tests.support.proposal_forms import letter_data


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def strangers_offer(stranger):
    offer = Offer.objects.create(
        owner=stranger, job_title="Theirs", received_at=NOW, amount=Decimal("1")
    )
    return offer, Milestone.objects.create(offer=offer, title="Their step", amount=Decimal("5"))


def milestone_rows(*rows, initial=0):
    data = {
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": str(initial),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"milestones-{i}-{key}": value for key, value in row.items()})
    return data


def test_an_offer_naming_another_users_milestone_is_refused_and_nothing_saved(
    now, client, owner, stranger, client_record
):
    _, theirs = strangers_offer(stranger)
    client.force_login(owner)
    data = {
        "proposal": "",
        "client": client_record.pk,
        "job_title": "Build",
        "received_at": "2026-11-25T06:00",
        "expires_at": "2026-12-20T06:00",
        "contract_type": "fixed",
        "amount": "",
        "currency": "USD",
        "weekly_limit": "",
        "start_date": "",
        "terms": "",
        **milestone_rows(
            {"id": str(theirs.pk), "title": "Design", "amount": "700", "due_date": ""},
            {"id": "", "title": "Build", "amount": "300", "due_date": ""},
            initial=1,
        ),
    }
    response = client.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert "These milestones no longer match the offer&#x27;s" in response.text
    assert not Offer.objects.filter(owner=owner).exists()
    theirs.refresh_from_db()
    assert (theirs.title, theirs.amount) == ("Their step", Decimal("5"))


def test_a_proposal_naming_another_users_question_is_refused_and_nothing_saved(
    client, owner, stranger, make_proposal
):
    mine = make_proposal()
    ScreeningQuestion.objects.create(proposal=mine, question="Mine?", answer="Yes")
    theirs_proposal = type(mine).objects.create(
        owner=stranger, job_title="Theirs", cover_letter="Hi", bid_amount=Decimal("1")
    )
    theirs = ScreeningQuestion.objects.create(proposal=theirs_proposal, question="Theirs?")
    client.force_login(owner)
    data = letter_data(job_title="Renamed")
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-id": str(theirs.pk),
            "questions-0-question": "Edited",
            "questions-0-answer": "",
        }
    )
    response = client.post(reverse("proposal_edit", args=[mine.pk]), data)
    assert response.status_code == 200
    assert "These questions no longer match the proposal&#x27;s" in response.text
    mine.refresh_from_db()
    assert mine.job_title != "Renamed"
    assert list(mine.questions.values_list("question", flat=True)) == ["Mine?"]
    theirs.refresh_from_db()
    assert theirs.question == "Theirs?"


def test_a_decline_reason_that_cannot_be_kept_declines_nothing(now, client, owner, make_offer):
    offer = make_offer()
    client.force_login(owner)
    response = client.post(reverse("offer_decline", args=[offer.pk]), {"reason": "Too low\x00"})
    assert response.status_code == 302
    assert flash(response) == ["The offer was not declined: Null characters are not allowed."]
    offer.refresh_from_db()
    assert offer.declined_at is None
