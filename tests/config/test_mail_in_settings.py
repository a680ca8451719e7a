"""The mail-in settings refuse a bad value at start-up, naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_mail_address, imap_from_url


@pytest.mark.parametrize(
    "value", ["tracker", "tracker+x@example.com", "@example.com", "tracker@localhost", "a b@x.com"]
)
def test_a_mail_in_address_that_cannot_take_a_token_is_refused(monkeypatch, value):
    monkeypatch.setenv("MAIL_IN_ADDRESS", value)
    with pytest.raises(ImproperlyConfigured, match="MAIL_IN_ADDRESS"):
        env_mail_address("MAIL_IN_ADDRESS")


def test_an_unset_mail_in_address_turns_capture_off(monkeypatch):
    monkeypatch.setenv("MAIL_IN_ADDRESS", " ")
    assert env_mail_address("MAIL_IN_ADDRESS") == ""


def test_an_imap_url_is_read_into_its_parts():
    config = imap_from_url("MAIL_IN_IMAP_URL", "imaps://me%40x.com:p%2Fw@imap.example.com/Tracker")
    assert config == {
        "tls": True,
        "host": "imap.example.com",
        "port": 993,
        "user": "me@x.com",
        "PASSWORD": "p/w",
        "mailbox": "Tracker",
    }
    assert imap_from_url("X", "imap://u:p@127.0.0.1:1143")["mailbox"] == "INBOX"


@pytest.mark.parametrize(
    "url",
    [
        "pop3://u:p@host/INBOX",
        "imaps://host/INBOX",
        "imaps://u:p@/INBOX",
        "imaps://u:p@host:99999/INBOX",
        "imaps://u@host/INBOX",
    ],
)
def test_a_bad_imap_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="MAIL_IN_IMAP_URL"):
        imap_from_url("MAIL_IN_IMAP_URL", url)
