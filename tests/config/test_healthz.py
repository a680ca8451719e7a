"""`/healthz` reports what a page needs (the database), `?deep=1` the broker too: 200 or
503, and never a secret."""

import json
import socket
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.urls import reverse
from django_q.conf import Conf

SECRET = "hunter2-not-for-your-eyes"


def closed_port():
    """A loopback port that nothing listens on (the kernel just handed it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_broker_on_a_closed_port(monkeypatch):
    # django-q2 reads Q_CLUSTER once, into Conf; this is what REDIS_URL makes of it.
    port = closed_port()
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(
        Conf,
        "REDIS",
        {"host": "127.0.0.1", "port": port, "password": SECRET, "socket_connect_timeout": 2},
    )
    return port


@pytest.mark.django_db
def test_it_answers_200_when_database_and_broker_answer_without_logging_in(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_when_the_database_fails_and_keeps_the_reason_to_itself(client):
    failure = OperationalError(f'connection to "db.internal" failed: password={SECRET}')
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response = client.get(reverse("healthz"), {"deep": "1"})
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    # The ORM broker lives in that database; a Redis broker is checked on its own.
    assert response.json()["broker"] == ("error" if Conf.ORM else "ok")
    assert SECRET not in response.content.decode()
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db
def test_it_answers_503_when_the_redis_broker_does_not_answer(
    client, redis_broker_on_a_closed_port
):
    response = client.get(reverse("healthz"), {"deep": "1"})
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "error"
    body = response.content.decode()
    assert SECRET not in body
    assert str(redis_broker_on_a_closed_port) not in body


@pytest.mark.django_db
def test_it_only_reads(client):
    assert client.post(reverse("healthz")).status_code == 405
    assert client.head(reverse("healthz")).status_code == 200


def test_a_redis_url_to_a_closed_port_gives_a_deep_503_within_two_seconds(tmp_path):
    # The whole path, from the environment variable to the answer, in a process of its own.
    code = """
import json, time, django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/healthz?deep=1")
print(json.dumps({"status": response.status_code, "body": response.json(),
                  "seconds": time.monotonic() - started}))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/healthz.sqlite3",
            "REDIS_URL": f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0",
            "LOG_LEVEL": "CRITICAL",
        },
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["database"] == "ok" and answer["body"]["broker"] == "error"
    assert answer["seconds"] < 2
    assert SECRET not in result.stdout
