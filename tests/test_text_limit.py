"""A client's message and a decline reason are kept up to the length the import reads back,
on every page that takes them, so a user's own export can always be imported again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.models import User
from interviews.models import TEXT_LIMIT, Invitation
from pipeline.portability import invitations_csv
from tests.queued import queue_inline

LONGEST = "x" * TEXT_LIMIT
TOO_LONG = "x" * (TEXT_LIMIT + 1)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def new_invitation(browser, client_record, message):
    return browser.post(
        reverse("invitation_new"),
        {
            "client": client_record.pk,
            "job_title": "Build a booking system",
            "message": message,
            "notified_at": "2026-11-25T06:30",
        },
    )


def test_a_message_longer_than_the_limit_is_refused_and_nothing_saved(
    signed_in, now, client_record
):
    response = new_invitation(signed_in, client_record, TOO_LONG)
    assert response.status_code == 200
    assert response.context["form"].errors["message"] == [
        f"Ensure this value has at most {TEXT_LIMIT} characters (it has {TEXT_LIMIT + 1})."
    ]
    assert not Invitation.objects.exists()


def test_a_message_of_the_limit_is_kept_whole(signed_in, now, client_record):
    response = new_invitation(signed_in, client_record, LONGEST)
    assert response.status_code == 302
    assert Invitation.objects.get().message == LONGEST


def test_a_decline_reason_longer_than_the_limit_declines_nothing(signed_in, now, make_invitation):
    invitation = make_invitation()
    before = model_to_dict(invitation)
    response = signed_in.post(
        reverse("invitation_decline", args=[invitation.pk]), {"decline_reason": TOO_LONG}
    )
    assert response.status_code == 200
    assert response.context["forms"]["decline"].errors["decline_reason"]
    assert model_to_dict(Invitation.objects.get(pk=invitation.pk)) == before


def test_the_longest_texts_the_pages_keep_are_imported_back(client, now, owner, make_invitation):
    make_invitation(message=LONGEST).decline(LONGEST)
    importer = User.objects.create_user("bob", "bob@example.com", "bob-password-1")
    client.force_login(importer)
    exported = invitations_csv(owner).encode()
    with queue_inline():
        response = client.post(
            reverse("import_invitations"),
            {"file": SimpleUploadedFile("invitations.csv", exported, "text/csv")},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.context["summary"] == "Imported 1 invitation with 1 new client."
    imported = Invitation.objects.get(owner=importer)
    assert (imported.message, imported.decline_reason) == (LONGEST, LONGEST)


# Browsers count a textarea's line break as one character (its maxlength does too) but send
# it as CRLF: text of the limit with line breaks in it must still be kept.
LINES_OF_THE_LIMIT = "\r\n".join(["x" * 99] * (TEXT_LIMIT // 100))


def test_a_message_of_the_limit_with_line_breaks_is_kept(signed_in, now, client_record):
    assert len(LINES_OF_THE_LIMIT.replace("\r\n", "\n")) == TEXT_LIMIT - 1
    response = new_invitation(signed_in, client_record, LINES_OF_THE_LIMIT)
    assert response.status_code == 302, response.context["form"].errors
    assert Invitation.objects.get().message == LINES_OF_THE_LIMIT.replace("\r\n", "\n")


def test_an_edited_message_with_line_breaks_is_kept(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(
        reverse("invitation_edit", args=[invitation.pk]),
        {
            "client": invitation.client_id,
            "job_title": invitation.job_title,
            "message": LINES_OF_THE_LIMIT,
            "notified_at": "2026-11-25T06:00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    invitation.refresh_from_db()
    assert invitation.message == LINES_OF_THE_LIMIT.replace("\r\n", "\n")


def test_a_decline_reason_of_the_limit_with_line_breaks_declines(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(
        reverse("invitation_decline", args=[invitation.pk]),
        {"decline_reason": LINES_OF_THE_LIMIT},
    )
    assert response.status_code == 302, response.context["forms"]["decline"].errors
    invitation.refresh_from_db()
    assert invitation.decline_reason == LINES_OF_THE_LIMIT.replace("\r\n", "\n")
