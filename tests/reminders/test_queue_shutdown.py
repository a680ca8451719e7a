"""The queue stops cleanly under every signal pattern a supervisor sends: SIGTERM or SIGINT
to its main process alone, or to its whole process group (systemd's default
KillMode=control-group, supervisord's stopasgroup, a terminal's Ctrl-C). django-q2's own
command hung on SIGTERM to the group, its sentinel dead and its main process waiting on it."""

import os
import signal
import time

import pytest

from tests.support.processes import manage, process_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def group_gone(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
@pytest.mark.parametrize("to_group", [True, False], ids=["group", "main"])
def test_the_queue_stops_within_seconds_and_leaves_no_process(tmp_path, signum, to_group):
    log = tmp_path / "qcluster.log"
    with open(log, "w") as out:
        cluster = manage(
            ["qcluster"],
            process_env(tmp_path / "deliveries.log", Q_WORKERS=2),
            stdout=out,
            start_new_session=True,  # its own process group, as a supervisor gives it
        )
    group = cluster.pid
    try:
        running = wait_for(lambda: "running." in log.read_text(), timeout=60)
        assert running, log.read_text()[-2000:]
        started = time.monotonic()
        if to_group:
            os.killpg(group, signum)
        else:
            cluster.send_signal(signum)
        cluster.wait(timeout=15)
        stopped = time.monotonic() - started
        assert wait_for(lambda: group_gone(group), timeout=10), "a queue process was left"
    finally:
        if not group_gone(group):
            os.killpg(group, signal.SIGKILL)
            cluster.wait(timeout=10)
    output = log.read_text()
    print(
        f"\nqcluster, {signal.Signals(signum).name} to the {'group' if to_group else 'main'}: "
        f"stopped in {stopped:.1f} s"
    )
    assert cluster.returncode == 0, output[-2000:]
    assert "has stopped." in output
    assert "Traceback" not in output and "ERROR" not in output, output[-2000:]
