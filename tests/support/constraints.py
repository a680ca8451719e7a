"""A row written behind the models' backs, to show the database itself refuses it."""

import pytest
from django.db import IntegrityError, transaction


def refused(queryset, **changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)
