"""Pasted text and uploaded files are size-limited: too big is a clean 400, never a 500."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser

from interviews.models import Client
from kit.validators import TEXT_LIMIT
from tests.support.snapshots import changes, snapshot

URL = "/clients/new/"
LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def client_data(**fields):
    return {"name": "Globex", "company": "", "industry": "", "website": "", **fields}


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_limit_is_one_mebibyte_for_text_and_files():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.FILE_UPLOAD_HANDLERS[0] == "config.uploads.RefuseLargeBodies"


def test_long_research_notes_under_the_limit_are_saved(signed_in, owner):
    notes = ("Their business, in detail. " * 1000)[: TEXT_LIMIT - 1] + "."
    response = signed_in.post(URL, client_data(research_notes=notes))
    assert response.status_code == 302
    assert Client.objects.get(name="Globex").research_notes == notes


def test_research_notes_over_their_own_limit_are_refused_beside_the_field(signed_in, owner):
    response = signed_in.post(URL, client_data(research_notes="x" * 540_000))
    assert response.status_code == 200
    assert f"Ensure this value has at most {TEXT_LIMIT} characters" in response.text
    assert not Client.objects.filter(name="Globex").exists()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_paste_over_the_limit_is_refused_with_400(signed_in, owner, encoding):
    data = client_data(research_notes="x" * (LIMIT + 1))
    before = snapshot()
    if encoding == "urlencoded":
        response = signed_in.post(
            URL, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = signed_in.post(URL, data)
    assert response.status_code == 400
    assert not changes(before, snapshot())


def test_a_file_over_the_limit_is_refused_with_400_before_it_is_read(signed_in, owner):
    # Django would otherwise stream this one to a temporary file.
    size = settings.UPLOAD_MAX_BODY_SIZE + 1
    upload = SimpleUploadedFile("notes.txt", b"x" * size, content_type="text/plain")
    before = snapshot()
    response = signed_in.post(URL, {**client_data(), "attachment": upload})
    assert response.status_code == 400
    assert not changes(before, snapshot())


def test_a_small_file_is_ignored_and_the_form_saved(signed_in, owner):
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    assert signed_in.post(URL, {**client_data(), "attachment": upload}).status_code == 302
    assert Client.objects.filter(name="Globex").exists()


def test_too_many_fields_are_refused_with_400(signed_in, owner):
    data = client_data(**{f"extra{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)})
    before = snapshot()
    assert signed_in.post(URL, data).status_code == 400
    assert not changes(before, snapshot())


def test_the_csrf_check_reading_an_oversized_body_answers_400_too(owner):
    """With CSRF enforced, the middleware is the first to read the body."""
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    data = client_data(research_notes="x" * (LIMIT + 1), csrfmiddlewaretoken=token)
    assert browser.post(URL, data).status_code == 400
    assert not Client.objects.filter(name="Globex").exists()


def test_an_oversized_log_in_attempt_is_refused_with_400(client, db):
    response = client.post("/login/", {"username": "x" * (LIMIT + 1), "password": "y"})
    assert response.status_code == 400
