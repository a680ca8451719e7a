"""Repeated failed log-ins slow down, then lock, with a clear message."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from accounts.models import LoginThrottle
from tests.support.instants import NOW


def attempt(client, username, password, addr="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def test_a_few_failures_make_the_next_attempt_wait(client, owner):
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            attempt(client, "alice", "wrong")
        page = attempt(client, "alice", "alice-password-1")
    assert page.status_code == 200  # refused even with the right password
    assert "Too many failed log-ins" in page.content.decode()
    assert "wait 30 seconds" in page.content.decode()
    with time_machine.travel(NOW + timedelta(seconds=31), tick=False):
        assert attempt(client, "alice", "alice-password-1").status_code == 302


def test_many_failures_lock_the_username_for_a_while(client, owner):
    moment = NOW
    for _ in range(5):
        with time_machine.travel(moment, tick=False):
            attempt(client, "ALICE", "wrong")
        moment += timedelta(minutes=2)  # past each short wait
    with time_machine.travel(moment, tick=False):
        page = attempt(client, "alice", "alice-password-1")
    assert "wait" in page.content.decode() and "minutes" in page.content.decode()
    # From another address the username stays locked.
    with time_machine.travel(moment, tick=False):
        assert attempt(client, "alice", "alice-password-1", addr="10.9.9.9").status_code == 200
    with time_machine.travel(moment + timedelta(minutes=16), tick=False):
        assert attempt(client, "alice", "alice-password-1").status_code == 302
    assert not LoginThrottle.objects.filter(key="user:alice").exists()


def test_one_address_trying_many_usernames_is_slowed(client, owner):
    with time_machine.travel(NOW, tick=False):
        for number in range(10):
            attempt(client, f"guess{number}", "wrong", addr="10.6.6.6")
        page = attempt(client, "alice", "alice-password-1", addr="10.6.6.6")
    assert "Too many failed log-ins" in page.content.decode()
    with time_machine.travel(NOW, tick=False):
        assert attempt(client, "alice", "alice-password-1", addr="10.7.7.7").status_code == 302


def test_the_admin_log_in_is_throttled_too(client, db):
    from accounts.models import User

    User.objects.create_superuser("root", "root@example.com", "root-password-1")
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            client.post(reverse("admin:login"), {"username": "root", "password": "x"})
        page = client.post(
            reverse("admin:login"), {"username": "root", "password": "root-password-1"}
        )
    assert "Too many failed log-ins" in page.content.decode()


def test_a_log_in_sent_without_a_password_does_not_clear_the_failures(client, owner):
    with time_machine.travel(NOW, tick=False):
        attempt(client, "alice", "wrong")
        attempt(client, "alice", "wrong")
        # No password means no password was checked: neither a failure nor a success.
        attempt(client, "alice", "")
        attempt(client, "alice", "wrong")
        page = attempt(client, "alice", "alice-password-1")
    assert "Too many failed log-ins" in page.content.decode()
    assert LoginThrottle.objects.get(key="user:alice").failures == 3
    assert LoginThrottle.objects.get(key="addr:10.0.0.1").failures == 3
