"""A record of what happened is not a plan: what `full_clean` refuses, by field, and the
moment just after now."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.support.instants import NOW

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
