"""The database itself refuses impossible invitations and clients written behind the models'
backs."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from interviews.models import Client, Invitation
from tests.support.constraints import refused
from tests.support.instants import NOW


def test_completed_before_started_is_refused(now, make_invitation):
    invitation = make_invitation(notified_at=NOW - timedelta(hours=5))
    invitation.start(at=NOW - timedelta(hours=2))
    rows = Invitation.objects.filter(pk=invitation.pk)
    refused(rows, completed_at=NOW - timedelta(hours=3))
    assert rows.get().completed_at is None


def test_completed_without_a_start_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(Invitation.objects.filter(pk=invitation.pk), completed_at=NOW)


def test_a_start_after_the_start_deadline_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(
        Invitation.objects.filter(pk=invitation.pk),
        started_at=invitation.start_deadline + timedelta(seconds=1),
        completion_deadline=invitation.start_deadline + timedelta(days=2),
    )


def test_a_decline_without_a_reason_is_refused(now, make_invitation):
    invitation = make_invitation()
    refused(Invitation.objects.filter(pk=invitation.pk), declined_at=NOW)


def test_a_second_client_with_the_same_name_is_refused(owner, client_record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.create(owner=owner, name=client_record.name.upper())
