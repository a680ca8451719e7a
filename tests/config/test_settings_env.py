"""Settings helpers refuse bad environment values with a message naming the variable."""

import runpy
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env as config_env


def test_durations_read_days_hours_and_minutes(monkeypatch):
    monkeypatch.setenv("X_WINDOW", "14d")
    assert config_env.env_duration("X_WINDOW", None) == timedelta(days=14)
    monkeypatch.setenv("X_WINDOW", "48h")
    assert config_env.env_duration("X_WINDOW", None) == timedelta(hours=48)


@pytest.mark.parametrize("bad", ["14", "two weeks", "0d", "-3h", "h"])
def test_a_bad_duration_is_refused(monkeypatch, bad):
    monkeypatch.setenv("INTERVIEW_START_WINDOW", bad)
    with pytest.raises(ImproperlyConfigured, match="INTERVIEW_START_WINDOW"):
        config_env.env_duration("INTERVIEW_START_WINDOW", timedelta(days=14))


def test_a_bad_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be true or false"):
        config_env.env_bool("DJANGO_DEBUG")


def test_database_urls(tmp_path):
    pg = config_env.database_from_url("postgres://u:p%40ss@db.local:5433/tracker")
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "tracker",
        "u",
        "p@ss",
        "db.local",
        "5433",
    )
    lite = config_env.database_from_url(f"sqlite:///{tmp_path}/x.sqlite3")
    assert str(lite["NAME"]) == f"{tmp_path}/x.sqlite3"
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "bad", ["mysql://u@h/db", "postgres://u@h/", "postgres://u@h:port/db", "nonsense"]
)
def test_a_bad_database_url_is_refused(bad):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        config_env.database_from_url(bad)


def test_the_secret_key_is_required_without_debug():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "false"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_the_user_timezone_must_be_a_real_zone(owner):
    from django.core.exceptions import ValidationError

    owner.timezone = "Mars/Olympus"
    with pytest.raises(ValidationError) as caught:
        owner.full_clean()
    assert "not a time zone we know" in caught.value.message_dict["timezone"][0]


@pytest.mark.parametrize(
    "raw, value",
    [
        ("https://tracker.example.com/", "https://tracker.example.com"),
        (" http://127.0.0.1:8000 ", "http://127.0.0.1:8000"),
        ("https://example.com/tracker", "https://example.com/tracker"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_the_site_url_is_read_without_its_trailing_slash(monkeypatch, raw, value):
    monkeypatch.setenv("SITE_URL", raw)
    assert config_env.env_site_url("SITE_URL", None) == value


@pytest.mark.parametrize(
    "bad",
    [
        "tracker.example.com",
        "ftp://tracker.example.com",
        "https://",
        "http://host:port",
        "https://tracker.example.com/?next=1",
    ],
)
def test_a_site_url_links_could_not_start_with_is_refused(monkeypatch, bad):
    monkeypatch.setenv("SITE_URL", bad)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must"):
        config_env.env_site_url("SITE_URL", None)


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_variable_set_to_nothing_means_its_default(monkeypatch, blank):
    # As in `.env.example`, where `NAME=` with nothing after it shows "not set".
    monkeypatch.setenv("EMAIL_BACKEND", blank)
    assert config_env.env_str("EMAIL_BACKEND", "console") == "console"
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", blank)
    assert config_env.env_list("DJANGO_ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


@pytest.mark.parametrize("raw, level", [("debug", "DEBUG"), (" Warning ", "WARNING"), ("", "INFO")])
def test_the_log_level_is_read_in_any_case(monkeypatch, raw, level):
    monkeypatch.setenv("LOG_LEVEL", raw)
    assert config_env.env_log_level("LOG_LEVEL", "INFO") == level


@pytest.mark.parametrize("bad", ["verbose", "5", "WARN ING"])
def test_a_bad_log_level_is_refused(monkeypatch, bad):
    monkeypatch.setenv("LOG_LEVEL", bad)
    with pytest.raises(ImproperlyConfigured, match="LOG_LEVEL must be one of DEBUG, INFO"):
        config_env.env_log_level("LOG_LEVEL", "INFO")


def test_trusted_origins_are_read_with_their_scheme(monkeypatch):
    monkeypatch.setenv("DJANGO_CSRF_TRUSTED_ORIGINS", "https://tracker.example.com, http://*.lan")
    assert config_env.env_origins("DJANGO_CSRF_TRUSTED_ORIGINS") == [
        "https://tracker.example.com",
        "http://*.lan",
    ]


@pytest.mark.parametrize("bad", ["tracker.example.com", "https://ok.example.com,ftp://x.example"])
def test_a_trusted_origin_without_http_or_https_is_refused(monkeypatch, bad):
    # Django would only notice in a system check, which gunicorn never runs: until then,
    # every form posted through the proxy fails with 403.
    monkeypatch.setenv("DJANGO_CSRF_TRUSTED_ORIGINS", bad)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CSRF_TRUSTED_ORIGINS"):
        config_env.env_origins("DJANGO_CSRF_TRUSTED_ORIGINS")


@pytest.mark.parametrize("bad", ["0", "65536", "port"])
def test_an_email_port_out_of_range_is_refused(monkeypatch, bad):
    monkeypatch.setenv("EMAIL_PORT", bad)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must"):
        runpy.run_path(str(config_env.BASE_DIR / "config" / "settings.py"))
