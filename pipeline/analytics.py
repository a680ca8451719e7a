"""Numbers that help decide what to do next: funnel, losses, speed, cost, clients, months.

Every figure is counted in the database, so the page makes the same dozen queries for five
invitations or five thousand. Invitations and offers are grouped once by client and status,
proposals once by client: the funnel, the losses and the clients' rows all read those rows.
The months are counted in bounds computed in the user's zone.

Stages are counted by each item's current status (the project's statuses, computed in SQL by
`status_case`), so every figure is exactly the filtered list it links to: "started" is the
invitations now in progress, completed or lapsed; an invitation declined or archived after it
started counts as declined or archived, like in the lists.

Medians: SQLite has no percentile function, so the database counts the rows and sorts the
durations, and Python reads only the middle one or two (ORDER BY … LIMIT 2 OFFSET n/2). The
same code runs on PostgreSQL; no list of durations is ever loaded.

It lives in `pipeline`, above every domain app, so it may read all their models.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, FloatField, Func, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from interviews.models import Client, Invitation
from interviews.models import Status as InvitationStatus
from interviews.models import status_case as invitation_case
from interviews.models import status_q as invitation_q
from kit.clock import zone_of
from kit.display import pk_url
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


class ListLinks:
    """Addresses of the lists behind the figures, each list's path reversed once per report
    rather than once per figure (the page shows more than a hundred)."""

    def __init__(self):
        self.paths = {kind: reverse(name) for kind, name in LIST_URLS.items()}
        self.client = pk_url("client_detail")

    def __call__(self, kind, statuses=(), **filters):
        params = [("status", str(s)) for s in statuses]
        params += [(name, str(value)) for name, value in filters.items()]
        return self.paths[kind] + ("?" + urlencode(params) if params else "")


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


class Elapsed(Func):
    """`end - start` to order rows by: on SQLite, a native difference of Julian days instead
    of the Python function Django's date arithmetic calls there for every row."""

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = FloatField()  # only ordered by, never read

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def median_duration(queryset, start, end, count):
    """The median of `end - start` over `count` rows: the database sorts, two rows are read."""
    if not count:
        return None
    middle_rows = queryset.order_by(Elapsed(end, start)).values_list(start, end)
    middle = count // 2
    if count % 2:
        began, ended = middle_rows[middle]
        return ended - began
    (low_start, low_end), (high_start, high_end) = middle_rows[middle - 1 : middle + 1]
    return ((low_end - low_start) + (high_end - high_start)) / 2


@dataclass
class ClientCounts:
    invitations: int = 0
    completed: int = 0
    proposals: int = 0
    accepted: int = 0


def _invitation_counts(user, now, by_client):
    """{status: count} of the user's invitations; each client's counts added to `by_client`.

    One query grouped by client and status: the funnel, the losses and the clients' rows
    all read it.
    """
    grouped = (
        Invitation.objects.filter(owner=user)
        .annotate(counted_status=invitation_case(now))
        .order_by()
        .values_list("client_id", "counted_status")
        .annotate(rows=Count("pk"))
    )
    statuses = Counter()
    for client_id, status, rows in grouped:
        statuses[status] += rows
        counts = by_client[client_id]
        counts.invitations += rows
        if status in COMPLETED:
            counts.completed += rows
    return statuses


def _proposal_counts(user, by_client):
    """(proposals sent, connects spent on them); each client's sent ones added to `by_client`."""
    grouped = (
        Proposal.objects.filter(owner=user, status__in=SENT)
        .order_by()
        .values_list("client_id")
        .annotate(rows=Count("pk"), connects=Coalesce(Sum("connects_spent"), 0))
    )
    sent = connects = 0
    for client_id, rows, spent in grouped:
        sent += rows
        connects += spent
        if client_id is not None:
            by_client[client_id].proposals += rows
    return sent, connects


