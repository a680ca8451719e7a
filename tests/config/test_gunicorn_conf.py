"""config/gunicorn.conf.py takes the bind address and worker count from the environment."""

import runpy

import pytest
from django.conf import settings

CONF = str(settings.BASE_DIR / "config" / "gunicorn.conf.py")


def test_it_serves_the_project_on_loopback_with_two_workers_by_default(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    conf = runpy.run_path(CONF)
    assert (conf["wsgi_app"], conf["bind"], conf["workers"]) == (
        "config.wsgi:application",
        ["127.0.0.1:8000"],
        2,
    )


def test_it_reads_bind_and_workers_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8765, [::1]:8765")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    conf = runpy.run_path(CONF)
    assert (conf["bind"], conf["workers"]) == (["127.0.0.1:8765", "[::1]:8765"], 5)


@pytest.mark.parametrize("bad", ["0", "two", "-1"])
def test_a_bad_worker_count_stops_it_naming_the_variable(monkeypatch, bad):
    monkeypatch.setenv("GUNICORN_WORKERS", bad)
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS"):
        runpy.run_path(CONF)


@pytest.mark.parametrize("blank", ["", " "])
def test_nothing_set_means_the_defaults_never_every_interface(monkeypatch, blank):
    # Gunicorn reads an empty address as 0.0.0.0:8000, open to the whole network.
    monkeypatch.setenv("GUNICORN_BIND", blank)
    monkeypatch.setenv("GUNICORN_WORKERS", blank)
    conf = runpy.run_path(CONF)
    assert (conf["bind"], conf["workers"]) == (["127.0.0.1:8000"], 2)


def test_an_empty_entry_in_the_list_is_left_out(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8765,")
    assert runpy.run_path(CONF)["bind"] == ["127.0.0.1:8765"]


@pytest.mark.parametrize("bad", ["127.0.0.1:http", "127.0.0.1:99999", "127.0.0.1:0", "unix:"])
def test_a_bad_address_stops_it_naming_the_variable(monkeypatch, bad):
    monkeypatch.setenv("GUNICORN_BIND", bad)
    with pytest.raises(SystemExit, match="GUNICORN_BIND"):
        runpy.run_path(CONF)
