"""The home page: what is due, the pipeline at a glance, and recent activity.

It lives in `offers` because that app sits at the top of the dependency chain
(offers → proposals → interviews → accounts) and may read every model.

The number of queries is fixed, whatever the number of rows: one for the counts, one windowed
query per model for what is due, one query per model for the activity.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F

from interviews.models import OPEN_STATUSES, Invitation
from interviews.models import Status as InvitationStatus
from interviews.models import status_q as invitation_q
from kit.clock import time_left
from kit.display import pk_url
from kit.prepared import Prepared, compiled
from kit.status import count_sql, fetch_counts
from offers.models import Offer
from offers.models import Status as OfferStatus
from offers.models import status_q as offer_q
from proposals.models import Proposal

# Rows of "what is due" with an open window; the rest are one click away in the lists.
DUE_LIMIT = 50
# Windows that closed unmet this recently are still shown, as missed.
MISSED_WITHIN = timedelta(days=7)
MISSED_LIMIT = 10
ACTIVITY_LIMIT = 10
# The rows shown need their client's name alone: a join for it costs less than a Client each.
CLIENT_NAME = F("client__name")


@dataclass
class DueItem:
    """One row of "what is due": an open window, or one that closed unmet lately."""

    title: str
    task: str
    client_name: str
    deadline: datetime
    window_start: datetime
    status: str
    status_label: str
    source: object  # the invitation or offer itself
    missed: bool = False
    preparation_done: int | None = None
    closed_phrase: str = ""
    url: str = ""


@dataclass
class Event:
    at: datetime
    verb: str
    title: str
    client_name: str
    kind: str
    source: object  # the invitation, proposal or offer
    url: str = ""


# Counts ---------------------------------------------------------------------------------


def stage_querysets(owner, now, since):
    """The rows each pipeline count counts, `{name: queryset}`: each a plain filter that
    reads a range of one index, so none grows with the finished rows it does not count.
    Missed means closed unmet after `since`."""
    invitations = Invitation.objects.filter(owner=owner)
    proposals = Proposal.objects.filter(owner=owner)
    offers = Offer.objects.filter(owner=owner)
    return {
        "invitations": invitations,
        "pending": invitations.filter(invitation_q(InvitationStatus.PENDING, now)),
        "in_progress": invitations.filter(invitation_q(InvitationStatus.IN_PROGRESS, now)),
        "completed": invitations.filter(invitation_q(InvitationStatus.COMPLETED, now)),
        # Missed lately: expired and lapsed apart, as each reads its own index.
        "expired": invitations.filter(
            invitation_q(InvitationStatus.EXPIRED, now), start_deadline__gt=since
        ),
        "lapsed": invitations.filter(
            invitation_q(InvitationStatus.LAPSED, now), completion_deadline__gt=since
        ),
        "proposals": proposals,
        "submitted": proposals.filter(status=Proposal.Status.SUBMITTED),
        "offers": offers,
        "awaiting": offers.filter(offer_q(OfferStatus.RECEIVED, now)),
        "accepted": offers.filter(offer_q(OfferStatus.ACCEPTED, now)),
        "offers_missed": offers.filter(offer_q(OfferStatus.EXPIRED, now), expires_at__gt=since),
    }


# The names of stage_querysets, in its order: the columns of the one row STAGE_COUNTS reads.
STAGES = (
    "invitations",
    "pending",
    "in_progress",
    "completed",
    "expired",
    "lapsed",
    "proposals",
    "submitted",
    "offers",
    "awaiting",
    "accepted",
    "offers_missed",
)
# The same query on every request, for another user and moment: compiled once (kit.prepared).
STAGE_COUNTS = Prepared(lambda **values: count_sql(**stage_querysets(**values)))


def pipeline_counts(user, now):
    """Counts per stage, all in one query (count_sql)."""
    values = {"owner": user.pk, "now": now, "since": now - MISSED_WITHIN}
    counts = fetch_counts(STAGES, *STAGE_COUNTS.sql(**values))
    counts["invitations_missed"] = counts.pop("expired") + counts.pop("lapsed")
    return counts


# What is due ----------------------------------------------------------------------------


def nearest_first(unfinished, now, since=None):
    """Of an `unfinished()` queryset: at most DUE_LIMIT open windows, nearest deadline first,
    and at most MISSED_LIMIT missed within MISSED_WITHIN, latest first, in one query.

    Each group is a limited subquery of primary keys on plain `window_deadline` comparisons;
    callers order the rows. The ORM compiles this query on every view, and the status
    conditions, or a row number per group, cost more to compile than the rows to fetch.
    The groups meet in a UNION, each inside its own IN because SQLite allows no LIMIT in a
    UNION's parts. Not `IN (…) OR IN (…)`: PostgreSQL cannot join through an OR, so it
    scanned the whole table, and its guess of thousands of rows set off JIT compilation:
    over a second for the dashboard.
    """
    model = unfinished.model

    def first(group, limit):
        return model.objects.filter(pk__in=group.values("pk")[:limit]).order_by().values("pk")

    open_ids = unfinished.filter(window_deadline__gt=now).order_by("window_deadline")
    since = now - MISSED_WITHIN if since is None else since
    missed_ids = unfinished.filter(window_deadline__lte=now, window_deadline__gt=since).order_by(
        "-window_deadline"
    )
    either = first(open_ids, DUE_LIMIT).union(first(missed_ids, MISSED_LIMIT), all=True)
    return model.objects.filter(pk__in=either)


DUE_INVITATIONS = Prepared(
    lambda owner, now, since: compiled(
        nearest_first(Invitation.objects.filter(owner=owner).unfinished(), now, since)
        .with_preparation()
        .annotate(client_name=CLIENT_NAME)
    )
)
DUE_OFFERS = Prepared(
    lambda owner, now, since: compiled(
        nearest_first(Offer.objects.filter(owner=owner).unfinished(), now, since).annotate(
            client_name=CLIENT_NAME
        )
    )
)


def due_rows(prepared, model, user, now):
    return model.objects.raw(*prepared.sql(owner=user.pk, now=now, since=now - MISSED_WITHIN))


def due_invitations(user, now):
    rows = due_rows(DUE_INVITATIONS, Invitation, user, now)
    url = pk_url("invitation_detail")
    items = []
    for invitation in rows:
        status = invitation.status_at(now)
        started = invitation.started_at is not None
        item = DueItem(
            title=invitation.job_title,
            task="Complete and submit the interview" if started else "Start the interview",
            client_name=invitation.client_name,
            deadline=invitation.completion_deadline if started else invitation.start_deadline,
            window_start=invitation.current_window_start,
            status=status.value,
            status_label=status.label,
            source=invitation,
            missed=status not in OPEN_STATUSES,  # unfinished, so expired or lapsed
            preparation_done=invitation.preparation_done,
            url=url(invitation.pk),
        )
        if item.missed:
            item.task = "Not completed in time" if started else "Never started"
        items.append(item)
    return items


def due_offers(user, now):
    rows = due_rows(DUE_OFFERS, Offer, user, now)
    url = pk_url("offer_detail")
    items = []
    for offer in rows:
        status = offer.status_at(now)
        missed = status == OfferStatus.EXPIRED
        items.append(
            DueItem(
                title=offer.job_title,
                task="Not accepted in time" if missed else "Review and accept the offer",
                client_name=offer.client_name or "",
                deadline=offer.expires_at,
                window_start=offer.received_at,
                status=status.value,
                status_label=status.label,
                source=offer,
                missed=missed,
                url=url(offer.pk),
            )
        )
    return items


def what_is_due(user, now):
    """Open windows merged across models, nearest deadline first; then the missed ones."""
    items = due_invitations(user, now) + due_offers(user, now)
    open_items = sorted((i for i in items if not i.missed), key=lambda i: i.deadline)
    missed = sorted((i for i in items if i.missed), key=lambda i: i.deadline, reverse=True)
    for item in missed:
        verb = "lapsed" if item.status == InvitationStatus.LAPSED else "expired"
        item.closed_phrase = f"{verb} {time_left(item.deadline, now)} ago"
    return open_items[:DUE_LIMIT], missed[:MISSED_LIMIT]


# Recent activity ------------------------------------------------------------------------


def latest_with_client(queryset, *ordering):
    """The ACTIVITY_LIMIT first rows by `ordering`, with their client's name, in one query, in
    no particular order (the caller sorts the events).

    The rows are picked in a subquery before the client is joined: joined first, PostgreSQL
    hashed the whole client table to keep ten of a user's thousands of rows. The outer query
    repeats neither the ordering nor its annotations, which would be compiled a second time.
    """
    first = queryset.order_by(*ordering).values("pk")[:ACTIVITY_LIMIT]
    return queryset.model.objects.filter(pk__in=first).annotate(client_name=CLIENT_NAME)


LATEST_INVITATIONS = Prepared(
    lambda owner: compiled(
        latest_with_client(
            Invitation.objects.filter(owner=owner).with_last_event(), "-last_event", "-pk"
        )
    )
)
LATEST_PROPOSALS = Prepared(
    lambda owner: compiled(
        latest_with_client(
            Proposal.objects.filter(owner=owner, submitted_at__isnull=False),
            "-submitted_at",
            "-pk",
        )
    )
)
LATEST_OFFERS = Prepared(
    lambda owner: compiled(
        latest_with_client(
            Offer.objects.filter(owner=owner, received_at__isnull=False).with_last_event(),
            "-last_event",
            "-pk",
        )
    )
)


def recent_activity(user):
    """The latest events across the pipeline, newest first.

    Each query takes the ACTIVITY_LIMIT rows whose latest event is newest: any event in the
    overall top ACTIVITY_LIMIT belongs to one of those rows, so the merge below is exact.
    """
    invitation_url = pk_url("invitation_detail")
    proposal_url = pk_url("proposal_detail")
    offer_url = pk_url("offer_detail")
    events = []
    invitations = Invitation.objects.raw(*LATEST_INVITATIONS.sql(owner=user.pk))
    for invitation in invitations:
        for at, verb in (
            (invitation.notified_at, "Invitation received"),
            (invitation.started_at, "Interview started"),
            (invitation.completed_at, "Interview completed"),
            (invitation.declined_at, "Invitation declined"),
        ):
            if at is not None:
                events.append(
                    Event(
                        at,
                        verb,
                        invitation.job_title,
                        invitation.client_name,
                        "invitation",
                        invitation,
                        invitation_url(invitation.pk),
                    )
                )
    proposals = Proposal.objects.raw(*LATEST_PROPOSALS.sql(owner=user.pk))
    for proposal in proposals:
        events.append(
            Event(
                proposal.submitted_at,
                "Proposal submitted",
                proposal.job_title,
                proposal.client_name or "",
                "proposal",
                proposal,
                proposal_url(proposal.pk),
            )
        )
    offers = Offer.objects.raw(*LATEST_OFFERS.sql(owner=user.pk))
    for offer in offers:
        for at, verb in (
            (offer.received_at, "Offer received"),
            (offer.accepted_at, "Offer accepted"),
        ):
            if at is not None:
                events.append(
                    Event(
                        at,
                        verb,
                        offer.job_title,
                        offer.client_name or "",
                        "offer",
                        offer,
                        offer_url(offer.pk),
                    )
                )
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:ACTIVITY_LIMIT]
