"""Mail in: a message that arrived for a user's forwarding address, kept in their Inbox and
placed as a record through the domain's own methods.

    receive(raw_bytes, recipients, via="imap")  ->  InboundMessage, or None when refused

The user is found only by the token in the plus-address (`local+<token>@domain`); mail to an
unknown or rotated token, or too large, is refused and logged in one line, never stored. The
message's row is inserted first, under a unique (owner, Message-ID): two runs, two workers or
a provider's retry that race for one message leave one row, and only the winner places it.
Everything a message does is one transaction with its row, so a crash stores nothing and the
message is read again next time.
"""

import hashlib
import hmac
import logging
import re
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import Client, Invitation
from interviews.models import Status as InvitationStatus
from kit.clock import format_deadline, time_left
from offers.models import Milestone, Offer
from offers.models import Status as OfferStatus
from reminders.channels import notify_channels
from reminders.models import Notification

from . import checks, kinds
from .models import InboundMessage, Outcome
from .reading import read_notification

log = logging.getLogger("capture.mailin")

# The headers a forwarding address can be in, besides the envelope a provider or IMAP gives.
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To", "X-Forwarded-To")
# Notifications' dates in the app's message: "Mon 14 Dec 22:12 IST".
SHORT_MOMENT = "%a %d %b %H:%M"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class Refused(Exception):
    """The message is not taken: no valid token, or too large. Logged, never stored."""


# Addresses ------------------------------------------------------------------------------


def forwarding_address(user):
    """`local+<token>@domain` for MAIL_IN_ADDRESS, or "" when mail in is not configured."""
    address = settings.MAIL_IN_ADDRESS
    if not address:
        return ""
    local, _, domain = address.rpartition("@")
    return f"{local}+{user.mail_token}@{domain}"


def token_in(address):
    """The token of one address in the configured plus-form, or None."""
    configured = settings.MAIL_IN_ADDRESS
    if not configured or not address:
        return None
    local, _, domain = configured.lower().rpartition("@")
    their_local, _, their_domain = address.strip().lower().rpartition("@")
    if their_domain != domain:
        return None
    base, plus, token = their_local.partition("+")
    if not plus or base != local or not _TOKEN.match(token):
        return None
    return token


def _headers(raw):
    """The message's headers, parsed once, or None when they cannot be parsed at all."""
    try:
        return BytesHeaderParser(policy=default_policy).parsebytes(raw[: 256 * 1024])
    except Exception:  # noqa: BLE001 -- read as no headers; the source is kept whole
        return None


def recipients_of(raw, envelope=(), headers=None):
    """Every address the message was delivered to: the envelope first, then its headers."""
    found = [address for address in envelope if address]
    try:
        headers = headers if headers is not None else _headers(raw)
        for name in RECIPIENT_HEADERS:
            values = [str(value) for value in headers.get_all(name) or []]
            found.extend(address for _, address in getaddresses(values) if address)
    except Exception:  # noqa: BLE001 -- a broken header must not hide the envelope
        pass
    return found


def owner_for(addresses, owners=None):
    """The active user whose token one of `addresses` carries, or None.

    `owners` (token -> user or None) keeps what was found for a run over many messages, so
    that a mailbox of one user's mail looks them up once.
    """
    User = get_user_model()
    for address in addresses:
        token = token_in(address)
        if token is None:
            continue
        if owners is not None and token in owners:
            user = owners[token]
        else:
            user = User.objects.filter(mail_token=token, is_active=True).first()
            if owners is not None:
                owners[token] = user
        # The lookup is by index; the comparison of what it found is constant-time anyway.
        if user is not None and hmac.compare_digest(user.mail_token, token):
            return user
    return None


def message_key(raw, headers=None):
    """The message's own Message-ID, or a digest of its bytes when it has none."""
    try:
        headers = headers if headers is not None else _headers(raw)
        message_id = str(headers.get("Message-ID") or "").strip().strip("<>").strip()
    except Exception:  # noqa: BLE001 -- a malformed Message-ID is read as none
        message_id = ""
    if message_id:
        return message_id[:500]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _headline(raw, headers=None):
    try:
        headers = headers if headers is not None else _headers(raw)
        return (
            re.sub(r"\s+", " ", str(headers.get("Subject") or ""))[:500],
            re.sub(r"\s+", " ", str(headers.get("From") or ""))[:500],
        )
    except Exception:  # noqa: BLE001 -- shown as empty; the source is kept whole
        return "", ""


