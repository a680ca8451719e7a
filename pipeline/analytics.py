"""Numbers that help decide what to do next: funnel, losses, speed, cost, clients, months.

Every figure is counted in the database (`aggregate`, `annotate`, `TruncMonth`), so the page
makes the same dozen queries for five invitations or five thousand.

Stages are counted by each item's current status (the project's statuses, computed in SQL by
`status_q`), so every figure is exactly the filtered list it links to: "started" is the
invitations now in progress, completed or lapsed; an invitation declined or archived after it
started counts as declined or archived, like in the lists.

Medians: SQLite has no percentile function, so the database counts the rows and sorts the
durations, and Python reads only the middle one or two (ORDER BY … LIMIT 2 OFFSET n/2). The
same code runs on PostgreSQL; no list of durations is ever loaded.

It lives in `offers` because that app sits at the top of the dependency chain and may read
every other app's models.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone

from interviews.models import Client, Invitation
from interviews.models import Status as InvitationStatus
from interviews.models import status_q as invitation_q
from kit.clock import zone_of
from offers.models import Offer
from offers.models import Status as OfferStatus
from offers.models import status_q as offer_q
from proposals.models import Proposal

# The statuses behind each stage; the lists are filtered by the same values.
STARTED = (InvitationStatus.IN_PROGRESS, InvitationStatus.COMPLETED, InvitationStatus.LAPSED)
COMPLETED = (InvitationStatus.COMPLETED,)
SENT = (
    Proposal.Status.SUBMITTED,
    Proposal.Status.WITHDRAWN,
    Proposal.Status.DECLINED,
    Proposal.Status.HIRED,
)
RECEIVED = (OfferStatus.RECEIVED, OfferStatus.ACCEPTED, OfferStatus.EXPIRED)
ACCEPTED = (OfferStatus.ACCEPTED,)

MONTHS = 12
TOP_CLIENTS = 20

# The lists' URL names; filters are query parameters: `status` (repeatable), `client` (a
# client's id) and `month` (YYYY-MM, in the user's zone).
LIST_URLS = {"invitations": "invitation_list", "proposals": "proposal_list", "offers": "offer_list"}


def list_url(kind, statuses=(), **filters):
    params = [("status", str(s)) for s in statuses]
    params += [(name, str(value)) for name, value in filters.items()]
    return reverse(LIST_URLS[kind]) + ("?" + urlencode(params) if params else "")


def _any_status(q_function, statuses, now):
    condition = Q(pk__in=[])
    for status in statuses:
        condition |= q_function(status, now)
    return condition


def rate(part, whole):
    """A fraction, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass
class Stage:
    label: str
    count: int
    url: str
    rate: float | None = None  # from the stage before


@dataclass
class Share:
    label: str
    count: int
    share: float | None
    url: str


@dataclass
class Median:
    label: str
    value: timedelta | None
    count: int
    url: str


@dataclass
class ClientRow:
    client: Client
    url: str
    invitations: int
    invitations_url: str
    completed: int
    completed_url: str
    proposals: int
    proposals_url: str
    accepted: int
    accepted_url: str


@dataclass
class MonthRow:
    month: datetime
    key: str  # YYYY-MM
    invitations: int
    invitations_url: str
    proposals: int
    proposals_url: str
    accepted: int
    accepted_url: str


@dataclass
class Report:
    funnel: list
    losses: list
    medians: list
    connects: int
    connects_url: str
    offers_won: int
    offers_won_url: str
    connects_per_win: float | None
    clients: list
    more_clients: int
    months: list
    charts: dict = field(default_factory=dict)

    @property
    def is_empty(self):
        # Any stage counts: offers may be recorded without an invitation or a proposal.
        return not any(stage.count for stage in self.funnel)


def median_duration(queryset, start, end, count):
    """The median of `end - start` over `count` rows: the database sorts, two rows are read."""
    if not count:
        return None
    durations = (
        queryset.annotate(
            duration=ExpressionWrapper(F(end) - F(start), output_field=DurationField())
        )
        .order_by("duration")
        .values_list("duration", flat=True)
    )
    middle = count // 2
    if count % 2:
        return durations[middle]
    low, high = durations[middle - 1 : middle + 1]
    return (low + high) / 2


