"""Input no field can hold is refused with a message that says why, never a server error:
a NUL character in the address's parameters or a form's fields, and a body that is not UTF-8."""

import pytest
from django.urls import reverse

from interviews.models import Client, Invitation


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "page, query",
    [
        ("client_list", "q=a%00b"),
        ("invitation_list", "q=a%00b"),
        ("invitation_list", "status=pend%00ing"),
        ("proposal_list", "month=2026-11%00"),
        ("offer_list", "client=1%00"),
        ("answer_suggestions", "q=Why%00you"),
        ("invitation_new", "client=%00"),
    ],
)
def test_a_nul_in_the_address_is_refused_with_a_message(signed_in, client_record, page, query):
    response = signed_in.get(f"{reverse(page)}?{query}")
    assert response.status_code == 400
    assert "NUL" in response.text
    assert "The address holds a character no field accepts" in response.text


def test_a_nul_in_a_parameter_name_is_refused(signed_in, client_record):
    response = signed_in.get(reverse("client_list") + "?q%00=x")
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["name", "company", "industry", "website", "research_notes"])
def test_a_nul_in_a_client_field_is_refused_and_nothing_saved(signed_in, field):
    data = {"name": "Globex", "company": "", "industry": "", "website": "", "research_notes": ""}
    data[field] = "a\x00b" if field != "website" else "https://a\x00b.example"
    response = signed_in.post(reverse("client_new"), data)
    assert response.status_code in (200, 400)
    assert not Client.objects.filter(name="Globex").exists()


@pytest.mark.parametrize(
    "field",
    ["client", "job_title", "job_url", "message", "notified_at", "new_client_name"],
)
def test_a_nul_in_an_invitation_field_never_fails(signed_in, now, client_record, field):
    data = {
        "client": client_record.pk,
        "job_title": "Build it",
        "job_url": "",
        "message": "",
        "notified_at": "2026-11-25T06:00",
    }
    data[field] = f"{data.get(field, '')}\x00"
    response = signed_in.post(reverse("invitation_new"), data)
    # Refused beside the field, or (a time's stray NUL) read without it: never stored.
    assert response.status_code in (200, 302)
    for text in Invitation.objects.values_list("job_title", "job_url", "message"):
        assert "\x00" not in "".join(text)


def _urlencoded(client, body, charset):
    return client.generic(
        "POST",
        reverse("client_new"),
        data=body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


def test_a_form_posted_in_utf16_is_refused_with_a_message(signed_in):
    response = _urlencoded(signed_in, "name=Globex".encode("utf-16"), "utf-16")
    assert response.status_code == 400
    assert "UTF-8" in response.text
    assert not Client.objects.filter(name="Globex").exists()


def test_a_multipart_form_in_utf16_is_refused_with_a_message(signed_in):
    body = '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nGlobex\r\n--b--\r\n'
    response = signed_in.generic(
        "POST",
        reverse("client_new"),
        data=body.encode("utf-16"),
        content_type="multipart/form-data; boundary=b; charset=utf-16",
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text
    assert not Client.objects.exists()


def test_a_form_whose_escapes_are_not_utf8_is_refused(signed_in):
    response = _urlencoded(signed_in, b"name=Glob%FF%FEex", "utf-8")
    assert response.status_code == 400
    assert "UTF-8" in response.text
    assert not Client.objects.exists()


def test_an_address_whose_escapes_are_not_utf8_is_refused(signed_in):
    response = signed_in.get(reverse("client_list") + "?q=%FF%FE")
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_a_form_in_utf8_with_odd_text_is_kept(signed_in):
    response = _urlencoded(signed_in, "name=Glöbex ✓".encode(), "UTF-8")
    assert response.status_code == 302
    assert Client.objects.filter(name="Glöbex ✓").exists()
