"""An invitation's events are never recorded later than now, on the model or in the admin
(which saves through the models' checks)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from tests.support.admin_forms import invitation_admin_form
from tests.support.instants import NOW
from tests.support.refusals import LATER, refusal, refusal_or_none


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