def _count_subquery(queryset):
    """Per-client counts as a correlated subquery (no join fan-out between the three kinds)."""
    counted = (
        queryset.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def build(user, now=None):
    now = now or timezone.now()
    zone = zone_of(user)
    invitations = Invitation.objects.filter(owner=user)
    proposals = Proposal.objects.filter(owner=user)
    offers = Offer.objects.filter(owner=user)
    started_q = _any_status(invitation_q, STARTED, now)
    completed_q = _any_status(invitation_q, COMPLETED, now)
    received_q = _any_status(offer_q, RECEIVED, now)
    accepted_q = _any_status(offer_q, ACCEPTED, now)
    sent_q = Q(status__in=SENT)

    inv = invitations.aggregate(
        total=Count("pk"),
        started=Count("pk", filter=started_q),
        completed=Count("pk", filter=completed_q),
        expired=Count("pk", filter=invitation_q(InvitationStatus.EXPIRED, now)),
        lapsed=Count("pk", filter=invitation_q(InvitationStatus.LAPSED, now)),
    )
    prop = proposals.aggregate(
        sent=Count("pk", filter=sent_q),
        connects=Coalesce(Sum("connects_spent", filter=sent_q), 0),
    )
    off = offers.aggregate(
        received=Count("pk", filter=received_q),
        accepted=Count("pk", filter=accepted_q),
    )

    funnel = [
        Stage("Invitations", inv["total"], list_url("invitations")),
        Stage("Interviews started", inv["started"], list_url("invitations", STARTED)),
        Stage("Interviews completed", inv["completed"], list_url("invitations", COMPLETED)),
        Stage("Proposals sent", prop["sent"], list_url("proposals", SENT)),
        Stage("Offers received", off["received"], list_url("offers", RECEIVED)),
        Stage("Offers accepted", off["accepted"], list_url("offers", ACCEPTED)),
    ]
    for before, stage in zip(funnel, funnel[1:], strict=False):
        stage.rate = rate(stage.count, before.count)

    expired, lapsed = inv["expired"], inv["lapsed"]
    losses = [
        Share(
            "Expired (never started)",
            expired,
            rate(expired, inv["total"]),
            list_url("invitations", [InvitationStatus.EXPIRED]),
        ),
        Share(
            "Lapsed (started, never completed)",
            lapsed,
            rate(lapsed, inv["total"]),
            list_url("invitations", [InvitationStatus.LAPSED]),
        ),
        Share(
            "Expired or lapsed",
            expired + lapsed,
            rate(expired + lapsed, inv["total"]),
            list_url("invitations", [InvitationStatus.EXPIRED, InvitationStatus.LAPSED]),
        ),
    ]

    medians = [
        Median(
            "From notification to start",
            median_duration(
                invitations.filter(started_q), "notified_at", "started_at", inv["started"]
            ),
            inv["started"],
            list_url("invitations", STARTED),
        ),
        Median(
            "From start to completion",
            median_duration(
                invitations.filter(completed_q), "started_at", "completed_at", inv["completed"]
            ),
            inv["completed"],
            list_url("invitations", COMPLETED),
        ),
    ]

    clients, active_clients = _clients(user, now)
    report = Report(
        funnel=funnel,
        losses=losses,
        medians=medians,
        connects=prop["connects"],
        connects_url=list_url("proposals", SENT),
        offers_won=off["accepted"],
        offers_won_url=list_url("offers", ACCEPTED),
        connects_per_win=rate(prop["connects"], off["accepted"]),
        clients=clients,
        more_clients=max(0, active_clients - TOP_CLIENTS),
        months=_months(user, zone, now),
    )
    report.charts = {"funnel": funnel_chart(funnel), "months": months_chart(report.months)}
    return report


def _clients(user, now):
    """The busiest clients' rows, and how many clients have any activity at all."""
    completed_q = _any_status(invitation_q, COMPLETED, now)
    accepted_q = _any_status(offer_q, ACCEPTED, now)
    # The user's own rows only: another account's rows may still point at the user's client
    # (links made before the models refused them).
    invitations = Invitation.objects.filter(owner=user)
    rows = (
        Client.objects.filter(owner=user)
        .annotate(
            n_invitations=_count_subquery(invitations),
            n_completed=_count_subquery(invitations.filter(completed_q)),
            n_proposals=_count_subquery(Proposal.objects.filter(owner=user, status__in=SENT)),
            n_accepted=_count_subquery(Offer.objects.filter(accepted_q, owner=user)),
        )
        .filter(Q(n_invitations__gt=0) | Q(n_proposals__gt=0) | Q(n_accepted__gt=0))
    )
    active = rows.count()
    top = rows.order_by("-n_invitations", "-n_accepted", "name", "pk")[:TOP_CLIENTS]
    result = [
        ClientRow(
            client=c,
            url=c.get_absolute_url(),
            invitations=c.n_invitations,
            invitations_url=list_url("invitations", client=c.pk),
            completed=c.n_completed,
            completed_url=list_url("invitations", COMPLETED, client=c.pk),
            proposals=c.n_proposals,
            proposals_url=list_url("proposals", SENT, client=c.pk),
            accepted=c.n_accepted,
            accepted_url=list_url("offers", ACCEPTED, client=c.pk),
        )
        for c in top
    ]
    return result, active


def _per_month(queryset, field_name, zone, since):
    rows = (
        queryset.filter(**{f"{field_name}__gte": since})
        .annotate(month=TruncMonth(field_name, tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {row["month"].strftime("%Y-%m"): row["n"] for row in rows}


def _months(user, zone, now):
    """The last twelve months in the user's zone, this one last, empty months included."""
    this_month = now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    first = this_month - relativedelta(months=MONTHS - 1)
    invitations = _per_month(Invitation.objects.filter(owner=user), "notified_at", zone, first)
    proposals = _per_month(
        Proposal.objects.filter(owner=user, status__in=SENT), "submitted_at", zone, first
    )
    accepted = _per_month(
        Offer.objects.filter(_any_status(offer_q, ACCEPTED, now), owner=user),
        "accepted_at",
        zone,
        first,
    )
    months = []
    for offset in range(MONTHS):
        month = first + relativedelta(months=offset)
        key = month.strftime("%Y-%m")
        months.append(
            MonthRow(
                month=month,
                key=key,
                invitations=invitations.get(key, 0),
                invitations_url=list_url("invitations", month=key),
                proposals=proposals.get(key, 0),
                proposals_url=list_url("proposals", SENT, month=key),
                accepted=accepted.get(key, 0),
                accepted_url=list_url("offers", ACCEPTED, month=key),
            )
        )
    return months


# Charts: geometry for server-rendered SVG (the template draws it; CSS colours it) ---------

FUNNEL_WIDTH, FUNNEL_ROW, FUNNEL_LABEL, FUNNEL_BAR = 640, 34, 200, 360


def funnel_chart(stages):
    top = max((s.count for s in stages), default=0) or 1
    bars = []
    for i, stage in enumerate(stages):
        width = round(FUNNEL_BAR * stage.count / top, 1)
        y = i * FUNNEL_ROW
        bars.append(
            {
                "label": stage.label,
                "count": stage.count,
                "y": y + 6,
                "height": FUNNEL_ROW - 12,
                "x": FUNNEL_LABEL,
                "width": max(width, 1 if stage.count else 0),
                "text_y": y + FUNNEL_ROW / 2 + 5,
                "count_x": FUNNEL_LABEL + width + 8,
            }
        )
    return {
        "width": FUNNEL_WIDTH,
        "height": len(stages) * FUNNEL_ROW,
        "label_x": FUNNEL_LABEL - 10,
        "bars": bars,
    }


MONTH_WIDTH, MONTH_HEIGHT, MONTH_AXIS = 640, 200, 24
SERIES = ("invitations", "proposals", "accepted")


def months_chart(months):
    top = max((getattr(m, s) for m in months for s in SERIES), default=0) or 1
    slot = MONTH_WIDTH / len(months)
    bar = (slot - 8) / len(SERIES)
    plot = MONTH_HEIGHT - MONTH_AXIS
    groups = []
    for i, month in enumerate(months):
        x0 = i * slot + 4
        bars = []
        for j, series in enumerate(SERIES):
            value = getattr(month, series)
            height = round(plot * value / top, 1)
            bars.append(
                {
                    "series": series,
                    "value": value,
                    "x": round(x0 + j * bar, 1),
                    "width": round(bar - 1, 1),
                    "y": round(plot - height, 1),
                    "height": height,
                }
            )
        groups.append(
            {
                "label": month.month.strftime("%b"),
                "label_x": round(x0 + (slot - 8) / 2, 1),
                "bars": bars,
            }
        )
    return {
        "width": MONTH_WIDTH,
        "height": MONTH_HEIGHT,
        "axis_y": plot,
        "label_y": MONTH_HEIGHT - 6,
        "groups": groups,
    }
