"""`seed_demo` refuses a bad flag and changes nothing."""

import pytest
from django.core.management import CommandError, call_command

from tests.support.snapshots import changes, snapshot


def test_seed_demo_refuses_a_bad_flag(db):
    before = snapshot()
    with pytest.raises(CommandError, match="unrecognized arguments: --users=5"):
        call_command("seed_demo", "--users=5")
    assert not changes(before, snapshot())
