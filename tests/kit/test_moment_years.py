"""Moments outside the years 2000 to 2099, as the owner's clock reads them, are refused.

A year 9999 or year 1 moment overflowed when a window or a reminder's lead time was added to
it or taken off it; at the edges, the year is the one the owner sees (alice is in New York).
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from interviews.models import Invitation
from offers.models import Offer
from proposals.models import Proposal
from tests.support.instants import NOW
from tests.support.offer_forms import NO_MILESTONES

OUT_OF_RANGE = "Enter a date between the years 2000 and 2099."
# 07:00 on 1 January 2100 in New York: 23:30 on 31 December 2099 there is in the past.
EARLY_2100 = datetime(2100, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def superuser(db):
    # The admin's clock is UTC, the owner's New York: the owner's decides.
    return User.objects.create_superuser("root", "root@example.com", "root-password-1")


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def end_of_the_century():
    # Travelled to before signing in, so that the session is fresh then.
    with time_machine.travel(EARLY_2100, tick=False) as traveller:
        yield traveller


def invitation_form(client_record, notified_at):
    return {
        "client": client_record.pk,
        "new_client_name": "",
        "job_title": "Build a dashboard",
        "job_url": "",
        "message": "",
        "notified_at": notified_at,
    }


def admin_form(owner, client_record, **moments):
    data = {
        "owner": owner.pk,
        "client": client_record.pk,
        "job_title": "Build a dashboard",
        "job_url": "",
        "message": "",
        "decline_reason": "",
        "preparation-TOTAL_FORMS": "0",
        "preparation-INITIAL_FORMS": "0",
        "preparation-MIN_NUM_FORMS": "0",
        "preparation-MAX_NUM_FORMS": "4",
    }
    for field, moment in moments.items():
        data[f"{field}_0"], data[f"{field}_1"] = moment.split()
    return data


def field_errors(response, field):
    return response.context["form"].errors.get(field, []) if response.context else []


def admin_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


# The invitation form: new and edit ---------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["9999-12-31T23:59", "0001-01-01T00:00", "1999-12-31T23:30", "2100-01-01T00:30"],
)
def test_the_new_form_refuses_a_notice_outside_the_years(
    end_of_the_century, signed_in, client_record, typed
):
    response = signed_in.post(reverse("invitation_new"), invitation_form(client_record, typed))
    assert response.status_code == 200
    assert field_errors(response, "notified_at") == [OUT_OF_RANGE]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("2000-01-01T00:30", datetime(2000, 1, 1, 5, 30, tzinfo=UTC)),
        # Already 2100 in UTC, still 2099 on the owner's clock.
        ("2099-12-31T23:30", datetime(2100, 1, 1, 4, 30, tzinfo=UTC)),
    ],
)
def test_the_new_form_accepts_the_first_and_last_years(
    end_of_the_century, signed_in, client_record, typed, stored
):
    response = signed_in.post(reverse("invitation_new"), invitation_form(client_record, typed))
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert invitation.notified_at == stored
    assert invitation.start_deadline == stored + timedelta(days=14)
    assert signed_in.get(invitation.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "1999-12-31T23:30", "2100-01-01T00:30"])
def test_the_edit_form_refuses_a_notice_outside_the_years_and_changes_nothing(
    end_of_the_century, signed_in, make_invitation, client_record, typed
):
    invitation = make_invitation(notified_at=EARLY_2100 - timedelta(days=1))
    before = model_to_dict(invitation)
    response = signed_in.post(
        reverse("invitation_edit", args=[invitation.pk]), invitation_form(client_record, typed)
    )
    assert response.status_code == 200
    assert field_errors(response, "notified_at") == [OUT_OF_RANGE]
    assert model_to_dict(Invitation.objects.get(pk=invitation.pk)) == before


def test_the_edit_form_accepts_the_last_evening_of_2099(
    end_of_the_century, signed_in, make_invitation, client_record
):
    invitation = make_invitation(notified_at=EARLY_2100 - timedelta(days=1))
    response = signed_in.post(
        reverse("invitation_edit", args=[invitation.pk]),
        invitation_form(client_record, "2099-12-31T23:30"),
    )
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert invitation.notified_at == datetime(2100, 1, 1, 4, 30, tzinfo=UTC)


def test_an_interview_started_on_the_last_evening_of_2099_is_recorded(
    end_of_the_century, signed_in, make_invitation
):
    invitation = make_invitation(notified_at=datetime(2099, 12, 31, 15, 0, tzinfo=UTC))
    response = signed_in.post(
        reverse("invitation_start", args=[invitation.pk]), {"started_at": "2099-12-31T23:30"}
    )
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert invitation.started_at == datetime(2100, 1, 1, 4, 30, tzinfo=UTC)
    assert invitation.completion_deadline == invitation.started_at + timedelta(hours=48)
    assertContains(signed_in.get(invitation.get_absolute_url()), "Sat 02 Jan 2100 23:30 EST")


# The admin: add and change ---------------------------------------------------------------


@pytest.mark.parametrize(
    "field, moment",
    [
        ("notified_at", "9999-12-31 23:59:00"),
        ("notified_at", "0001-01-01 00:00:00"),
        # 21:00 on 31 December 1999 in New York.
        ("notified_at", "2000-01-01 02:00:00"),
        # 00:30 on 1 January 2100 in New York.
        ("notified_at", "2100-01-01 05:30:00"),
        ("started_at", "9999-12-31 23:59:00"),
        ("completed_at", "9999-12-31 23:59:00"),
        ("declined_at", "0001-01-01 00:00:00"),
        ("archived_at", "2100-01-01 05:30:00"),
    ],
)
def test_the_admin_add_page_refuses_a_moment_outside_the_years(
    end_of_the_century, admin, owner, client_record, field, moment
):
    moments = {"notified_at": "2099-12-31 12:00:00", field: moment}
    response = admin.post(
        reverse("admin:interviews_invitation_add"), admin_form(owner, client_record, **moments)
    )
    assert response.status_code == 200
    assert admin_errors(response, field) == [OUT_OF_RANGE]
    assertContains(response, OUT_OF_RANGE)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "moment, stored",
    [
        ("2000-01-01 05:30:00", datetime(2000, 1, 1, 5, 30, tzinfo=UTC)),
        ("2100-01-01 04:30:00", datetime(2100, 1, 1, 4, 30, tzinfo=UTC)),
    ],
)
def test_the_admin_add_page_accepts_the_first_and_last_years(
    end_of_the_century, admin, owner, client_record, moment, stored
):
    response = admin.post(
        reverse("admin:interviews_invitation_add"),
        admin_form(owner, client_record, notified_at=moment),
    )
    assert response.status_code == 302
    assert Invitation.objects.get().notified_at == stored


@pytest.mark.parametrize(
    "field, moment",
    [
        ("notified_at", "9999-12-31 23:59:00"),
        ("notified_at", "2000-01-01 02:00:00"),
        ("started_at", "9999-12-31 23:59:00"),
        ("started_at", "2100-01-01 05:30:00"),
    ],
)
def test_the_admin_change_page_refuses_a_moment_outside_the_years_and_changes_nothing(
    end_of_the_century, admin, owner, client_record, make_invitation, field, moment
):
    invitation = make_invitation(notified_at=datetime(2099, 12, 31, 12, 0, tzinfo=UTC))
    before = model_to_dict(invitation)
    moments = {"notified_at": "2099-12-31 12:00:00", field: moment}
    response = admin.post(
        reverse("admin:interviews_invitation_change", args=[invitation.pk]),
        admin_form(owner, client_record, **moments),
    )
    assert response.status_code == 200
    assert admin_errors(response, field) == [OUT_OF_RANGE]
    assert model_to_dict(Invitation.objects.get(pk=invitation.pk)) == before


def test_the_admin_change_page_accepts_a_start_on_the_last_evening_of_2099(
    end_of_the_century, admin, owner, client_record, make_invitation
):
    invitation = make_invitation(notified_at=datetime(2099, 12, 31, 12, 0, tzinfo=UTC))
    moments = {"notified_at": "2099-12-31 12:00:00", "started_at": "2100-01-01 04:30:00"}
    response = admin.post(
        reverse("admin:interviews_invitation_change", args=[invitation.pk]),
        admin_form(owner, client_record, **moments),
    )
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert invitation.completion_deadline == datetime(2100, 1, 3, 4, 30, tzinfo=UTC)


# Proposals and offers ----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["submitted_at", "closed_at"])
@pytest.mark.parametrize("moment", ["9999-12-31 23:59:00", "0001-01-01 00:00:00"])
def test_the_proposal_admin_refuses_a_moment_outside_the_years(
    now, admin, owner, client_record, field, moment
):
    data = {
        "owner": owner.pk,
        "client": client_record.pk,
        "job_title": "Build a dashboard",
        "status": "submitted",
        "bid_type": "hourly",
        "bid_amount": "50",
        "currency": "USD",
        "cover_letter": "Hello",
        "submitted_at_0": "2026-11-20",
        "submitted_at_1": "10:00:00",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    data[f"{field}_0"], data[f"{field}_1"] = moment.split()
    response = admin.post(reverse("admin:proposals_proposal_add"), data)
    assert response.status_code == 200
    assert admin_errors(response, field) == [OUT_OF_RANGE]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("field", ["declined_at", "withdrawn_at"])
def test_an_offer_closed_outside_the_years_is_refused(now, owner, client_record, field):
    offer = Offer(
        owner=owner,
        client=client_record,
        job_title="Build a dashboard",
        received_at=NOW - timedelta(hours=1),
        amount=Decimal("50"),
        **{field: datetime(9999, 12, 31, 23, 59, tzinfo=UTC)},
    )
    with pytest.raises(ValidationError) as caught:
        offer.full_clean()
    assert caught.value.message_dict[field] == [OUT_OF_RANGE]


def test_the_offer_form_accepts_an_expiry_on_the_last_evening_of_2099(
    end_of_the_century, signed_in, owner, client_record
):
    response = signed_in.post(
        reverse("offer_new"),
        {
            "client": client_record.pk,
            "job_title": "Build a dashboard",
            "received_at": "2099-12-30T10:00",
            "expires_at": "2099-12-31T23:30",
            "contract_type": "hourly",
            "amount": "50",
            "currency": "USD",
            **NO_MILESTONES,
        },
    )
    assert response.status_code == 302
    assert Offer.objects.get().expires_at == datetime(2100, 1, 1, 4, 30, tzinfo=UTC)
