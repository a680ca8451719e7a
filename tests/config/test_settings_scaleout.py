"""DATABASE_URL and REDIS_URL pick PostgreSQL and the Redis broker; bad ones stop start-up."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env as config_env


def settings_in_a_fresh_process(**env):
    """Import the settings with only `env` set and return the completed process."""
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'broker': sorted(k for k in ('orm', 'redis') if k in s.Q_CLUSTER), "
        "'cluster': {k: s.Q_CLUSTER[k] for k in ('timeout', 'retry', 'catch_up')}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        cwd=config_env.BASE_DIR,
    )


def test_a_redis_url_becomes_the_brokers_connection():
    redis = config_env.redis_from_url("redis://:s%40cret@cache.local:6380/2")
    assert (redis["host"], redis["port"], redis["db"], redis["password"], redis["ssl"]) == (
        "cache.local",
        6380,
        2,
        "s@cret",
        False,
    )
    assert redis["socket_connect_timeout"] <= 2


def test_a_redis_url_has_defaults_for_port_and_database_and_tls_for_rediss():
    redis = config_env.redis_from_url("rediss://user:pw@cache.local")
    assert (redis["port"], redis["db"], redis["username"], redis["ssl"]) == (6379, 0, "user", True)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("http://cache.local:6379/0", "must start with redis://"),
        ("cache.local:6379", "must start with redis://"),
        ("redis://", "needs a host name"),
        ("redis://:6379/0", "needs a host name"),
        ("redis://cache.local:port/0", "port that is not a number"),
        ("redis://cache.local:70000/0", "port that is not a number"),
        ("redis://cache.local:0/0", "port that is not a number"),
        ("redis://cache.local:6379/zero", "database number"),
        ("redis://cache.local:6379/0?timeout=1", "no options"),
    ],
)
def test_a_bad_redis_url_is_refused(bad, says):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL") as caught:
        config_env.redis_from_url(bad)
    assert says in str(caught.value)


@pytest.mark.parametrize("bad", ["postgres://u@h:99999/db", "postgres://u@h:0/db"])
def test_a_database_url_with_a_port_out_of_range_is_refused(bad):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL has a port"):
        config_env.database_from_url(bad)


def test_a_postgres_url_gives_up_connecting_within_seconds_unless_told_otherwise():
    assert config_env.database_from_url("postgres://u@h/db")["OPTIONS"]["connect_timeout"] == "5"
    told = config_env.database_from_url("postgres://u@h/db?connect_timeout=1&sslmode=require")
    assert told["OPTIONS"] == {"connect_timeout": "1", "sslmode": "require"}


def test_without_urls_the_embedded_sqlite_and_orm_broker_stay():
    result = settings_in_a_fresh_process()
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"broker": ["orm"]' in result.stdout


def test_the_urls_select_postgresql_and_the_redis_broker_and_keep_the_queue_rules():
    result = settings_in_a_fresh_process(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"broker": ["redis"]' in result.stdout
    assert '"cluster": {"timeout": 60, "retry": 120, "catch_up": false}' in result.stdout


@pytest.mark.parametrize(
    ("variable", "bad"),
    [
        ("REDIS_URL", "redis://:6379/0"),
        ("REDIS_URL", "amqp://127.0.0.1/"),
        ("DATABASE_URL", "postgres://u@h:port/db"),
    ],
)
def test_a_bad_url_stops_start_up_with_a_message_naming_the_variable(variable, bad):
    result = settings_in_a_fresh_process(**{variable: bad})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]
