"""A record of what happened is not a plan: no event may be recorded later than now, whether
it comes from a page, an import or the admin (which saves through the models' checks)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User

from .conftest import NOW
from .test_cross_owner_clients import invitation_admin_form

LATER = NOW + timedelta(minutes=1)


def refusal(record):
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


def refusal_or_none(record):
    try:
        record.full_clean()
    except ValidationError as refused:
        return refused.message_dict
    return {}


@pytest.mark.parametrize(
    "field, label",
    [
        ("started_at", "The start time"),
        ("completed_at", "The completion time"),
        ("declined_at", "The decline time"),
        ("archived_at", "The archive time"),
    ],
)
def test_an_invitation_refuses_an_event_in_the_future(now, make_invitation, field, label):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=3))
    invitation.started_at = NOW - timedelta(hours=2)
    invitation.decline_reason = "Not for me"
    setattr(invitation, field, LATER)
    assert refusal(invitation)[field] == [f"{label} cannot be in the future."]
    setattr(invitation, field, NOW)  # now itself has happened
    assert field not in refusal_or_none(invitation)


@pytest.mark.parametrize(
    "field, label",
    [
        ("accepted_at", "The acceptance time"),
        ("declined_at", "The decline time"),
        ("withdrawn_at", "The withdrawal time"),
    ],
)
def test_an_offer_refuses_an_event_in_the_future(now, make_offer, field, label):
    offer = make_offer()
    setattr(offer, field, LATER)
    assert refusal(offer)[field] == [f"{label} cannot be in the future."]
    setattr(offer, field, NOW)
    assert field not in refusal_or_none(offer)


@pytest.mark.parametrize(
    "field, label", [("submitted_at", "The submission time"), ("closed_at", "The closing time")]
)
def test_a_proposal_refuses_an_event_in_the_future(now, make_proposal, field, label):
    proposal = make_proposal(submitted_at=NOW - timedelta(days=1))
    setattr(proposal, field, LATER)
    assert refusal(proposal)[field] == [f"{label} cannot be in the future."]
    setattr(proposal, field, NOW)
    proposal.full_clean()


def test_the_admin_refuses_an_invitation_archived_in_the_future_and_saves_nothing(
    now, client, owner, client_record, make_invitation
):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=3))
    root = User.objects.create_superuser("root", "root@example.com", "root-password-1")
    client.force_login(root)
    form = invitation_admin_form(
        owner,
        client_record,
        notified_at_0="2026-11-25",
        notified_at_1="04:00:00",
        archived_at_0="2099-01-01",
        archived_at_1="10:00:00",
    )
    response = client.post(
        reverse("admin:interviews_invitation_change", args=[invitation.pk]), form
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["archived_at"] == ["The archive time cannot be in the future."]
    invitation.refresh_from_db()
    assert invitation.archived_at is None
