"""`.env` in the project folder is read at start-up; the environment wins over it."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import load_env_file
from tests.support.processes import ROOT

NAMES = ("TRACKER_TEST_A", "TRACKER_TEST_B", "TRACKER_TEST_C")


@pytest.fixture
def env_file(tmp_path, monkeypatch):
    """Write a `.env` and forget these variables (monkeypatch puts them back afterwards)."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / ".env"

    def write(text):
        path.write_text(text)
        return path

    return write


def test_a_value_in_the_file_is_read(env_file):
    load_env_file(env_file("TRACKER_TEST_A=from-file  # a comment\nexport TRACKER_TEST_B='x y'\n"))
    assert (os.environ["TRACKER_TEST_A"], os.environ["TRACKER_TEST_B"]) == ("from-file", "x y")


def test_the_environment_wins_over_the_file(env_file, monkeypatch):
    monkeypatch.setenv("TRACKER_TEST_A", "from-env")
    load_env_file(env_file("TRACKER_TEST_A=from-file\n"))
    assert os.environ["TRACKER_TEST_A"] == "from-env"


def test_set_to_nothing_means_not_set_on_either_side(env_file, monkeypatch):
    # Empty in the environment: the file's value applies. Empty in the file: nothing is set.
    monkeypatch.setenv("TRACKER_TEST_A", "")
    load_env_file(env_file("TRACKER_TEST_A=from-file\nTRACKER_TEST_B=\nTRACKER_TEST_C\n"))
    assert os.environ["TRACKER_TEST_A"] == "from-file"
    assert "TRACKER_TEST_B" not in os.environ
    assert "TRACKER_TEST_C" not in os.environ


def test_a_dollar_stays_a_dollar(env_file, monkeypatch):
    monkeypatch.setenv("TRACKER_TEST_B", "expanded")
    load_env_file(env_file("TRACKER_TEST_A=pa$$${TRACKER_TEST_B}\n"))
    assert os.environ["TRACKER_TEST_A"] == "pa$$${TRACKER_TEST_B}"


def test_no_file_is_no_change(tmp_path):
    load_env_file(tmp_path / ".env")  # does not raise


@pytest.fixture
def project(tmp_path):
    """A copy of the settings package, so its `.env` is the test's own, not a developer's."""
    shutil.copytree(
        ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def settings_in(project, **env):
    """The upper-case settings of `project` imported in a fresh process with only `env` set."""
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({n: repr(getattr(s, n)) for n in dir(s) if n.isupper()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=project,  # `config` is imported from the copy
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise ImproperlyConfigured(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def test_the_settings_read_dot_env_and_the_environment_wins(project):
    (project / ".env").write_text(
        "DJANGO_SECRET_KEY=key-from-the-file\n"
        "SITE_URL=https://from-the-file.example\n"
        "LOG_LEVEL=warning\n"
    )
    found = settings_in(project, SITE_URL="https://from-the-environment.example")
    assert found["SECRET_KEY"] == repr("key-from-the-file")
    assert found["SITE_URL"] == repr("https://from-the-environment.example")
    assert found["BASE_DIR"] == repr(project)


def test_a_bad_value_in_dot_env_stops_start_up_naming_it(project):
    (project / ".env").write_text("DJANGO_SECRET_KEY=k\nEMAIL_PORT=0\n")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be at least 1, not 0"):
        settings_in(project)


def test_copying_env_example_to_dot_env_changes_nothing(project):
    # `.env.example` shows each variable with its default, and `NAME=` for "not set".
    without = settings_in(project, DJANGO_SECRET_KEY="k")
    shutil.copy(ROOT / ".env.example", project / ".env")
    assert settings_in(project, DJANGO_SECRET_KEY="k") == without
