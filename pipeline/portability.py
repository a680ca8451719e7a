"""Data portability: a user's records as CSV and JSON, and deleting an account with all of it.

It lives in `offers` because that app sits at the top of the dependency chain and may read
every other app's models. Times are written in ISO 8601 with the offset of the user's own
zone, so a spreadsheet shows the clock the user knows and no instant is ambiguous.
"""

import csv
import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

from interviews.models import Client, Invitation, PreparationItem
from kit.clock import zone_of
from offers.models import Milestone, Offer
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion
from reminders.models import Notification, Reminder

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def neutralise(text):
    """Make a cell safe to open in a spreadsheet: prefix `'` to anything formula-like.

    A cell that already starts with `'` before such a character (or before another `'`) is
    prefixed too, so that `restore` gives back exactly what was written.
    """
    text = str(text)
    if text[:1] in FORMULA_TRIGGERS or restore(text) != text:
        return "'" + text
    return text


def restore(text):
    """Undo `neutralise` (used by the importer)."""
    if text[:1] == "'" and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        return text[1:]
    return text


def local_iso(moment, zone):
    return moment.astimezone(zone).isoformat() if moment is not None else ""


def _cell(value, zone):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_iso(value, zone)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def write_csv(header, rows, zone):
    """CSV text (with a BOM for Excel) whose every cell is neutralised."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value, zone) for value in row])
    return buffer.getvalue()


# Invitations --------------------------------------------------------------------------

INVITATION_HEADER = [
    "id",
    "client",
    "company",
    "job title",
    "job URL",
    "message",
    "notified at",
    "start deadline",
    "started at",
    "completion deadline",
    "completed at",
    "status",
    "declined at",
    "decline reason",
    "archived at",
    "preparation done",
]


def invitation_rows(user, now=None):
    invitations = (
        Invitation.objects.filter(owner=user)
        .with_status(now)
        .select_related("client")
        .prefetch_related("preparation")
        .order_by("notified_at", "pk")
    )
    for i in invitations:
        yield [
            i.pk,
            i.client.name,
            i.client.company,
            i.job_title,
            i.job_url,
            i.message,
            i.notified_at,
            i.start_deadline,
            i.started_at,
            i.completion_deadline,
            i.completed_at,
            i.current_status,
            i.declined_at,
            i.decline_reason,
            i.archived_at,
            # The preparation points marked done, by name: "research, questions".
            ", ".join(p.point for p in i.preparation.all() if p.done),
        ]


def invitations_csv(user, now=None):
    return write_csv(INVITATION_HEADER, invitation_rows(user, now), zone_of(user))


# Proposals ----------------------------------------------------------------------------

PROPOSAL_HEADER = [
    "id",
    "invitation id",
    "client",
    "job title",
    "job URL",
    "status",
    "bid type",
    "bid amount",
    "currency",
    "connects spent",
    "created at",
    "submitted at",
    "closed at",
    "cover letter",
]


def proposal_rows(user):
    proposals = Proposal.objects.filter(owner=user).select_related("client").order_by("pk")
    for p in proposals:
        yield [
            p.pk,
            p.invitation_id,
            p.client.name if p.client_id else "",
            p.job_title,
            p.job_url,
            p.status,
            p.bid_type,
            p.bid_amount,
            p.currency,
            p.connects_spent,
            p.created_at,
            p.submitted_at,
            p.closed_at,
            p.cover_letter,
        ]


def proposals_csv(user):
    return write_csv(PROPOSAL_HEADER, proposal_rows(user), zone_of(user))


# Offers -------------------------------------------------------------------------------

OFFER_HEADER = [
    "id",
    "proposal id",
    "client",
    "job title",
    "status",
    "requested at",
    "received at",
    "expires at",
    "contract type",
    "amount",
    "currency",
    "weekly limit",
    "start date",
    "milestones",
    "milestone total",
    "terms",
    "accepted at",
    "acknowledgment",
    "declined at",
    "decline reason",
    "withdrawn at",
]


def offer_rows(user, now=None):
    offers = (
        Offer.objects.filter(owner=user)
        .with_status(now)
        .select_related("client")
        .prefetch_related("milestones")
        .order_by("pk")
    )
    for o in offers:
        milestones = list(o.milestones.all())
        yield [
            o.pk,
            o.proposal_id,
            o.client.name if o.client_id else "",
            o.job_title,
            o.current_status,
            o.requested_at,
            o.received_at,
            o.expires_at,
            o.contract_type,
            o.amount,
            o.currency,
            o.weekly_limit,
            o.start_date,
            len(milestones),
            sum((m.amount for m in milestones), Decimal("0")) if milestones else None,
            o.terms,
            o.accepted_at,
            o.acknowledgment,
            o.declined_at,
            o.decline_reason,
            o.withdrawn_at,
        ]


def offers_csv(user, now=None):
    return write_csv(OFFER_HEADER, offer_rows(user, now), zone_of(user))


# Everything, as JSON ------------------------------------------------------------------

USER_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "timezone",
    "date_joined",
    "start_reminder_hours",
    "completion_reminder_hours",
    "offer_reminder_hours",
    "proposal_followup_days",
    "offer_request_followup_days",
    "email_reminders",
    "inapp_reminders",
)
CLIENT_FIELDS = ("id", "name", "company", "industry", "website", "research_notes", "created_at")
INVITATION_FIELDS = (
    "id",
    "client_id",
    "job_title",
    "job_url",
    "message",
    "notified_at",
    "start_deadline",
    "started_at",
    "completion_deadline",
    "completed_at",
    "declined_at",
    "decline_reason",
    "archived_at",
    "created_at",
    "updated_at",
)
PREPARATION_FIELDS = ("point", "notes", "done", "updated_at")
TEMPLATE_FIELDS = (
    "id",
    "name",
    "invitation_opening",
    "job_post_opening",
    "body",
    "created_at",
    "updated_at",
)
PROPOSAL_FIELDS = (
    "id",
    "invitation_id",
    "client_id",
    "template_id",
    "job_title",
    "job_url",
    "cover_letter",
    "bid_type",
    "bid_amount",
    "currency",
    "connects_spent",
    "status",
    "submitted_at",
    "closed_at",
    "created_at",
    "updated_at",
)
QUESTION_FIELDS = ("position", "question", "answer")
OFFER_FIELDS = (
    "id",
    "proposal_id",
    "client_id",
    "job_title",
    "requested_at",
    "received_at",
    "expires_at",
    "contract_type",
    "amount",
    "currency",
    "weekly_limit",
    "start_date",
    "terms",
    "accepted_at",
    "acknowledgment",
    "declined_at",
    "decline_reason",
    "withdrawn_at",
    "created_at",
    "updated_at",
)
MILESTONE_FIELDS = ("position", "title", "amount", "due_date")
REMINDER_FIELDS = (
    "id",
    "kind",
    "subject_id",
    "deadline",
    "lead",
    "due_at",
    "status",
    "attempts",
    "note",
    "sent_at",
    "created_at",
)
NOTIFICATION_FIELDS = ("id", "title", "body", "url", "created_at", "read_at")


def _json_value(value, zone):
    if isinstance(value, datetime):
        return local_iso(value, zone)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(obj, fields, zone):
    return {field: _json_value(getattr(obj, field), zone) for field in fields}


def everything(user, now=None):
    """Every record the user owns, as plain JSON-ready data; a fixed number of queries."""
    now = now or timezone.now()
    zone = zone_of(user)
    invitations = Invitation.objects.filter(owner=user).with_status(now).order_by("pk")
    offers = Offer.objects.filter(owner=user).with_status(now).order_by("pk")
    return {
        "format": "invitation-tracker-export",
        "version": 1,
        "exported_at": local_iso(now, zone),
        "user": _record(user, USER_FIELDS, zone),
        "clients": [_record(c, CLIENT_FIELDS, zone) for c in user.clients.order_by("pk")],
        "invitations": [
            {
                **_record(i, INVITATION_FIELDS, zone),
                "status": i.current_status,
                "preparation": [_record(p, PREPARATION_FIELDS, zone) for p in i.preparation.all()],
            }
            for i in invitations.prefetch_related("preparation")
        ],
        "proposal_templates": [
            _record(t, TEMPLATE_FIELDS, zone) for t in user.proposal_templates.order_by("pk")
        ],
        "proposals": [
            {
                **_record(p, PROPOSAL_FIELDS, zone),
                "questions": [_record(q, QUESTION_FIELDS, zone) for q in p.questions.all()],
            }
            for p in user.proposals.order_by("pk").prefetch_related("questions")
        ],
        "offers": [
            {
                **_record(o, OFFER_FIELDS, zone),
                "status": o.current_status,
                "milestones": [_record(m, MILESTONE_FIELDS, zone) for m in o.milestones.all()],
            }
            for o in offers.prefetch_related("milestones")
        ],
        "reminders": [_record(r, REMINDER_FIELDS, zone) for r in user.reminders.order_by("pk")],
        "notifications": [
            _record(n, NOTIFICATION_FIELDS, zone) for n in user.notifications.order_by("pk")
        ],
    }


def everything_json(user, now=None):
    return json.dumps(everything(user, now), indent=2, ensure_ascii=False)


# Account deletion ---------------------------------------------------------------------


def account_contents(user):
    """What deleting the account removes: (label, count) for each kind of record."""
    return [
        ("clients", Client.objects.filter(owner=user).count()),
        ("invitations", Invitation.objects.filter(owner=user).count()),
        (
            "preparation notes",
            PreparationItem.objects.filter(invitation__owner=user).exclude(notes="").count(),
        ),
        ("proposal templates", ProposalTemplate.objects.filter(owner=user).count()),
        ("proposals", Proposal.objects.filter(owner=user).count()),
        ("screening questions", ScreeningQuestion.objects.filter(proposal__owner=user).count()),
        ("offers", Offer.objects.filter(owner=user).count()),
        ("milestones", Milestone.objects.filter(offer__owner=user).count()),
        ("reminders", Reminder.objects.filter(owner=user).count()),
        ("notifications", Notification.objects.filter(owner=user).count()),
    ]


def delete_account(user):
    """Delete the user and everything they own, in one transaction.

    Everything of theirs cascades from the user row, as when an admin deletes the user: a
    client's invitations, proposals and offers keep it from being deleted on its own
    (RESTRICT), not when they go with it.
    """
    user.delete()


# Everything, read back ----------------------------------------------------------------


class RestoreProblem(Exception):
    """The export cannot be restored; nothing was changed."""


# What a restore brings back of the account itself: its names and preferences.
RESTORED_USER_FIELDS = tuple(
    name for name in USER_FIELDS if name not in ("username", "email", "date_joined")
)
# Written by the database when a row is saved: a restored row has them anew.
AUTOMATIC = {"id", "created_at", "updated_at"}


def _python_value(model, name, value):
    """A JSON value of the export as the model field `name` holds it."""
    model_field = model._meta.get_field(name)
    if value is None or value == "" and model_field.null:
        return None
    internal = model_field.get_internal_type()
    if internal == "DateTimeField":
        moment = datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            raise ValueError(f"the time {value!r} has no offset")
        return moment
    if internal == "DateField":
        return date.fromisoformat(value)
    if internal == "DecimalField":
        return Decimal(str(value))
    if internal == "DurationField":
        return parse_duration(value)
    return value


def _fields(model, record, names):
    return {
        name: _python_value(model, name, record.get(name))
        for name in names
        if name not in AUTOMATIC and not name.endswith("_id") and name in record
    }


def restore_everything(user, data):
    """Bring back every record of an `everything()` export into `user`'s account.

    For moving to another server: the account must hold no invitations, proposals or
    offers yet (a client of the same name is reused). Ids are new; the links between the
    records (client, invitation, template, proposal) are kept. Reminders are made again as
    the records are saved; notifications already read are history and are not restored.
    All or nothing: returns the counts restored, or raises RestoreProblem.
    """
    if not isinstance(data, dict) or data.get("format") != "invitation-tracker-export":
        raise RestoreProblem("This is not a file exported by “Export everything (JSON)”.")
    if data.get("version") != 1:
        raise RestoreProblem(f"This export's version ({data.get('version')}) is not one we read.")
    if any(model.objects.filter(owner=user).exists() for model in (Invitation, Proposal, Offer)):
        raise RestoreProblem(
            "This file restores a whole account: import it into an account with no "
            "invitations, proposals or offers yet. Nothing was imported."
        )
    try:
        with transaction.atomic():
            return _restore(user, data)
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        InvalidOperation,
        ValidationError,
        IntegrityError,
    ) as error:
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else error
        raise RestoreProblem(
            f"The file could not be restored ({detail}). Nothing was imported."
        ) from None


def _restore(user, data):
    counts = dict.fromkeys(
        ("clients", "invitations", "proposal templates", "proposals", "offers"), 0
    )
    account = data.get("user") or {}
    for name in RESTORED_USER_FIELDS:
        if name in account:
            setattr(user, name, account[name])
    user.full_clean(exclude=["password", "username", "email"])
    user.save()

    clients = {}
    by_name = {c.name.lower(): c for c in Client.objects.filter(owner=user)}
    for record in data.get("clients", []):
        client = by_name.get(str(record["name"]).lower())
        if client is None:
            client = Client(owner=user, **_fields(Client, record, CLIENT_FIELDS))
            client.full_clean()
            client.save()
            counts["clients"] += 1
        clients[record["id"]] = client

    invitations = {}
    for record in data.get("invitations", []):
        values = _fields(Invitation, record, INVITATION_FIELDS)
        invitation = Invitation(owner=user, client=clients[record["client_id"]], **values)
        # Keep the deadlines stored when the events happened (see Invitation.compute_deadlines).
        invitation._loaded_events = {
            "notified_at": values.get("notified_at"),
            "started_at": values.get("started_at") if values.get("completion_deadline") else None,
        }
        invitation.save()
        for item in record.get("preparation", []):
            invitation.preparation.filter(point=item["point"]).update(
                notes=item.get("notes") or "", done=bool(item.get("done"))
            )
        invitations[record["id"]] = invitation
        counts["invitations"] += 1

    templates = {}
    for record in data.get("proposal_templates", []):
        template = ProposalTemplate.objects.create(
            owner=user, **_fields(ProposalTemplate, record, TEMPLATE_FIELDS)
        )
        templates[record["id"]] = template
        counts["proposal templates"] += 1

    proposals = {}
    for record in data.get("proposals", []):
        proposal = Proposal.objects.create(
            owner=user,
            invitation=invitations.get(record.get("invitation_id")),
            client=clients.get(record.get("client_id")),
            template=templates.get(record.get("template_id")),
            **_fields(Proposal, record, PROPOSAL_FIELDS),
        )
        ScreeningQuestion.objects.bulk_create(
            ScreeningQuestion(proposal=proposal, **_fields(ScreeningQuestion, q, QUESTION_FIELDS))
            for q in record.get("questions", [])
        )
        proposals[record["id"]] = proposal
        counts["proposals"] += 1

    for record in data.get("offers", []):
        offer = Offer.objects.create(
            owner=user,
            proposal=proposals.get(record.get("proposal_id")),
            client=clients.get(record.get("client_id")),
            **_fields(Offer, record, OFFER_FIELDS),
        )
        Milestone.objects.bulk_create(
            Milestone(offer=offer, **_fields(Milestone, m, MILESTONE_FIELDS))
            for m in record.get("milestones", [])
        )
        counts["offers"] += 1
    return counts
