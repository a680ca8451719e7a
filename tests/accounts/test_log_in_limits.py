"""Password guessing is limited per account and per address, and never keeps the owner out.

What an attacker did to the hand-written throttle: four wrong guesses locked the owner out for
15 minutes; twelve from an office's address locked out everyone there; logging into one's own
account every tenth try wiped the count; concurrent guesses got one more password checked.
"""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User

from ..conftest import NOW, confirmed

LOGIN = "/login/"
REFUSED = "Too many failed login attempts"


def attempt(client, username, password, address="10.0.0.1"):
    response = client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address)
    if response.status_code == 302:
        return "in"
    return "refused" if REFUSED in response.content.decode() else "wrong"


def log_out(browser):
    # Through the page: the test client's own logout() would forget every cookie.
    browser.post(reverse("account_logout"))


@pytest.fixture
def owners_browser(owner):
    """The browser the owner always uses: it has logged in to the account before."""
    browser = Client()
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        assert attempt(browser, "alice", "alice-password-1", "10.0.0.7") == "in"
    log_out(browser)
    return browser


@pytest.fixture
def bob(db):
    return confirmed(User.objects.create_user("bob", "bob@example.com", "bob-password-1"))


def test_the_owner_on_their_usual_browser_gets_in_whatever_others_guessed(owner, owners_browser):
    with time_machine.travel(NOW, tick=False):
        for number in range(50):
            attempt(Client(), "alice", "wrong", address=f"10.9.{number}.1")
        assert attempt(Client(), "alice", "alice-password-1", "10.9.99.1") == "refused"
        assert attempt(owners_browser, "alice", "alice-password-1", "10.0.0.7") == "in"


def test_someone_else_on_the_guessers_address_gets_in_on_their_usual_browser(owner, bob):
    office = "192.0.2.10"
    bobs_browser = Client()
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        assert attempt(bobs_browser, "bob", "bob-password-1", office) == "in"
    log_out(bobs_browser)
    with time_machine.travel(NOW, tick=False):
        for number in range(40):
            attempt(Client(), f"guess{number}", "wrong", office)
        assert attempt(Client(), "alice", "alice-password-1", office) == "refused"
        assert attempt(bobs_browser, "bob", "bob-password-1", office) == "in"


def test_guessing_one_account_is_limited_across_all_addresses(owner):
    with time_machine.travel(NOW, tick=False):
        results = [attempt(Client(), "alice", "wrong", f"10.8.{n}.1") for n in range(12)]
    assert results == ["wrong"] * 10 + ["refused"] * 2


def test_guessing_from_one_address_is_limited_across_all_accounts(db):
    with time_machine.travel(NOW, tick=False):
        results = [attempt(Client(), f"user{n}", "wrong", "10.7.0.1") for n in range(22)]
    assert results == ["wrong"] * 20 + ["refused"] * 2


def test_logging_into_ones_own_account_between_guesses_clears_nothing(owner, bob):
    attacker = Client()  # logs in as bob, their own account, every tenth try
    results = []
    with time_machine.travel(NOW, tick=False):
        for _round in range(3):
            for _ in range(9):
                results.append(attempt(attacker, "alice", "wrong", "10.6.0.1"))
            assert attempt(attacker, "bob", "bob-password-1", "10.6.0.1") == "in"
            log_out(attacker)
    assert results.count("wrong") == 10
    assert results.count("refused") == 17


@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_get_no_more_passwords_checked(monkeypatch):
    User.objects.create_user("alice", "alice@example.com", "alice-password-1")
    checked = []
    original = User.check_password

    def counting(self, raw):
        checked.append(raw)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    start = threading.Barrier(16)
    results = []

    def guess(number):
        start.wait()
        results.append(attempt(Client(), "alice", f"wrong-{number}", f"10.5.{number}.1"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= 10
    assert results.count("wrong") == len(checked)


def test_the_figures(owner, owners_browser, capsys):
    """Guessing at full speed for three hours, from a new address each time."""
    checked_per_hour = []
    owner_refused_on_usual_browser = 0
    moment = NOW
    for _hour in range(3):
        checked = 0
        for minute in range(60):
            with time_machine.travel(moment + timedelta(minutes=minute), tick=False):
                for n in range(5):
                    if attempt(Client(), "alice", "wrong", f"10.{minute}.{n}.1") == "wrong":
                        checked += 1
                if minute % 20 == 0:
                    result = attempt(owners_browser, "alice", "alice-password-1", "10.0.0.7")
                    owner_refused_on_usual_browser += result != "in"
                    log_out(owners_browser)
        checked_per_hour.append(checked)
        moment += timedelta(hours=1)
    # The guessing stops; how long until the owner, on a browser never used, gets in?
    waited = None
    for minutes in range(0, 121, 5):
        with time_machine.travel(moment + timedelta(minutes=minutes), tick=False):
            if attempt(Client(), "alice", "alice-password-1", "10.0.0.8") == "in":
                waited = minutes
                break
    with capsys.disabled():
        print(
            f"\nlog-in limits: {max(checked_per_hour)} passwords checked per hour per account "
            f"(hours: {checked_per_hour}); owner on their usual browser refused "
            f"{owner_refused_on_usual_browser} times; on a new browser kept out "
            f"{waited} minutes after the guessing stopped (or at once by a reset link or a "
            "passkey)"
        )
    assert max(checked_per_hour) <= 10
    assert owner_refused_on_usual_browser == 0
    assert waited is not None and waited <= 60
