"""Paste pages: an e-mail saved as .eml, chosen or dropped, is read like a paste."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capture.message import MAX_MESSAGE_BYTES
from interviews.models import Client, Invitation
from kit.prefill import PASTED_INVITATION
from tests.support.notification_samples import SAMPLES

PASTE_URL = reverse("invitation_paste")


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def eml(name="inv_fittrack_quoted_printable.eml", filename=None):
    data = (SAMPLES / name).read_bytes()
    return SimpleUploadedFile(filename or "notification.eml", data, "message/rfc822")


def test_the_paste_page_takes_a_file_in_a_drop_zone(signed_in):
    page = signed_in.get(PASTE_URL).text
    assert 'enctype="multipart/form-data"' in page
    assert "data-drop-zone" in page
    assert 'type="file" name="message_file" accept=".eml,message/rfc822"' in page


def test_an_eml_file_fills_the_new_invitation_form_and_saves_nothing(signed_in, now):
    response = signed_in.post(PASTE_URL, {"text": "", "message_file": eml()})
    assert response.status_code == 302
    assert response["Location"] == reverse("invitation_new") + "?pasted=1"
    stored = signed_in.session[PASTED_INVITATION]
    assert stored["fields"]["client_name"] == "FitTrack Labs"
    assert stored["fields"]["job_title"] == "Mobile app onboarding redesign"
    assert stored["fields"]["notified_at"] == "2026-11-24T20:15:00+00:00"
    assert "Sarah Mitchell from FitTrack Labs" in stored["source_text"]
    assert (Invitation.objects.count(), Client.objects.count()) == (0, 0)


def test_a_file_in_windows_1252_is_read_as_bytes(signed_in, now):
    signed_in.post(PASTE_URL, {"message_file": eml("inv_cp1252_8bit.eml")})
    fields = signed_in.session[PASTED_INVITATION]["fields"]
    assert fields["job_title"] == "Barista training videos – editing"


def test_a_file_that_is_not_an_eml_is_refused_and_nothing_stored(signed_in):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png")
    response = signed_in.post(PASTE_URL, {"message_file": upload})
    assert response.status_code == 200
    assert "Choose an e-mail saved as an “.eml” file" in response.text
    assert PASTED_INVITATION not in signed_in.session


def test_a_file_too_large_is_refused_with_the_limit(signed_in):
    upload = SimpleUploadedFile(
        "huge.eml", b"Subject: x\n\n" + b"x" * MAX_MESSAGE_BYTES, "message/rfc822"
    )
    response = signed_in.post(PASTE_URL, {"message_file": upload})
    assert "That file is too large to be a notification (at most 2 MB)." in response.text
    assert PASTED_INVITATION not in signed_in.session


def test_an_eml_that_is_binary_junk_is_refused_with_the_readers_words(signed_in):
    upload = SimpleUploadedFile("junk.eml", b"\x00\x01\x02\x03" * 40, "message/rfc822")
    response = signed_in.post(PASTE_URL, {"message_file": upload})
    assert "That does not look like text" in response.text
    assert PASTED_INVITATION not in signed_in.session


def test_a_pasted_offer_on_the_invitation_page_is_pointed_out(signed_in, now):
    response = signed_in.post(
        PASTE_URL, {"text": 'Acme Corp sent you an offer for "Logo".\nRate: $40/hr'}, follow=True
    )
    assert "This looks like an offer, not an invitation to interview" in response.text


def test_the_new_invitation_keeps_the_notification_as_its_source(signed_in, owner, now):
    signed_in.post(PASTE_URL, {"message_file": eml()})
    form = signed_in.get(reverse("invitation_new") + "?pasted=1").context["form"]
    assert form.initial["screening_questions"].splitlines() == [
        "Which onboarding flows have you redesigned, and what changed in the numbers?",
        "Do you work in Figma, and can you hand over a prototype?",
    ]
    data = {
        "new_client_name": form.initial["new_client_name"],
        "job_title": form.initial["job_title"],
        "job_url": form.initial["job_url"],
        "message": form.initial["message"],
        "screening_questions": form.initial["screening_questions"],
        "notified_at": "2026-11-24T15:15",
        "source_text": form.initial["source_text"],
    }
    signed_in.post(reverse("invitation_new"), data)
    invitation = Invitation.objects.get()
    assert invitation.notified_at == datetime(2026, 11, 24, 20, 15, tzinfo=UTC)
    assert invitation.client.name == "FitTrack Labs"
    assert len(invitation.question_list) == 2
    assert "View invitation:" in invitation.source_text
