"""python manage.py fetch_mail against a real IMAP server (Dovecot on loopback): messages put
in with APPEND are kept and placed once, whatever happens to the runs."""

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

import capture.imap
from capture.models import InboundMessage, Outcome
from interviews.models import Invitation
from offers.models import Offer

from .mail_in import address_of, invitation, message


def fetch(*args):
    out = StringIO()
    call_command("fetch_mail", *args, stdout=out)
    return out.getvalue()


def test_it_records_each_new_message_once_and_flags_it_seen(imap, owner, stranger, now):
    imap.append(
        invitation(address_of(owner)),
        message("offer_hourly.txt", address_of(owner)),
        invitation(address_of(stranger)),
    )
    output = fetch()

    assert "Read 3 messages: 3 created." in output
    assert Invitation.objects.filter(owner=owner, captured=True).count() == 1
    assert Invitation.objects.filter(owner=stranger).count() == 1
    assert Offer.objects.filter(owner=owner).count() == 1
    assert imap.unseen() == 0


def test_running_it_twice_creates_nothing_twice(imap, owner, now):
    raw = invitation(address_of(owner))
    imap.append(raw)
    fetch()
    assert "Read 0 messages." in fetch()
    # The same message delivered again (a second copy in the mailbox) is the same message.
    imap.append(raw)
    assert "1 created" not in fetch()
    assert InboundMessage.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_two_runs_that_read_the_same_messages_place_each_once(imap, owner, now):
    imap.append(*[invitation(address_of(owner), job=n) for n in range(4)])
    # Both runs see the four unseen messages before either flags one: the second run
    # starts inside the first, at its first message.
    inner, started = [], []
    original = capture.imap.receive

    def receive_racing(raw, **kwargs):
        if not started:
            started.append(True)
            inner.append(capture.imap.fetch_mail())
        return original(raw, **kwargs)

    capture.imap.receive = receive_racing
    try:
        outer = capture.imap.fetch_mail()
    finally:
        capture.imap.receive = original

    assert sum(inner[0].values()) == 4 and sum(outer.values()) == 4
    assert Invitation.objects.count() == 4
    assert InboundMessage.objects.count() == 4
    assert imap.unseen() == 0


def test_a_server_that_goes_away_mid_run_loses_nothing(imap, owner, now, monkeypatch):
    imap.append(*[invitation(address_of(owner), job=n) for n in range(5)])
    connections = []
    original_connect, original_receive = capture.imap.connect, capture.imap.receive

    def connect(config):
        conn = original_connect(config)
        connections.append(conn)
        return conn

    def receive(raw, **kwargs):
        row = original_receive(raw, **kwargs)
        if InboundMessage.objects.count() == 2 and len(connections) == 1:
            connections[0].sock.shutdown(socket.SHUT_RDWR)  # the line drops
        return row

    monkeypatch.setattr(capture.imap, "connect", connect)
    monkeypatch.setattr(capture.imap, "receive", receive)
    with pytest.raises(CommandError, match="lost after 1 message"):
        fetch()
    assert Invitation.objects.count() == 2
    assert imap.unseen() == 4  # the second was stored, not yet flagged

    fetch()
    assert Invitation.objects.count() == 5
    assert InboundMessage.objects.count() == 5
    assert imap.unseen() == 0


def test_a_message_that_fails_to_parse_lands_in_the_inbox(imap, owner, now):
    broken = (
        f"To: {address_of(owner)}\r\nMessage-ID: <broken@example>\r\n"
        'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n'
    ).encode() + b"\xff\xfe\x00" * 50
    imap.append(broken)
    fetch()

    row = InboundMessage.objects.get(owner=owner)
    assert row.outcome in (Outcome.FAILED, Outcome.UNPLACED)
    assert row.note
    assert imap.unseen() == 0


def test_mail_for_no_user_is_refused_and_not_stored(imap, owner, now):
    imap.append(invitation("tracker+ffffffffffffffffffffffffffffffff@example.com"))
    assert "1 refused" in fetch()
    assert not InboundMessage.objects.exists()


def test_a_message_larger_than_the_limit_is_refused_by_its_size_unread_among_others(
    imap, owner, now, settings, monkeypatch
):
    small = [invitation(address_of(owner), job=n) for n in range(3)]
    large = invitation(address_of(owner), job=9) + b"\r\n" + b"x" * 4000 + b"\r\n"
    imap.append(small[0], large, small[1], small[2])
    settings.MAIL_IN_MAX_BYTES = len(large) - 1000
    # Two sizes per command: the run asks again as it goes past the first pair.
    monkeypatch.setattr(capture.imap, "SIZES_AT_ONCE", 2)
    read = []
    original_receive = capture.imap.receive
    monkeypatch.setattr(
        capture.imap, "receive", lambda raw, **kw: read.append(raw) or original_receive(raw, **kw)
    )

    out = fetch()

    assert "1 refused" in out and "3 created" in out
    assert len(read) == 3 and all(len(raw) < settings.MAIL_IN_MAX_BYTES for raw in read)
    assert Invitation.objects.count() == 3
    assert imap.unseen() == 0


def test_a_run_takes_at_most_its_limit_and_leaves_the_rest_for_the_next(imap, owner, now):
    imap.append(*[invitation(address_of(owner), job=n) for n in range(3)])
    assert "1 more wait for the next run." in fetch("--limit", "2")
    assert Invitation.objects.count() == 2
    fetch()
    assert Invitation.objects.count() == 3


def test_it_says_how_to_turn_it_on_when_no_mailbox_is_set(settings, db):
    settings.MAIL_IN_IMAP = None
    with pytest.raises(CommandError, match="MAIL_IN_IMAP_URL is not set"):
        fetch()


def test_a_mailbox_it_cannot_open_is_a_clear_error(imap, settings, db):
    settings.MAIL_IN_IMAP = dict(imap.config(), PASSWORD="wrong")
    with pytest.raises(CommandError, match="could not be opened"):
        fetch()
