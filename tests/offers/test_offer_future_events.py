"""An offer's events are never recorded later than now."""

import pytest

from tests.support.instants import NOW
from tests.support.refusals import LATER, refusal, refusal_or_none


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