# Receiving ------------------------------------------------------------------------------


def receive(raw, envelope=(), via="imap", now=None, owners=None):
    """Keep and place one raw message; raises Refused when it is not taken.

    `owners` is a run's memory of the users its messages' tokens named (see `owner_for`).
    """
    raw = bytes(raw)
    now = now or timezone.now()
    if len(raw) > settings.MAIL_IN_MAX_BYTES:
        log.warning(
            "mail in: refused a %s-byte message via %s: larger than MAIL_IN_MAX_BYTES",
            len(raw),
            via,
        )
        raise Refused("too large")
    headers = _headers(raw)
    owner = owner_for(recipients_of(raw, envelope, headers), owners)
    if owner is None:
        log.warning("mail in: refused a message via %s: no known forwarding address in it", via)
        raise Refused("unknown address")
    key = message_key(raw, headers)
    subject, sender = _headline(raw, headers)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = InboundMessage.objects.create(
                    owner=owner,
                    received_at=now,
                    message_id=key,
                    subject=subject,
                    sender=sender,
                    source=raw,
                    via=via,
                    outcome=Outcome.FAILED,
                    note="Being read.",
                )
        except IntegrityError:
            # Already kept: another run (or a retry) has it. Nothing more to do.
            kept = InboundMessage.objects.get(owner=owner, message_id=key)
            kept.repeated = True
            return kept
        try:
            with transaction.atomic():
                place(row, raw, now)
        except Exception as error:  # noqa: BLE001 -- kept in the Inbox, never lost
            log.exception("mail in: message %s could not be placed", row.pk)
            row.outcome = Outcome.FAILED
            row.note = f"Could not be read or placed ({type(error).__name__}). Record it by hand."
        row.save()
        tell(row, now)
    return row


def place(row, raw, now):
    """Read the message and do what it says, filling in `row`'s outcome."""
    try:
        reading = read_notification(raw, row.owner, now)
    except ValidationError as error:
        row.outcome, row.note = Outcome.FAILED, " ".join(error.messages)
        return
    row.kind = reading.kind
    row.fields_read = _json(reading.fields)
    row.notes = dict(reading.notes)
    if reading.subject:
        row.subject = reading.subject[:500]
    if reading.sender:
        row.sender = reading.sender[:500]
    handler = _PLACERS.get(reading.kind)
    if handler is None:
        row.outcome = Outcome.UNPLACED
        row.note = "This does not look like an invitation, an offer or a change to one."
        return
    try:
        with transaction.atomic():
            handler(row, reading, now)
    except ValidationError as error:
        row.outcome = Outcome.UNPLACED
        row.note = "Nothing was changed: " + " ".join(error.messages)


def _json(fields):
    from kit.prefill import Extraction

    return Extraction(fields=fields).to_session()["fields"]


def _when(reading, name, now):
    """The event's own time: the field read, else the message's Date, never in the future."""
    moment = reading.fields.get(name) or reading.sent_at or now
    return min(moment, now)


def _client_for(owner, name, create=True):
    name = (name or "").strip()
    if not name:
        return None
    found = (
        Client.objects.filter(owner=owner)
        .filter(Q(name__iexact=name) | Q(company__iexact=name))
        .order_by("pk")
        .first()
    )
    if found is not None or not create:
        return found
    client = Client(owner=owner, name=name[:200])
    client.full_clean()
    client.save()
    return client


def _missing(reading, *names):
    missing = [name.replace("_", " ") for name in names if not reading.fields.get(name)]
    if missing:
        raise ValidationError(
            f"The {', '.join(missing)} could not be read from it. Check the message and record "
            "it yourself."
        )


# The links a placed record is given: its owner and client, each just read (or created) in
# the message's transaction, so known to exist.
_READ_LINKS = ("owner", "client")


