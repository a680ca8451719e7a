"""Check constraints judged in Python (capture.checks) refuse exactly what the database's
own check refuses, with the same message, for every constraint of the records mail places."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

from capture import checks
from interviews.models import Invitation
from offers.models import Offer
from tests.support.instants import NOW


def _invitation(owner, client_record, now, **changes):
    notified = NOW - timedelta(days=2)
    values = dict(
        owner=owner,
        client=client_record,
        job_title="Landing page",
        notified_at=notified,
        start_deadline=notified + timedelta(days=14),
    )
    return Invitation(**(values | changes))


def _offer(owner, client_record, now, **changes):
    values = dict(owner=owner, client=client_record, job_title="Landing page")
    return Offer(**(values | changes))


def _breaking(owner, client_record, now):
    """One record breaking each check constraint, by the constraint's name."""
    now = NOW
    notified = now - timedelta(days=2)
    return {
        "invitation_start_deadline_after_notice": _invitation(
            owner, client_record, now, start_deadline=notified
        ),
        "invitation_started_within_start_window": _invitation(
            owner, client_record, now, started_at=notified - timedelta(hours=1)
        ),
        "invitation_completion_deadline_follows_start": _invitation(
            owner, client_record, now, completion_deadline=now
        ),
        "invitation_completed_within_completion_window": _invitation(
            owner, client_record, now, completed_at=now
        ),
        "invitation_declined_with_reason": _invitation(
            owner, client_record, now, declined_at=now, decline_reason=""
        ),
        "offer_received_after_request": _offer(
            owner, client_record, now, requested_at=now, received_at=now - timedelta(hours=1)
        ),
        "offer_expires_after_receipt": _offer(
            owner, client_record, now, received_at=now, expires_at=now - timedelta(hours=1)
        ),
        "offer_accepted_in_time_with_acknowledgment": _offer(
            owner,
            client_record,
            now,
            received_at=now - timedelta(days=1),
            expires_at=now + timedelta(days=1),
            accepted_at=now,
            acknowledgment="",
        ),
        "offer_not_both_accepted_and_declined": _offer(
            owner,
            client_record,
            now,
            received_at=now - timedelta(days=1),
            expires_at=now + timedelta(days=1),
            accepted_at=now,
            acknowledgment="Agreed.",
            declined_at=now,
        ),
        "offer_amount_positive": _offer(owner, client_record, now, amount=Decimal("0")),
        "offer_weekly_limit_only_hourly": _offer(
            owner, client_record, now, contract_type="fixed", weekly_limit=10
        ),
    }


def _check_constraints(model):
    return [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]


def test_every_check_constraint_has_a_breaking_record_here(owner, client_record, now):
    named = {c.name for model in (Invitation, Offer) for c in _check_constraints(model)}

    assert set(_breaking(owner, client_record, now)) == named


@pytest.mark.parametrize(
    "name",
    [c.name for model in (Invitation, Offer) for c in _check_constraints(model)],
)
def test_each_rule_is_refused_with_its_message_as_the_database_refuses_it(
    name, owner, client_record, now
):
    record = _breaking(owner, client_record, now)[name]
    constraint = next(c for c in record._meta.constraints if c.name == name)

    # The database's own judgement, which the Python one stands in for.
    with pytest.raises(ValidationError) as by_query:
        constraint.validate(type(record), record)
    assert checks.holds(record, constraint.condition) is False
    with pytest.raises(ValidationError) as in_python:
        checks.check_constraints(record)

    assert constraint.get_violation_error_message() in in_python.value.messages
    assert by_query.value.messages[0] in in_python.value.messages


def test_records_that_keep_every_rule_pass_as_the_database_passes_them(owner, client_record, now):
    now = NOW
    invitation = _invitation(owner, client_record, now)
    offer = _offer(
        owner,
        client_record,
        now,
        received_at=now,
        expires_at=now + timedelta(days=3),
        amount=Decimal("25"),
        contract_type="hourly",
        weekly_limit=20,
    )

    for record in (invitation, offer):
        checks.check_constraints(record)  # raises nothing
        for constraint in _check_constraints(type(record)):
            constraint.validate(type(record), record)
            assert checks.holds(record, constraint.condition) is True


def test_a_comparison_with_an_empty_value_is_unknown_and_passes_as_in_sql(
    owner, client_record, now
):
    now = NOW
    offer = _offer(owner, client_record, now, received_at=now, expires_at=None)
    rule = Q(expires_at__gt=F("received_at"))

    assert checks.holds(offer, rule) is None
    assert checks.holds(offer, ~rule) is None
    assert checks.holds(offer, rule | Q(received_at__isnull=False)) is True
    assert checks.holds(offer, rule & Q(received_at__isnull=True)) is False


def test_a_condition_it_cannot_read_is_left_to_the_database(owner, client_record, now):
    offer = _offer(owner, client_record, now, job_title="Landing page")

    with pytest.raises(checks.Unreadable):
        checks.holds(offer, Q(job_title__startswith="L"))
    with pytest.raises(checks.Unreadable):
        checks.holds(offer, Q(client__name="x"))


def test_full_clean_still_refuses_what_clean_refuses(owner, client_record, now):
    now = NOW
    invitation = _invitation(owner, client_record, now, declined_at=now, decline_reason="")

    with pytest.raises(ValidationError) as refused:
        checks.full_clean(invitation)

    assert "Say why you declined." in refused.value.messages


def test_links_just_read_are_not_asked_for_again_but_an_empty_one_is_refused(
    owner, client_record, django_assert_num_queries
):
    now = NOW
    invitation = _invitation(owner, client_record, now)

    with django_assert_num_queries(0):
        checks.full_clean(invitation, read=("owner", "client"))
    invitation.client = None
    with pytest.raises(ValidationError) as refused:
        checks.full_clean(invitation, read=("owner", "client"))

    assert "client" in refused.value.message_dict
