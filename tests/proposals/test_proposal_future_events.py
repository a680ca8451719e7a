"""A proposal's events are never recorded later than now."""

from datetime import timedelta

import pytest

from tests.support.instants import NOW
from tests.support.refusals import LATER, refusal


@pytest.mark.parametrize(
    "field, label", [("submitted_at", "The submission time"), ("closed_at", "The closing time")]
)
def test_a_proposal_refuses_an_event_in_the_future(now, make_proposal, field, label):
    proposal = make_proposal(submitted_at=NOW - timedelta(days=1))
    setattr(proposal, field, LATER)
    assert refusal(proposal)[field] == [f"{label} cannot be in the future."]
    setattr(proposal, field, NOW)
    proposal.full_clean()
