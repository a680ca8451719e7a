"""A reminder e-mail says it was sent automatically and carries a one-click unsubscribe link
(RFC 8058) that stops e-mails of the kinds it holds, and nothing else."""

import email
import email.policy
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import resolve, reverse

from interviews.models import Invitation
from reminders import unsubscribe
from reminders.models import Notification
from reminders.tasks import send_due_reminders

H = timedelta(hours=1)
NOTIFIED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def invitation(owner, client_record):
    with time_machine.travel(NOTIFIED, tick=False):
        return Invitation.objects.create(
            owner=owner, client=client_record, job_title="Dashboard", notified_at=NOTIFIED
        )


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return send_due_reminders(now=moment)


def headers_of(sent):
    return email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)


def path_of(link):
    return urlsplit(link.strip("<>")).path


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=True)


def test_a_reminder_email_is_marked_automatic_and_offers_one_click_unsubscribe(
    invitation, settings
):
    assert sweep(invitation.start_deadline - 72 * H).sent == 1
    (sent,) = mail.outbox
    headers = headers_of(sent)
    assert headers["Auto-Submitted"] == "auto-generated"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(headers["List-Unsubscribe"]).strip()
    assert link.startswith(f"<{settings.SITE_URL}/") and link.endswith(">")
    assert resolve(path_of(link)).url_name == "reminder_unsubscribe"


def test_one_click_turns_off_that_kinds_emails_only_and_the_next_one_is_not_emailed(
    invitation, owner, anonymous
):
    sweep(invitation.start_deadline - 72 * H)
    link = str(headers_of(mail.outbox[0])["List-Unsubscribe"]).strip()
    response = anonymous.post(path_of(link), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no more e-mails about interview start windows" in response.content.decode()
    owner.refresh_from_db()
    assert owner.email_muted_kinds == ["start"]
    assert owner.email_reminders and owner.start_reminder_hours  # nothing else changed
    # The next start window reminder shows in the app but is not e-mailed.
    assert sweep(invitation.start_deadline - 24 * H).sent == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(owner=owner).count() == 2


def test_a_get_only_shows_a_button_that_posts(invitation, owner, anonymous):
    link = unsubscribe.link(owner, ["completion_window"])
    response = anonymous.get(path_of(link))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post"' in page and "interview completion windows" in page
    owner.refresh_from_db()
    assert owner.email_muted_kinds == []


def test_an_email_of_several_kinds_turns_off_each_it_carries(owner, anonymous):
    link = unsubscribe.link(owner, ["offer_expiry", "proposal_followup", "start_window"])
    anonymous.post(path_of(link))
    owner.refresh_from_db()
    assert owner.email_muted_kinds == ["start", "offer", "followup"]


def bad_tokens(owner):
    good = unsubscribe.token(owner, ["start"])
    value, _, signature = good.rpartition(":")
    return {
        "tampered signature": f"{value}:{'A' * len(signature)}",
        "another salt": signing.dumps({"user": owner.pk, "groups": ["start"]}, salt="other"),
        "unknown kind": unsubscribe.token(owner, ["everything"]),
    }


@pytest.mark.parametrize("case", ["tampered signature", "another salt", "unknown kind"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_not_signed_here_is_refused_and_changes_nothing(owner, anonymous, case, method):
    path = reverse("reminder_unsubscribe", args=[bad_tokens(owner)[case]])
    response = getattr(anonymous, method)(path)
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    owner.refresh_from_db()
    assert owner.email_muted_kinds == []


def test_a_link_for_a_deleted_account_is_a_404(owner, anonymous):
    path = path_of(unsubscribe.link(owner, ["start_window"]))
    owner.delete()
    response = anonymous.post(path)
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()


def test_the_settings_page_shows_and_turns_back_on_what_a_link_turned_off(client, owner):
    from tests.support.settings_forms import form_data

    unsubscribe.mute(owner, ["start", "followup"])
    client.force_login(owner)
    page = client.get(reverse("settings")).content.decode()
    assert 'value="start" id="id_email_muted_kinds_0" checked' in page
    client.post(reverse("settings"), form_data(email_muted_kinds=["followup"]))
    owner.refresh_from_db()
    assert owner.email_muted_kinds == ["followup"]


def test_an_unknown_kind_posted_to_the_settings_page_is_refused(client, owner):
    from tests.support.settings_forms import form_data

    client.force_login(owner)
    response = client.post(reverse("settings"), form_data(email_muted_kinds=["everything"]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    owner.refresh_from_db()
    assert owner.email_muted_kinds == []