def _offer_counts(user, now, by_client):
    """{status: count} of the user's offers; each client's accepted ones added to `by_client`."""
    offers = Offer.objects.filter(owner=user)
    grouped = (
        offers.annotate(counted_status=offers.status_case(now))
        .order_by()
        .values_list("client_id", "counted_status")
        .annotate(rows=Count("pk"))
    )
    statuses = Counter()
    for client_id, status, rows in grouped:
        statuses[status] += rows
        if status in ACCEPTED and client_id is not None:
            by_client[client_id].accepted += rows
    return statuses


def build(user, now=None):
    now = now or timezone.now()
    zone = zone_of(user)
    links = ListLinks()
    by_client = defaultdict(ClientCounts)
    inv = _invitation_counts(user, now, by_client)
    sent, connects = _proposal_counts(user, by_client)
    off = _offer_counts(user, now, by_client)
    total = sum(inv.values())
    started = sum(inv[s] for s in STARTED)
    completed = sum(inv[s] for s in COMPLETED)
    accepted = sum(off[s] for s in ACCEPTED)

    funnel = [
        Stage("Invitations", total, links("invitations")),
        Stage("Interviews started", started, links("invitations", STARTED)),
        Stage("Interviews completed", completed, links("invitations", COMPLETED)),
        Stage("Proposals sent", sent, links("proposals", SENT)),
        Stage("Offers received", sum(off[s] for s in RECEIVED), links("offers", RECEIVED)),
        Stage("Offers accepted", accepted, links("offers", ACCEPTED)),
    ]
    for before, stage in zip(funnel, funnel[1:], strict=False):
        stage.rate = rate(stage.count, before.count)

    expired, lapsed = inv[InvitationStatus.EXPIRED], inv[InvitationStatus.LAPSED]
    losses = [
        Share(
            "Expired (never started)",
            expired,
            rate(expired, total),
            links("invitations", [InvitationStatus.EXPIRED]),
        ),
        Share(
            "Lapsed (started, never completed)",
            lapsed,
            rate(lapsed, total),
            links("invitations", [InvitationStatus.LAPSED]),
        ),
        Share(
            "Expired or lapsed",
            expired + lapsed,
            rate(expired + lapsed, total),
            links("invitations", [InvitationStatus.EXPIRED, InvitationStatus.LAPSED]),
        ),
    ]

    invitations = Invitation.objects.filter(owner=user)
    medians = [
        Median(
            "From notification to start",
            median_duration(
                invitations.filter(_any_status(invitation_q, STARTED, now)),
                "notified_at",
                "started_at",
                started,
            ),
            started,
            links("invitations", STARTED),
        ),
        Median(
            "From start to completion",
            median_duration(
                invitations.filter(_any_status(invitation_q, COMPLETED, now)),
                "started_at",
                "completed_at",
                completed,
            ),
            completed,
            links("invitations", COMPLETED),
        ),
    ]

    clients, active_clients = _clients(user, by_client, links)
    report = Report(
        funnel=funnel,
        losses=losses,
        medians=medians,
        connects=connects,
        connects_url=links("proposals", SENT),
        offers_won=accepted,
        offers_won_url=links("offers", ACCEPTED),
        connects_per_win=rate(connects, accepted),
        clients=clients,
        more_clients=max(0, active_clients - TOP_CLIENTS),
        months=_months(user, zone, now, links),
    )
    report.charts = {"funnel": funnel_chart(funnel), "months": months_chart(report.months)}
    return report


def _clients(user, by_client, links):
    """The busiest clients' rows, and how many clients have any activity at all.

    The counts come from the grouped queries of the funnel; one more query names the user's
    clients, in the database's order of names, so that ties keep the order they always had.
    Counts on another account's client (links made before the models refused them) never
    show: only the user's own clients are named.
    """
    named = (
        Client.objects.filter(owner=user)
        .order_by("name", "pk")
        .values_list("pk", "name")
        .iterator(chunk_size=2000)
    )
    active = [(pk, name, by_client[pk]) for pk, name in named if _has_activity(by_client.get(pk))]
    # A stable sort: the name order from the database stays between equal counts.
    active.sort(key=lambda row: (-row[2].invitations, -row[2].accepted))
    rows = []
    for pk, name, counts in active[:TOP_CLIENTS]:
        rows.append(
            ClientRow(
                client=Client(pk=pk, owner=user, name=name),
                url=links.client(pk),
                invitations=counts.invitations,
                invitations_url=links("invitations", client=pk),
                completed=counts.completed,
                completed_url=links("invitations", COMPLETED, client=pk),
                proposals=counts.proposals,
                proposals_url=links("proposals", SENT, client=pk),
                accepted=counts.accepted,
                accepted_url=links("offers", ACCEPTED, client=pk),
            )
        )
    return rows, len(active)


