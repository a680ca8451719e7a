"""`send_reminders` refuses a bad flag with a clear message and changes nothing."""

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from tests.support.snapshots import changes, snapshot

BAD_FLAGS = [
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["now"], "unrecognized arguments: now"),
    (["--dry-run=yes"], "argument --dry-run: ignored explicit argument 'yes'"),
    (["--verbosity", "9"], "argument -v/--verbosity: invalid choice: 9 (choose from 0, 1, 2, 3)"),
    (["--dry-runn"], "unrecognized arguments: --dry-runn"),
]


@pytest.mark.parametrize("args,message", BAD_FLAGS, ids=[" ".join(a) for a, _ in BAD_FLAGS])
def test_send_reminders_refuses_a_bad_flag_with_a_clear_message(args, message, world):
    before = snapshot()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("send_reminders", *args)
    assert not changes(before, snapshot())


def test_send_reminders_from_a_shell_exits_with_the_usage_and_the_error(world, capsys):
    before = snapshot()
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "send_reminders", "--bogus"]).execute()
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "usage: manage.py send_reminders" in err
    assert "error: unrecognized arguments: --bogus" in err
    assert not changes(before, snapshot())
