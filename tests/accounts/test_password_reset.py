"""Password reset by e-mail: a link to choose a new password, sent by the queue, never telling
who has an account, and limited per address asking and per address asked about."""

import re
import statistics
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_q.models import OrmQ

RESET = "/password/reset/"


@pytest.fixture(autouse=True)
def _orm_broker(settings):
    if "redis" in settings.Q_CLUSTER:
        pytest.skip("Counts the tasks on the ORM broker's table")


def test_the_form_is_ours(client, db):
    page = client.get(RESET)
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    assert "Invitation Tracker" in page.content.decode()


def test_a_known_address_gets_a_link_built_from_site_url(
    client, owner, settings, queue_runs_inline
):
    settings.SITE_URL = "https://tracker.example"
    response = client.post(RESET, {"email": "alice@example.com"}, HTTP_HOST="testserver")
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Invitation Tracker: Reset your password"
    assert re.search(r"https://tracker\.example/password/reset/key/\S+/", message.body)
    assert "your username is alice" in message.body


def test_the_request_sends_no_mail_itself(client, owner):
    """The page only enqueues: a stalled mail server cannot hold a web worker."""
    with mock.patch("django.core.mail.message.EmailMessage.send") as send:
        response = client.post(RESET, {"email": "alice@example.com"})
    assert response.status_code == 302
    send.assert_not_called()
    assert OrmQ.objects.count() == 1


def test_a_known_and_an_unknown_address_cost_the_same_work(client, owner):
    """Same answer and the same queries, so neither the page nor its time tells."""
    client.get(RESET)
    answers = []
    for number, email in enumerate(("alice@example.com", "nobody@example.com")):
        with CaptureQueriesContext(connection) as captured:
            # Each from an address of its own, so both start with nothing counted.
            response = client.post(RESET, {"email": email}, REMOTE_ADDR=f"10.1.0.{number}")
        answers.append((response.status_code, response.url, [q["sql"] for q in captured]))
    assert answers[0][:2] == answers[1][:2]
    shape = [[re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", sql) for sql in a[2]] for a in answers]
    assert shape[0] == shape[1]
    assert OrmQ.objects.count() == 2


def test_an_unknown_address_gets_no_mail(client, owner, queue_runs_inline):
    response = client.post(RESET, {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    done = client.get(response.url).content.decode()
    assert "If an account uses the address you entered" in done


def test_an_address_that_is_not_one_is_refused(client, owner):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert OrmQ.objects.count() == 0


def test_resets_are_limited_per_address_asked_about(client, owner):
    codes = [
        client.post(RESET, {"email": "alice@example.com"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(1, 6)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert OrmQ.objects.count() == 3


def test_resets_are_limited_per_address_asking(client, owner):
    codes = [
        client.post(RESET, {"email": f"someone{n}@example.com"}, REMOTE_ADDR="10.0.0.9").status_code
        for n in range(12)
    ]
    assert codes == [302] * 10 + [429] * 2
    assert (
        "Too many attempts"
        in client.post(RESET, {"email": "x@example.com"}, REMOTE_ADDR="10.0.0.9").content.decode()
    )


def follow_link(client):
    path = re.search(r"https?://[^/\s]+(/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    # The first visit stores the key in the session and redirects to a key-free URL.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    return path, response.redirect_chain[-1][0], response


def test_the_link_sets_a_new_password_once_and_logs_in(client, owner, queue_runs_inline):
    client.post(RESET, {"email": "alice@example.com"})
    path, form_url, page = follow_link(client)
    assert "Choose a new password" in page.content.decode()
    response = client.post(
        form_url, {"password1": "fresh-passphrase-77", "password2": "fresh-passphrase-77"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("fresh-passphrase-77")
    assert client.session["_auth_user_id"] == str(owner.pk)
    client.logout()
    again = client.get(path, follow=True)
    assert "This link does not work" in again.content.decode()


def test_mismatched_new_passwords_are_refused_and_nothing_changes(client, owner, queue_runs_inline):
    client.post(RESET, {"email": "alice@example.com"})
    _, form_url, _ = follow_link(client)
    response = client.post(
        form_url, {"password1": "fresh-passphrase-77", "password2": "other-passphrase-77"}
    )
    assert response.status_code == 200
    assert "the same password each time" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("alice-password-1")


def test_the_figures_known_and_unknown_addresses_take_alike(client, owner, settings, capsys):
    """Prints the median answer time for each; the queries are compared above."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": None}
    client.get(RESET)
    times = {"known": [], "unknown": []}
    for _ in range(15):
        for kind, email in (("known", "alice@example.com"), ("unknown", "nobody@example.com")):
            started = time.perf_counter()
            assert client.post(RESET, {"email": email}).status_code == 302
            times[kind].append((time.perf_counter() - started) * 1000)
    known, unknown = (statistics.median(times[kind]) for kind in ("known", "unknown"))
    with capsys.disabled():
        print(
            f"\npassword reset: median answer {known:.1f} ms for a known address, "
            f"{unknown:.1f} ms for an unknown one; mail sent by the queue, not the request"
        )
    assert OrmQ.objects.count() == 30
