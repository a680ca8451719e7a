"""Forbidden changes raise a ValidationError a person understands and change nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from interviews.models import Invitation, Status
from tests.support.instants import NOW


def unchanged(invitation):
    before = model_to_dict(Invitation.objects.get(pk=invitation.pk))

    class Check:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            after = model_to_dict(Invitation.objects.get(pk=invitation.pk))
            assert after == before
            return False

    return Check()


def test_it_refuses_to_start_an_expired_invitation(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=15))
    with unchanged(invitation), pytest.raises(ValidationError) as caught:
        invitation.start()
    assert "expired" in str(caught.value)
    assert "a start can only be recorded before then" in str(caught.value)


def test_it_refuses_to_complete_before_starting(now, make_invitation):
    invitation = make_invitation()
    with unchanged(invitation), pytest.raises(ValidationError, match="Start the interview"):
        invitation.complete()


def test_it_refuses_a_start_time_in_the_future(now, make_invitation):
    invitation = make_invitation()
    with unchanged(invitation), pytest.raises(ValidationError, match="cannot be in the future"):
        invitation.start(at=NOW + timedelta(minutes=1))


def test_it_refuses_a_start_before_the_invitation_arrived(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=1))
    with unchanged(invitation), pytest.raises(ValidationError, match="before the invitation"):
        invitation.start(at=NOW - timedelta(hours=2))


def test_it_refuses_to_start_twice(now, make_invitation):
    invitation = make_invitation()
    invitation.start(at=NOW - timedelta(minutes=30))
    with unchanged(invitation), pytest.raises(ValidationError, match="Only a pending"):
        invitation.start()


def test_it_refuses_a_completion_before_the_start(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    with unchanged(invitation), pytest.raises(ValidationError, match="before it started"):
        invitation.complete(at=NOW - timedelta(hours=3))


def test_it_refuses_to_complete_a_lapsed_interview(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=5))
    invitation.start(at=NOW - timedelta(days=3))
    with (
        unchanged(invitation),
        pytest.raises(ValidationError, match="a completion can only be recorded before then"),
    ):
        invitation.complete()


def test_it_records_a_completion_that_happened_inside_the_window(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=5))
    invitation.start(at=NOW - timedelta(days=3))
    invitation.complete(at=NOW - timedelta(days=2))
    assert invitation.status == Status.COMPLETED


def test_it_declines_with_a_reason_and_keeps_it(now, make_invitation):
    invitation = make_invitation()
    invitation.decline("  Rate too low  ")
    invitation.refresh_from_db()
    assert invitation.status == Status.DECLINED
    assert invitation.decline_reason == "Rate too low"


def test_it_refuses_to_decline_without_a_reason(now, make_invitation):
    invitation = make_invitation()
    with unchanged(invitation), pytest.raises(ValidationError, match="why"):
        invitation.decline("   ")


def test_it_refuses_to_decline_a_closed_invitation(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(days=20))
    with unchanged(invitation), pytest.raises(ValidationError, match="Only an open"):
        invitation.decline("Too late anyway")


def test_it_archives_once(now, make_invitation):
    invitation = make_invitation()
    invitation.archive()
    assert invitation.status == Status.ARCHIVED
    with unchanged(invitation), pytest.raises(ValidationError, match="already archived"):
        invitation.archive()


def test_a_stale_copy_cannot_start_an_invitation_declined_meanwhile(now, make_invitation):
    invitation = make_invitation()
    stale = Invitation.objects.get(pk=invitation.pk)
    invitation.decline("Found another job")
    with unchanged(invitation), pytest.raises(ValidationError, match="Only a pending"):
        stale.start()


def test_clean_refuses_a_notice_time_in_the_future(now, owner, client_record):
    invitation = Invitation(
        owner=owner, client=client_record, job_title="X", notified_at=NOW + timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as caught:
        invitation.full_clean()
    assert caught.value.message_dict["notified_at"] == [
        "The notification time cannot be in the future."
    ]
    assert not Invitation.objects.exists()


def test_clean_refuses_a_moment_outside_the_plausible_years(now, owner, client_record):
    from datetime import UTC, datetime

    invitation = Invitation(
        owner=owner,
        client=client_record,
        job_title="X",
        notified_at=datetime(1, 1, 2, tzinfo=UTC),
    )
    with pytest.raises(ValidationError) as caught:
        invitation.full_clean()
    assert caught.value.message_dict["notified_at"] == [
        "Enter a date between the years 2000 and 2099."
    ]
