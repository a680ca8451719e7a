"""`make run` stops the site and the queue on Ctrl-C and on SIGTERM, to make or to its whole
process group: no process is left behind, and nothing reads like an error."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.support.processes import ROOT, wait_for

from ..support.smtp import refused_port

NOISE = ("***", "Error", "Traceback", "Segmentation", "Terminated", "Killed")


def marked_processes(mark):
    """Processes whose environment carries `mark`: everything `make run` started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def site_answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return tmp_path_factory.mktemp("make-run") / "run.sqlite3"


@pytest.mark.parametrize(
    "signum, to_group",
    [(signal.SIGINT, True), (signal.SIGTERM, True), (signal.SIGTERM, False)],
    ids=["ctrl-c", "TERM-to-group", "TERM-to-make"],
)
def test_make_run_stops_the_site_and_the_queue_cleanly(database, tmp_path, signum, to_group):
    port, mark = refused_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MAKE_RUN_TEST_MARK": mark,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = tmp_path / "make-run.out"
    with open(output, "w") as out:
        make = subprocess.Popen(
            # The interpreter running the tests, and no install step: this venv is ready.
            ["make", "-s", "run", f"PORT={port}", f"PY={sys.executable}", "INSTALLED="],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # as a terminal runs it: make leads its process group
        )
    try:
        up = wait_for(lambda: site_answers(port) and "running." in output.read_text(), timeout=120)
        assert up, output.read_text()[-3000:]
        started = time.monotonic()
        if to_group:
            os.killpg(make.pid, signum)  # Ctrl-C: the terminal signals the whole group
        else:
            make.send_signal(signum)
        make.wait(timeout=20)
        stopped = time.monotonic() - started
        assert wait_for(lambda: not marked_processes(mark), timeout=10), "a process was left"
    finally:
        for pid in marked_processes(mark):
            os.kill(pid, signal.SIGKILL)
        if make.poll() is None:
            make.wait(timeout=10)
    text = output.read_text()
    name = signal.Signals(signum).name
    print(
        f"\nmake run, {name} to {'the group' if to_group else 'make'}: stopped in {stopped:.1f} s"
    )
    assert not site_answers(port)
    assert "has stopped." in text, text[-3000:]
    noise = [line for line in text.splitlines() if any(word in line for word in NOISE)]
    assert noise == [], noise
