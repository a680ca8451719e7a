"""The Inbox and the forwarding address: each user sees only their own messages, turns one
into a record with one click or dismisses it, and rotates the address on Settings."""

import pytest
from django.urls import reverse

from capture.mailin import Refused, receive
from capture.models import InboundMessage, Outcome

from .mail_in import MAIL_IN_ADDRESS, address_of, invitation, message

HTML_NOTIFICATION = (
    "To: {to}\r\nFrom: Upwork <donotreply@upwork.com>\r\nSubject: Hello\r\n"
    "Message-ID: <html@example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n"
    "<p>Hi <script>alert('x')</script><b>there</b></p>"
)


@pytest.fixture(autouse=True)
def mail_in(settings):
    settings.MAIL_IN_ADDRESS = MAIL_IN_ADDRESS


@pytest.fixture
def unplaced(owner, now):
    """A message the app could not place: an offer withdrawn that matches no offer."""
    return receive(message("st_offer_withdrawn.txt", address_of(owner)))


def test_the_inbox_lists_what_was_read_and_done(client, owner, now):
    receive(invitation(address_of(owner)))
    client.force_login(owner)
    page = client.get(reverse("inbox")).content.decode()

    assert "Invitation to interview: Mobile app onboarding redesign" in page
    assert "Created" in page
    assert address_of(owner) in page


def test_a_stranger_sees_none_of_it(client, stranger, unplaced):
    client.force_login(stranger)
    assert "Email newsletter" not in client.get(reverse("inbox")).content.decode()
    assert client.get(reverse("inbox_message", args=[unplaced.pk])).status_code == 404
    assert client.post(reverse("inbox_dismiss", args=[unplaced.pk])).status_code == 404
    record = reverse("inbox_record", args=[unplaced.pk])
    assert client.post(record, {"as": "invitation"}).status_code == 404
    unplaced.refresh_from_db()
    assert unplaced.outcome == Outcome.UNPLACED


def test_a_message_is_shown_as_text_never_rendered(client, owner, now):
    row = receive(HTML_NOTIFICATION.format(to=address_of(owner)).encode())
    client.force_login(owner)
    page = client.get(reverse("inbox_message", args=[row.pk])).content.decode()

    assert "<script>" not in page
    assert "<b>there</b>" not in page
    assert "there" in page


def test_one_click_fills_the_new_offer_form_from_the_message(client, owner, unplaced):
    client.force_login(owner)
    response = client.post(reverse("inbox_record", args=[unplaced.pk]), {"as": "offer"})

    assert response.status_code == 302
    assert response.url == reverse("offer_new") + "?pasted=1"
    form = client.get(response.url).content.decode()
    assert "Email newsletter templates" in form


def test_an_unknown_kind_of_record_goes_back_to_the_message_saying_so(client, owner, unplaced):
    client.force_login(owner)
    response = client.post(reverse("inbox_record", args=[unplaced.pk]), {"as": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == unplaced.get_absolute_url()
    assert "Choose whether to record it" in response.content.decode()


def test_dismissing_keeps_the_message(client, owner, unplaced):
    client.force_login(owner)
    client.post(reverse("inbox_dismiss", args=[unplaced.pk]))
    unplaced.refresh_from_db()
    assert unplaced.outcome == Outcome.DISMISSED
    assert InboundMessage.objects.filter(pk=unplaced.pk).exists()


def test_settings_show_the_forwarding_address_and_rotate_it(client, owner, now):
    client.force_login(owner)
    old = address_of(owner)
    assert old in client.get(reverse("settings")).content.decode()

    response = client.post(reverse("mail_in_rotate"))
    assert response.url == reverse("settings")
    owner.refresh_from_db()
    assert address_of(owner) != old
    assert address_of(owner) in client.get(reverse("settings")).content.decode()
    with pytest.raises(Refused):
        receive(invitation(old))


def test_settings_say_how_to_turn_capture_on_when_it_is_off(client, owner, settings):
    settings.MAIL_IN_ADDRESS = ""
    client.force_login(owner)
    page = client.get(reverse("settings")).content.decode()
    assert "Capture by e-mail is off" in page
    assert "MAIL_IN_ADDRESS" in page


def test_a_captured_invitation_shows_its_badge_until_it_is_saved(client, owner, now):
    row = receive(invitation(address_of(owner)))
    client.force_login(owner)
    assert "Captured — check it" in client.get(row.invitation.get_absolute_url()).content.decode()


def test_saving_a_captured_invitation_is_the_check_that_clears_its_badge(client, owner, now):
    captured = receive(invitation(address_of(owner))).invitation
    client.force_login(owner)
    data = {
        "client": captured.client_id,
        "new_client_name": "",
        "job_title": captured.job_title,
        "job_url": captured.job_url,
        "message": captured.message,
        "screening_questions": captured.screening_questions,
        "notified_at": "2026-11-24T15:15",
    }
    response = client.post(reverse("invitation_edit", args=[captured.pk]), data)
    assert response.status_code == 302
    captured.refresh_from_db()
    assert captured.captured is False
    assert "Captured — check it" not in client.get(captured.get_absolute_url()).content.decode()
