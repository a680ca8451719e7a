"""`/healthz` keeps a web host in the load balancer while only the broker is down; the deep
check (`?deep=1`) tells monitoring about the broker and the queue's last sweep."""

import socket
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django_q.conf import Conf

from reminders.models import Sweep
from reminders.tasks import send_due_reminders

from ..conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(
        Conf, "REDIS", {"host": "127.0.0.1", "port": port, "socket_connect_timeout": 2}
    )


def test_the_load_balancers_check_answers_200_while_the_broker_is_down(client, redis_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_the_deep_check_reports_the_broker_down_with_503(client, now, redis_down):
    Sweep.record(NOW - timedelta(seconds=30))
    response = client.get(reverse("healthz"), {"deep": "1"})
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["sweep"]["status"] == "ok"


def test_the_deep_check_reports_the_last_sweep_time_and_age(client, now):
    with time_machine.travel(NOW - timedelta(seconds=90), tick=False):
        send_due_reminders()
    response = client.get(reverse("healthz"), {"deep": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "sweep": {
            "status": "ok",
            "finished_at": "2026-11-25T11:58:30+00:00",
            "age_seconds": 90,
        },
    }


def test_a_sweep_late_by_more_than_five_minutes_is_a_deep_503_but_pages_are_served(client, now):
    Sweep.record(NOW - timedelta(minutes=5, seconds=1))
    deep = client.get(reverse("healthz"), {"deep": "1"})
    assert deep.status_code == 503
    assert deep.json()["sweep"]["status"] == "late"
    assert deep.json()["sweep"]["age_seconds"] == 301
    assert client.get(reverse("healthz")).status_code == 200


def test_no_sweep_ever_is_said_so(client, now):
    Sweep.objects.update(finished_at=None)
    deep = client.get(reverse("healthz"), {"deep": "1"})
    assert deep.status_code == 503
    assert deep.json()["sweep"] == {"status": "never", "finished_at": None, "age_seconds": None}
