"""A message that reached a user's forwarding address: kept in their Inbox, and placed as a
record through the models' own methods, once."""

import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from capture.mailin import Refused, receive
from capture.models import InboundMessage, Outcome
from interviews.models import Client, Invitation
from interviews.models import Status as InvitationStatus
from offers.models import Offer
from offers.models import Status as OfferStatus
from reminders.models import Notification

from .mail_in import MAIL_IN_ADDRESS, address_of, invitation, message

NOTICE = datetime(2026, 11, 24, 20, 15, tzinfo=UTC)  # Tue 24 Nov 2026 15:15 EST


@pytest.fixture(autouse=True)
def mail_in(settings):
    settings.MAIL_IN_ADDRESS = MAIL_IN_ADDRESS


def test_an_invitation_is_recorded_captured_with_its_windows_from_the_message_time(owner, now):
    row = receive(invitation(address_of(owner)))

    assert row.outcome == Outcome.CREATED
    captured = Invitation.objects.get(owner=owner)
    assert row.invitation == captured
    assert captured.captured is True
    assert captured.client.name == "FitTrack Labs"
    assert captured.job_title == "Mobile app onboarding redesign"
    assert captured.notified_at == NOTICE
    assert captured.start_deadline == NOTICE + timedelta(days=14)
    assert "Figma" in captured.screening_questions


def test_the_user_is_told_in_the_app_in_their_own_zone(owner, now):
    receive(invitation(address_of(owner)))

    note = Notification.objects.get(owner=owner)
    assert (
        note.title
        == "Captured from FitTrack Labs: 13 days 8 h to start, until Tue 08 Dec 15:15 EST"
    )
    assert note.url == Invitation.objects.get().get_absolute_url()


def test_the_same_message_twice_is_one_row_and_one_invitation(owner, now):
    raw = invitation(address_of(owner), message_id="<same@upwork.example>")
    first = receive(raw)
    second = receive(raw)

    assert first.pk == second.pk
    assert InboundMessage.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_the_same_job_link_in_another_message_creates_nothing_new(owner, now):
    receive(invitation(address_of(owner)))
    again = receive(invitation(address_of(owner)))

    assert again.outcome == Outcome.DUPLICATE
    assert again.invitation == Invitation.objects.get()
    assert InboundMessage.objects.count() == 2


def test_a_known_client_is_found_by_company_whatever_the_case(owner, now):
    known = Client.objects.create(owner=owner, name="Sarah", company="fittrack labs")
    receive(invitation(address_of(owner)))

    assert Invitation.objects.get().client == known
    assert Client.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize(
    "to",
    [
        "tracker+0123456789abcdef0123456789abcdef@example.com",  # nobody's token
        "tracker@example.com",  # no token at all
        "someone-else@example.com",
    ],
)
def test_mail_to_an_unknown_address_is_refused_and_logged_not_stored(owner, stranger, to, caplog):
    caplog.set_level(logging.WARNING, "capture.mailin")
    with pytest.raises(Refused):
        receive(invitation(to))

    assert not InboundMessage.objects.exists()
    assert not Invitation.objects.exists()
    assert "refused" in caplog.text


def test_mail_to_a_rotated_address_is_refused(owner, now):
    old = address_of(owner)
    owner.rotate_mail_token()
    with pytest.raises(Refused):
        receive(invitation(old))
    assert not InboundMessage.objects.exists()


def test_the_address_is_found_in_the_envelope_or_delivered_to(owner, stranger, now):
    receive(invitation("alice@example.com"), envelope=[address_of(owner)])
    receive(
        invitation("alice@example.com", extra_headers={"Delivered-To": address_of(stranger)}),
    )
    assert InboundMessage.objects.filter(owner=owner).count() == 1
    assert InboundMessage.objects.filter(owner=stranger).count() == 1


def test_a_message_too_large_is_refused(owner, settings, now):
    settings.MAIL_IN_MAX_BYTES = 10_000
    raw = invitation(address_of(owner)) + b"x" * 10_000
    with pytest.raises(Refused):
        receive(raw)
    assert not InboundMessage.objects.exists()


def test_a_message_that_cannot_be_read_is_kept_in_the_inbox(owner, now):
    raw = (
        f"To: {address_of(owner)}\r\nMessage-ID: <broken@x>\r\nContent-Type: image/png\r\n\r\n"
    ).encode() + bytes(range(256))
    row = receive(raw)

    assert row.outcome in (Outcome.FAILED, Outcome.UNPLACED)
    assert row.note
    assert bytes(row.source) == raw
    assert Notification.objects.get(owner=owner).title.startswith("A message in your Inbox")