def _place_invitation(row, reading, now):
    fields = reading.fields
    _missing(reading, "client_name", "job_title")
    owner = row.owner
    if fields.get("job_url"):
        earlier = Invitation.objects.filter(owner=owner, job_url=fields["job_url"]).first()
        if earlier is not None:
            row.outcome, row.invitation = Outcome.DUPLICATE, earlier
            row.note = "This invitation was captured before; nothing new was recorded."
            return
    invitation = Invitation(
        owner=owner,
        client=_client_for(owner, fields["client_name"]),
        job_title=fields["job_title"][:300],
        job_url=fields.get("job_url", ""),
        message=fields.get("message", ""),
        screening_questions=fields.get("screening_questions", ""),
        source_text=reading.source_text,
        notified_at=_when(reading, "notified_at", now),
        captured=True,
    )
    # The constraints' rules judged in Python: one query each otherwise, for every message.
    checks.full_clean(invitation, read=_READ_LINKS)
    invitation.save()
    row.outcome, row.invitation = Outcome.CREATED, invitation
    row.note = "Invitation recorded. Check it."


_OFFER_TERMS = (
    "contract_type",
    "amount",
    "currency",
    "weekly_limit",
    "start_date",
    "terms",
)


def _matching_offers(owner, reading):
    title = (reading.fields.get("job_title") or "").strip()
    offers = Offer.objects.filter(owner=owner, job_title__iexact=title)
    client = _client_for(owner, reading.fields.get("client_name"), create=False)
    if client is not None:
        offers = offers.filter(Q(client=client) | Q(client__isnull=True))
    return offers


def _place_offer(row, reading, now):
    fields = reading.fields
    _missing(reading, "job_title")
    owner = row.owner
    received_at = _when(reading, "received_at", now)
    expires_at = fields.get("expires_at")
    terms = {name: fields[name] for name in _OFFER_TERMS if fields.get(name) not in (None, "")}
    offers = _matching_offers(owner, reading)
    arrived = offers.filter(received_at__isnull=False).order_by("-pk").first()
    if arrived is not None:
        row.outcome, row.offer = Outcome.DUPLICATE, arrived
        row.note = "This offer was recorded before; nothing new was recorded."
        return
    requested = list(offers.status(OfferStatus.REQUESTED).order_by("-pk")[:2])
    if len(requested) == 1:
        offer = requested[0]
        offer.receive(
            at=received_at, expires_at=expires_at, source_text=reading.source_text, **terms
        )
        row.note = "The offer you requested arrived; its terms are recorded. Check them."
        row.outcome = Outcome.UPDATED
    else:
        offer = Offer(
            owner=owner,
            client=_client_for(owner, fields.get("client_name")),
            job_title=fields["job_title"][:300],
            received_at=received_at,
            expires_at=expires_at,
            source_text=reading.source_text,
            **terms,
        )
        checks.full_clean(offer, read=_READ_LINKS)
        offer.save()
        row.note = "Offer recorded. Check its terms."
        row.outcome = Outcome.CREATED
    for position, milestone in enumerate(fields.get("milestones") or []):
        if milestone.get("title") and milestone.get("amount"):
            Milestone.objects.create(
                offer=offer,
                position=position,
                title=milestone["title"][:300],
                amount=milestone["amount"],
                due_date=milestone.get("due_date"),
            )
    row.offer = offer


def _invitation_for(owner, reading):
    fields = reading.fields
    invitations = Invitation.objects.filter(owner=owner)
    if fields.get("job_url"):
        found = invitations.filter(job_url=fields["job_url"]).first()
        if found is not None:
            return found
    title = (fields.get("job_title") or "").strip()
    if not title:
        return None
    matching = invitations.filter(job_title__iexact=title)
    client = _client_for(owner, fields.get("client_name"), create=False)
    if client is not None:
        matching = matching.filter(client=client)
    found = list(matching.order_by("-notified_at")[:2])
    return found[0] if len(found) == 1 else None


