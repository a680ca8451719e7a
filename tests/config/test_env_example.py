"""`.env.example` lists every variable the settings read, each with its real default."""

import re
import runpy

import pytest

from tests.support.processes import ROOT

SETTINGS = ROOT / "config" / "settings.py"
# The settings' helpers, which read a few variables themselves (the database's).
ENV_HELPERS = ROOT / "config" / "env.py"
GUNICORN = ROOT / "config" / "gunicorn.conf.py"
EXAMPLE = ROOT / ".env.example"


def example_values():
    """NAME -> value as `.env.example` shows it, without the comment after it."""
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        match = re.match(r"^([A-Z_][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match[1]] = match[2].split("  #")[0].strip()
    return values


def read_by(path):
    """The names a file reads from the environment: through a settings helper or os.environ."""
    source = path.read_text()
    names = set(re.findall(r'env_[a-z_]+\(\s*"([A-Z_][A-Z0-9_]*)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_][A-Z0-9_]*)"', source))
    return names


def test_every_environment_variable_is_listed():
    read = read_by(SETTINGS) | read_by(ENV_HELPERS) | read_by(GUNICORN)
    assert {"SITE_URL", "GUNICORN_BIND", "DJANGO_DEBUG"} <= read, "the patterns missed some"
    assert read - example_values().keys() == set()


def test_every_listed_variable_is_read():
    listed = example_values().keys()
    assert listed - (read_by(SETTINGS) | read_by(ENV_HELPERS) | read_by(GUNICORN)) == set()


def settings_with(monkeypatch, path, values):
    """The upper-case names `path` defines when the environment holds exactly `values`."""
    for name in example_values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "the-same-key-for-both")
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    found = runpy.run_path(str(path))
    return {name: value for name, value in found.items() if name.isupper() or name == "bind"}


@pytest.mark.parametrize("path", [SETTINGS, GUNICORN], ids=["settings", "gunicorn"])
def test_the_values_shown_are_the_defaults(monkeypatch, path):
    # Copying `.env.example` as it stands (empty values included) changes nothing.
    shown = {k: v for k, v in example_values().items() if k != "DJANGO_SECRET_KEY"}
    defaults = settings_with(monkeypatch, path, {})
    assert settings_with(monkeypatch, path, shown) == defaults