def test_an_offer_fills_the_requested_offer_it_belongs_to(owner, now):
    client = Client.objects.create(owner=owner, name="Acme Analytics")
    requested = Offer.objects.create(
        owner=owner,
        client=client,
        job_title="Data dashboard in Django and Chart.js",
        requested_at=NOTICE,
    )
    row = receive(message("offer_hourly.txt", address_of(owner)))

    assert row.outcome == Outcome.UPDATED
    assert Offer.objects.count() == 1
    requested.refresh_from_db()
    assert requested.status == OfferStatus.RECEIVED
    assert requested.amount == Decimal("45.00")
    assert requested.weekly_limit == 20
    assert requested.expires_at == datetime(2026, 12, 24, 5, 0, tzinfo=UTC)


def test_an_offer_nobody_requested_is_recorded_once(owner, now):
    first = receive(message("offer_hourly.txt", address_of(owner)))
    second = receive(message("offer_hourly.txt", address_of(owner)))

    assert first.outcome == Outcome.CREATED
    assert second.outcome == Outcome.DUPLICATE
    assert Offer.objects.get().client.name == "Acme Analytics"


def _fittrack_invitation(owner, **fields):
    client = Client.objects.create(owner=owner, name="FitTrack Labs")
    return Invitation.objects.create(
        owner=owner,
        client=client,
        job_title="Mobile app onboarding redesign",
        notified_at=NOTICE - timedelta(days=2),
        **fields,
    )


def test_a_withdrawn_invitation_is_archived_with_the_reason_kept(owner, now):
    invitation_record = _fittrack_invitation(owner)
    row = receive(message("st_invitation_withdrawn.txt", address_of(owner)))

    invitation_record.refresh_from_db()
    assert invitation_record.status == InvitationStatus.ARCHIVED
    assert row.outcome == Outcome.UPDATED
    assert "The job was filled" in row.note


def test_withdrawing_a_completed_invitation_changes_nothing_and_stays_in_the_inbox(owner, now):
    invitation_record = _fittrack_invitation(owner)
    invitation_record.start(at=NOTICE - timedelta(days=1, hours=12))
    invitation_record.complete(at=NOTICE - timedelta(days=1))
    row = receive(message("st_invitation_withdrawn.txt", address_of(owner)))

    invitation_record.refresh_from_db()
    assert invitation_record.status == InvitationStatus.COMPLETED
    assert invitation_record.archived_at is None
    assert row.outcome == Outcome.UNPLACED
    assert "already completed" in row.note


def test_a_withdrawn_offer_is_withdrawn(owner, make_offer, now):
    client = Client.objects.create(owner=owner, name="Maple & Finch Design")
    offer = make_offer(
        client=client,
        job_title="Email newsletter templates",
        received_at=NOTICE - timedelta(days=1),
    )
    row = receive(message("st_offer_withdrawn.txt", address_of(owner)))

    offer.refresh_from_db()
    assert row.outcome == Outcome.UPDATED
    assert offer.status == OfferStatus.WITHDRAWN


def test_an_expired_offer_is_shown_expired(owner, make_offer, now):
    client = Client.objects.create(owner=owner, name="Riverbend Clinic")
    offer = make_offer(
        client=client, job_title="Patient intake form", received_at=NOTICE - timedelta(days=3)
    )
    assert offer.status == OfferStatus.RECEIVED
    row = receive(message("st_offer_expired.txt", address_of(owner)))

    offer.refresh_from_db()
    assert row.outcome == Outcome.UPDATED
    assert offer.status == OfferStatus.EXPIRED


def test_a_started_contract_is_left_for_the_user_to_accept(owner, make_offer, now):
    client = Client.objects.create(owner=owner, name="Nordic Knits")
    offer = make_offer(
        client=client, job_title="Pattern shop on Etsy", received_at=NOTICE - timedelta(days=1)
    )
    row = receive(message("st_contract_started.txt", address_of(owner)))

    offer.refresh_from_db()
    assert offer.status == OfferStatus.RECEIVED
    assert row.outcome == Outcome.UNPLACED
    assert row.offer == offer
    assert "accept the offer on its page" in row.note


def test_a_status_change_for_no_known_record_stays_in_the_inbox(owner, now):
    row = receive(message("st_offer_withdrawn.txt", address_of(owner)))
    assert row.outcome == Outcome.UNPLACED
    assert "No offer of yours" in row.note


def test_a_captured_invitation_reaches_the_users_channels_unless_switched_off(owner, now):
    from reminders.models import Channel, ChannelDelivery

    phone = Channel(owner=owner, name="Phone")
    phone.set_url("json://127.0.0.1:9/hook")
    phone.save()
    receive(invitation(address_of(owner)))
    (delivery,) = ChannelDelivery.objects.filter(channel=phone)
    assert delivery.title.startswith("Captured from FitTrack Labs")
    assert delivery.url.endswith(Invitation.objects.get().get_absolute_url())

    owner.alert_captured = False
    owner.save()
    Invitation.objects.all().delete()
    InboundMessage.objects.all().delete()
    receive(invitation(address_of(owner)))
    assert ChannelDelivery.objects.filter(channel=phone).count() == 1
