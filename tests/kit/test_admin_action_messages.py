"""The admin's actions say what they did, and what they left alone and why."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from interviews.models import Invitation
from offers.models import Offer
from tests.support.followups_admin import sign_in_admin
from tests.support.instants import NOW


@pytest.fixture
def admin_client(client, db):
    return sign_in_admin(client)


def run_action(client, model, action, objs):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(
        url, {"action": action, "_selected_action": [str(obj.pk) for obj in objs]}
    )
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_archiving_says_which_invitations_were_left_as_they_were(
    admin_client, now, make_invitation
):
    fresh = make_invitation(job_title="Fresh")
    done = make_invitation(job_title="Done before")
    done.archive()

    shown = run_action(admin_client, Invitation, "archive_invitations", [fresh, done])

    assert shown == [
        ("success", "Archived 1 invitation."),
        ("warning", "1 invitation was left as it was: This invitation is already archived."),
    ]


def test_archiving_nothing_is_not_called_a_success(admin_client, now, make_invitation):
    first, second = make_invitation(), make_invitation()
    first.archive()
    second.archive()

    shown = run_action(admin_client, Invitation, "archive_invitations", [first, second])

    assert shown == [
        ("warning", "2 invitations were left as they were: This invitation is already archived.")
    ]


def test_marking_withdrawn_says_which_offers_were_left_as_they_were(admin_client, now, make_offer):
    open_offer = make_offer(expires_at=NOW + timedelta(days=5))
    accepted = make_offer(expires_at=NOW + timedelta(days=5))
    accepted.accept("Thank you", terms_reviewed=True)

    shown = run_action(admin_client, Offer, "mark_withdrawn", [open_offer, accepted])

    assert shown == [
        ("success", "Marked 1 offer withdrawn."),
        (
            "warning",
            "1 offer was left as it was: Only an open offer can be withdrawn; "
            "this one is accepted.",
        ),
    ]