def _place_invitation_closed(row, reading, now):
    invitation = _invitation_for(row.owner, reading)
    if invitation is None:
        raise ValidationError("No invitation of yours matches this job.")
    row.invitation = invitation
    status = invitation.status
    if status in (InvitationStatus.ARCHIVED, InvitationStatus.DECLINED):
        row.outcome = Outcome.DUPLICATE
        row.note = f"This invitation was already {invitation.get_status_display().lower()}."
        return
    if status == InvitationStatus.COMPLETED:
        raise ValidationError(
            "This interview is already completed and submitted; a withdrawal or a closed job "
            "no longer changes it."
        )
    invitation.archive(at=max(_when(reading, "notified_at", now), invitation.notified_at))
    reason = reading.fields.get("reason", "")
    what = (
        "withdrew the invitation"
        if reading.kind == kinds.INVITATION_WITHDRAWN
        else "closed the job"
    )
    row.outcome = Outcome.UPDATED
    row.note = f"The client {what}: archived." + (f" Reason given: {reason}" if reason else "")


def _open_offer_for(row, reading):
    offers = _matching_offers(row.owner, reading).order_by("-pk")
    found = offers.first()
    if found is None:
        raise ValidationError("No offer of yours matches this job.")
    row.offer = found
    return found


def _place_offer_withdrawn(row, reading, now):
    offer = _open_offer_for(row, reading)
    if offer.status == OfferStatus.WITHDRAWN:
        row.outcome, row.note = Outcome.DUPLICATE, "This offer was already withdrawn."
        return
    offer.withdraw(at=_when(reading, "notified_at", now))
    row.outcome, row.note = Outcome.UPDATED, "The client withdrew the offer."


def _place_offer_expired(row, reading, now):
    offer = _open_offer_for(row, reading)
    if offer.status == OfferStatus.EXPIRED:
        row.outcome, row.note = Outcome.DUPLICATE, "This offer is already shown as expired."
        return
    offer.expire(at=_when(reading, "notified_at", now))
    row.outcome, row.note = Outcome.UPDATED, "The offer expired; it is shown expired."


def _place_contract_started(row, reading, now):
    offer = _open_offer_for(row, reading)
    if offer.status == OfferStatus.ACCEPTED:
        row.outcome, row.note = Outcome.DUPLICATE, "This offer is already accepted."
        return
    # Accepting needs the user's own review of the terms and acknowledgment: never done
    # on their behalf.
    raise ValidationError(
        "The contract started: accept the offer on its page, with your acknowledgment."
    )


_PLACERS = {
    kinds.INVITATION: _place_invitation,
    kinds.OFFER: _place_offer,
    kinds.INVITATION_WITHDRAWN: _place_invitation_closed,
    kinds.JOB_CLOSED: _place_invitation_closed,
    kinds.OFFER_WITHDRAWN: _place_offer_withdrawn,
    kinds.OFFER_EXPIRED: _place_offer_expired,
    kinds.CONTRACT_STARTED: _place_contract_started,
}


# Telling the user -----------------------------------------------------------------------


def headline(row, now):
    """What the in-app notification says about a message just placed."""
    user = row.owner
    invitation = row.invitation
    if row.outcome == Outcome.CREATED and invitation is not None:
        deadline = invitation.start_deadline
        return (
            f"Captured from {invitation.client.company or invitation.client.name}: "
            f"{time_left(deadline, now)} to start, until "
            f"{format_deadline(deadline, user, SHORT_MOMENT)}"
        )
    offer = row.offer
    if row.outcome in (Outcome.CREATED, Outcome.UPDATED) and offer is not None and offer.expires_at:
        return (
            f"Offer captured: {offer.job_title} — expires "
            f"{format_deadline(offer.expires_at, user, SHORT_MOMENT)}"
            if row.kind == kinds.OFFER
            else f"Captured: {row.note}"[:300]
        )
    if row.outcome == Outcome.UPDATED:
        return f"Captured: {row.note}"[:300]
    if row.outcome in (Outcome.UNPLACED, Outcome.FAILED):
        return f"A message in your Inbox needs you: {row.subject or '(no subject)'}"[:300]
    return ""


def tell(row, now):
    title = headline(row, now)
    if not title:
        return
    path = row.record.get_absolute_url() if row.record is not None else row.get_absolute_url()
    Notification.objects.create(
        owner=row.owner, title=title[:300], body=row.note, url=path, created_at=now
    )
    if row.kind == kinds.INVITATION and row.outcome == Outcome.CREATED:
        # A captured invitation reaches the phone too (a kind the user can switch off).
        notify_channels(row.owner, title, row.note, settings.SITE_URL + path, now=now)
