"""Providers' inbound webhooks at /mail-in/<provider>/: a payload signed as each provider
signs it is taken into the Inbox; an unsigned or wrongly signed one is refused."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from capture.models import InboundMessage
from interviews.models import Invitation

from .mail_in import MAIL_IN_ADDRESS, address_of, invitation

SECRET = "hook-user:hook-password"
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture(autouse=True)
def providers(settings):
    settings.MAIL_IN_ADDRESS = MAIL_IN_ADDRESS
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def basic_auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_fields(raw, to, key=SIGNING_KEY, **overrides):
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    fields = {
        "body-mime": raw.decode(),
        "recipient": to,
        "sender": "donotreply@upwork.com",
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }
    fields.update(overrides)
    return fields


def postmark_payload(raw, to):
    return json.dumps({"RawEmail": raw.decode(), "OriginalRecipient": to, "Headers": []})


def sendgrid_fields(raw, to):
    return {"email": raw.decode(), "envelope": json.dumps({"to": [to], "from": "x@upwork.com"})}


def test_a_signed_mailgun_message_is_captured(client, owner, now):
    raw = invitation(address_of(owner))
    response = client.post(
        "/mail-in/mailgun/", mailgun_fields(raw, address_of(owner)), **basic_auth()
    )
    assert response.status_code == 200
    row = InboundMessage.objects.get(owner=owner)
    assert row.via == "mailgun"
    assert Invitation.objects.get(owner=owner).captured


@pytest.mark.parametrize(
    "change",
    [
        {"signature": "0" * 64},  # wrongly signed
        {"key": "another-key"},  # signed with someone else's key
        {"signature": ""},  # unsigned
    ],
)
def test_a_wrongly_signed_mailgun_message_is_refused(client, owner, change, now):
    raw = invitation(address_of(owner))
    key = change.pop("key", SIGNING_KEY)
    response = client.post(
        "/mail-in/mailgun/",
        mailgun_fields(raw, address_of(owner), key=key, **change),
        **basic_auth(),
    )
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_a_postmark_message_with_the_secret_is_captured(client, owner, now):
    raw = invitation(address_of(owner))
    response = client.post(
        "/mail-in/postmark/",
        postmark_payload(raw, address_of(owner)),
        content_type="application/json",
        **basic_auth(),
    )
    assert response.status_code == 200
    assert InboundMessage.objects.get(owner=owner).via == "postmark"


def test_a_sendgrid_raw_message_with_the_secret_is_captured(client, owner, now):
    raw = invitation("alice@example.com")  # the address only in the envelope
    response = client.post(
        "/mail-in/sendgrid/", sendgrid_fields(raw, address_of(owner)), **basic_auth()
    )
    assert response.status_code == 200
    assert InboundMessage.objects.get(owner=owner).via == "sendgrid"


@pytest.mark.parametrize("provider", ["mailgun", "postmark", "sendgrid"])
@pytest.mark.parametrize("auth", [{}, basic_auth("hook-user:wrong")])
def test_a_message_without_the_secret_is_refused(client, owner, provider, auth, now):
    raw = invitation(address_of(owner))
    if provider == "postmark":
        response = client.post(
            "/mail-in/postmark/",
            postmark_payload(raw, address_of(owner)),
            content_type="application/json",
            **auth,
        )
    else:
        fields = (mailgun_fields if provider == "mailgun" else sendgrid_fields)(
            raw, address_of(owner)
        )
        response = client.post(f"/mail-in/{provider}/", fields, **auth)
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_a_provider_without_a_configured_secret_has_no_webhook(client, owner, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "", "MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    raw = invitation(address_of(owner))
    assert (
        client.post("/mail-in/sendgrid/", sendgrid_fields(raw, address_of(owner))).status_code
        == 404
    )
    assert client.post("/mail-in/nobody/", {}).status_code == 404
    assert not InboundMessage.objects.exists()


def test_a_signed_message_to_an_unknown_address_is_not_stored(client, owner, now):
    raw = invitation("tracker+0000000000000000000000000000000f@example.com")
    response = client.post(
        "/mail-in/sendgrid/",
        sendgrid_fields(raw, "tracker+0000000000000000000000000000000f@example.com"),
        **basic_auth(),
    )
    assert response.status_code == 200
    assert not InboundMessage.objects.exists()
