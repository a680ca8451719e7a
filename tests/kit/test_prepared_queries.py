"""Queries compiled once and run with new values give what the ORM gives for those values."""

from datetime import timedelta

import pytest

from interviews.models import Invitation
from kit.prepared import Prepared, compiled
from tests.support.instants import NOW


def open_on(owner, now):
    return Invitation.objects.filter(owner=owner, start_deadline__gt=now).order_by("pk")


def test_it_runs_the_query_again_with_each_new_owner_and_moment(
    db, owner, stranger, make_invitation
):
    mine = [make_invitation(notified_at=NOW - timedelta(days=days)) for days in (1, 5, 10)]
    prepared = Prepared(lambda owner, now: compiled(open_on(owner, now)))
    for user in (owner, stranger):
        for now in (NOW, NOW + timedelta(days=6), NOW + timedelta(days=20)):
            rows = Invitation.objects.raw(*prepared.sql(owner=user.pk, now=now))
            assert [row.pk for row in rows] == [row.pk for row in open_on(user, now)]
    later = Invitation.objects.raw(*prepared.sql(owner=owner.pk, now=NOW + timedelta(days=6)))
    assert [row.pk for row in later] == [mine[0].pk, mine[1].pk]


def test_it_refuses_a_parameter_derived_from_a_value():
    prepared = Prepared(lambda owner, now: compiled(open_on(owner, now - timedelta(days=7))))
    with pytest.raises(ValueError, match="value of its own"):
        prepared.sql(owner=1, now=NOW)


def test_it_prepares_moments_and_whole_numbers_only():
    prepared = Prepared(lambda owner: compiled(Invitation.objects.filter(job_title=owner)))
    with pytest.raises(TypeError):
        prepared.sql(owner="Job")