def _has_activity(counts):
    return counts is not None and bool(counts.invitations or counts.proposals or counts.accepted)


def _per_month(queryset, field_name, starts):
    """{month's index: rows} of the rows whose `field_name` falls in one of the months that
    begin at `starts` (the last entry ends the last month).

    The months' bounds come from Python, in the user's zone, and each row is placed by plain
    comparisons: truncating every row's time in a zone is a Python function per row on SQLite.
    """
    month = Case(
        *(
            When(**{f"{field_name}__lt": end, "then": Value(index)})
            for index, end in enumerate(starts[1:-1])
        ),
        default=Value(len(starts) - 2),
    )
    rows = (
        queryset.filter(**{f"{field_name}__gte": starts[0], f"{field_name}__lt": starts[-1]})
        .annotate(month=month)
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _months(user, zone, now, links):
    """The last twelve months in the user's zone, this one last, empty months included."""
    this_month = now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    first = this_month - relativedelta(months=MONTHS - 1)
    starts = [first + relativedelta(months=offset) for offset in range(MONTHS + 1)]
    invitations = _per_month(Invitation.objects.filter(owner=user), "notified_at", starts)
    proposals = _per_month(
        Proposal.objects.filter(owner=user, status__in=SENT), "submitted_at", starts
    )
    accepted = _per_month(
        Offer.objects.filter(_any_status(offer_q, ACCEPTED, now), owner=user),
        "accepted_at",
        starts,
    )
    months = []
    for index, month in enumerate(starts[:-1]):
        key = month.strftime("%Y-%m")
        months.append(
            MonthRow(
                month=month,
                key=key,
                invitations=invitations.get(index, 0),
                invitations_url=links("invitations", month=key),
                proposals=proposals.get(index, 0),
                proposals_url=links("proposals", SENT, month=key),
                accepted=accepted.get(index, 0),
                accepted_url=links("offers", ACCEPTED, month=key),
            )
        )
    return months


# Charts: geometry for server-rendered SVG (the template draws it; CSS colours it) ---------

FUNNEL_WIDTH, FUNNEL_ROW, FUNNEL_LABEL, FUNNEL_BAR = 640, 34, 200, 360


def svg(number):
    """A coordinate or length as SVG writes numbers: never localised (a decimal comma would
    break the drawing), and the template then has nothing to format for some two hundred
    of them."""
    return str(number)


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
                "y": svg(y + 6),
                "height": svg(FUNNEL_ROW - 12),
                "x": svg(FUNNEL_LABEL),
                "width": svg(max(width, 1 if stage.count else 0)),
                "text_y": svg(y + FUNNEL_ROW / 2 + 5),
                "count_x": svg(FUNNEL_LABEL + width + 8),
            }
        )
    return {
        "width": svg(FUNNEL_WIDTH),
        "height": svg(len(stages) * FUNNEL_ROW),
        "label_x": svg(FUNNEL_LABEL - 10),
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
                    "x": svg(round(x0 + j * bar, 1)),
                    "width": svg(round(bar - 1, 1)),
                    "y": svg(round(plot - height, 1)),
                    "height": svg(height),
                }
            )
        groups.append(
            {
                "label": month.month.strftime("%b"),
                "label_x": svg(round(x0 + (slot - 8) / 2, 1)),
                "bars": bars,
            }
        )
    return {
        "width": svg(MONTH_WIDTH),
        "height": svg(MONTH_HEIGHT),
        "axis_y": svg(plot),
        "label_y": svg(MONTH_HEIGHT - 6),
        "groups": groups,
    }
