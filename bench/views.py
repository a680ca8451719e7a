"""Page floors: each signed-in page's required work done the cheapest way. Routed only by
bench/urls.py.

A floor reads, for the same signed-in user, the rows its page shows with no more queries
than its page makes (the same indexes, the same UNION of limited id subqueries for what is
due), each query of a fixed shape compiled once per process (kit.prepared) and read as plain
rows, no model instance; it prepares them in one plain pass (one clock read, one zone
conversion per time, links formatted from one `reverse()` per kind of link, cells as
strings) and renders them with a plain template of the same rows and the same links, the
page header included. What a floor skips is only what the page's rows do not need: query
compilation per request, model instances, template tags per cell, per-row `reverse()`.
tests/bench/test_floors.py holds each floor to its page's rows, links and query count.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Lower
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from interviews.models import Client, Invitation, PreparationItem, status_case, status_q
from kit.clock import span_words, zone_of
from kit.prepared import Prepared, compiled
from kit.status import count_sql
from offers.models import Offer
from pipeline.analytics import Elapsed
from pipeline.dashboard import STAGE_COUNTS, STAGES, nearest_first
from proposals.models import Proposal, ProposalTemplate

PAGE_SIZE = 25  # the lists' page
DUE_LIMIT, MISSED_LIMIT, ACTIVITY_LIMIT = 50, 10, 10  # the dashboard's sections
MISSED_WITHIN = timedelta(days=7)
TOP_CLIENTS, MONTHS = 20, 12  # analytics
POINTS = 4  # preparation points of an invitation
DEADLINE = "%a %d %b %Y %H:%M"

INVITATION_LABELS = {
    "pending": "Pending",
    "in_progress": "In progress",
    "completed": "Completed",
    "expired": "Expired",
    "lapsed": "Lapsed",
    "declined": "Declined",
    "archived": "Archived",
}
OFFER_LABELS = {
    "requested": "Requested",
    "received": "Received",
    "accepted": "Accepted",
    "declined": "Declined",
    "withdrawn": "Withdrawn by the client",
    "expired": "Expired",
}
PROPOSAL_LABELS = dict(Proposal.Status.choices)
INVITATION_FILTERS = [("all", "All"), ("open", "Open"), *INVITATION_LABELS.items()]


@cache
def paths():
    """Every path the floors link to, each from one `reverse()`; detail paths end before the
    id, which rows append."""

    def prefix(name):
        return reverse(name, args=[0])[: -len("0/")]

    names = [
        "dashboard",
        "invitation_list",
        "client_list",
        "proposal_list",
        "offer_list",
        "analytics",
        "inbox",
        "notification_list",
        "settings",
        "invitation_new",
        "client_new",
        "proposal_new",
        "template_list",
        "template_new",
        "offer_new",
    ]
    found = {name: reverse(name) for name in names}
    for name in ("invitation_detail", "client_detail", "proposal_detail", "offer_detail"):
        found[name] = prefix(name)
    return found


def render_floor(request, template, context):
    """The floor's template; the page header's unread count and Inbox switch come from the
    same context processors as the pages' (the count is one query)."""
    user = request.user
    context.update(paths=paths(), username=user.get_username(), zone_name=user.timezone)
    return render(request, template, context)


class Clock:
    """One clock read and one zone for a page: times shown and countdown words."""

    def __init__(self, user):
        self.now = timezone.now()
        self.zone = zone_of(user)

    def show(self, moment):
        local = moment.astimezone(self.zone)
        return f"{local.strftime(DEADLINE)} {local.tzname()}"

    def words(self, moment):
        return span_words(abs((moment - self.now).total_seconds()))


def moment(value):
    """A time read by a plain cursor, aware: SQLite gives text or a naive UTC time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def fetch(prepared, times=(), **values):
    """The rows of a query compiled once (kit.prepared), as dicts by column name, `times`
    made aware: no queryset is built or compiled per request, no model instance made."""
    sql, params = prepared.sql(**values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        for row in rows:
            for name in times:
                row[name] = moment(row[name])
    return rows


# SQL pieces: plain comparisons on the stored timestamps and deadlines -------------------

LIVE = Q(declined_at__isnull=True, archived_at__isnull=True)


def invitation_status(row, now):
    if row["declined_at"]:
        return "declined"
    if row["archived_at"]:
        return "archived"
    if row["completed_at"]:
        return "completed"
    if row["started_at"]:
        return "lapsed" if now >= row["completion_deadline"] else "in_progress"
    return "expired" if now >= row["start_deadline"] else "pending"


def offer_status(row, now):
    if row["withdrawn_at"]:
        return "withdrawn"
    if row["declined_at"]:
        return "declined"
    if row["accepted_at"]:
        return "accepted"
    if row["received_at"]:
        return "expired" if now >= row["expires_at"] else "received"
    return "requested"


def preparation_done():
    done = (
        PreparationItem.objects.filter(invitation=OuterRef("pk"), done=True)
        .order_by()
        .values("invitation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(done, output_field=IntegerField()), 0)


INVITATION_TIMES = (
    "started_at",
    "completed_at",
    "declined_at",
    "archived_at",
    "start_deadline",
    "completion_deadline",
    "notified_at",
)
OFFER_TIMES = (
    "requested_at",
    "received_at",
    "expires_at",
    "accepted_at",
    "declined_at",
    "withdrawn_at",
)


# Dashboard ------------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a floor's table: what the template prints, all prepared."""

    url: str
    title: str
    client: str = ""
    note: str = ""
    deadline: str = ""
    status: str = ""
    label: str = ""
    words: str = ""
    at: object = None


def dashboard_counts(user, now):
    """The pipeline's counts, all in one query compiled once, like the page's: a subquery per
    count, each reading a range of one index."""
    sql, params = STAGE_COUNTS.sql(owner=user.pk, now=now, since=now - MISSED_WITHIN)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = dict(zip(STAGES, cursor.fetchone(), strict=True))
    counts["invitations_missed"] = counts.pop("expired") + counts.pop("lapsed")
    return counts


def due_query(model, *fields, **annotations):
    """Per model, ≤ DUE_LIMIT open windows and ≤ MISSED_LIMIT missed ones in one query (a
    UNION of two limited id subqueries, as the page reads them), compiled once."""

    def build(owner, now, since):
        rows = nearest_first(model.objects.filter(owner=owner).unfinished(), now, since)
        rows = rows.annotate(client_name=F("client__name"), **annotations)
        return compiled(rows.values(*fields, "client_name", *annotations))

    return Prepared(build)


DUE_INVITATIONS = due_query(
    Invitation,
    "id",
    "job_title",
    "started_at",
    window=Coalesce("completion_deadline", "start_deadline"),
    done=preparation_done(),
)
DUE_OFFERS = due_query(Offer, "id", "job_title", "expires_at")


def due_rows(user, clock):
    """What is due: per model, one query for the nearest open windows and one for the latest
    missed ones; merged like the page (open nearest first, missed latest first)."""
    now, links = clock.now, paths()
    values = {"owner": user.pk, "now": now, "since": now - MISSED_WITHIN}
    invitations = fetch(DUE_INVITATIONS, ("started_at", "window"), **values)
    offers = fetch(DUE_OFFERS, ("expires_at",), **values)

    def shown(view, row, task, at, status, labels):
        """One row of what is due: its link, title, client, task, deadline and badge."""
        url = links[view] + f"{row['id']}/"
        name = row["client_name"] or "—"
        return Row(url, row["job_title"], name, task, clock.show(at), status, labels[status],
                   clock.words(at), at)  # fmt: skip

    def invitation(row, missed):
        started = row["started_at"] is not None
        if missed:
            status, task = (
                ("lapsed", "Not completed in time") if started else ("expired", "Never started")
            )
        else:
            status = "in_progress" if started else "pending"
            task = "Complete and submit the interview" if started else "Start the interview"
            task += f" · preparation {row['done']}/{POINTS}"
        return shown("invitation_detail", row, task, row["window"], status, INVITATION_LABELS)

    def offer(row, missed):
        status = "expired" if missed else "received"
        task = "Not accepted in time" if missed else "Review and accept the offer"
        return shown("offer_detail", row, task, row["expires_at"], status, OFFER_LABELS)

    due = [invitation(r, False) for r in invitations if r["window"] > now]
    due += [offer(r, False) for r in offers if r["expires_at"] > now]
    missed = [invitation(r, True) for r in invitations if r["window"] <= now]
    missed += [offer(r, True) for r in offers if r["expires_at"] <= now]
    due.sort(key=lambda row: row.at)
    missed.sort(key=lambda row: row.at, reverse=True)
    for row in missed:
        row.words = f"{row.status} {row.words} ago"
    return due[:DUE_LIMIT], missed[:MISSED_LIMIT]


def latest_query(model, ordering, *fields, **filters):
    """Per model, the ACTIVITY_LIMIT rows with the newest event (picked by id before the
    client is joined, as the page does), compiled once."""

    def build(owner):
        mine = model.objects.filter(owner=owner, **filters)
        first = mine.alias(last=ordering).order_by("-last", "-pk").values("pk")[:ACTIVITY_LIMIT]
        rows = model.objects.filter(pk__in=first).annotate(client_name=F("client__name"))
        return compiled(rows.values("id", "job_title", *fields, "client_name"))

    return Prepared(build)


INVITATION_EVENTS = ("notified_at", "started_at", "completed_at", "declined_at")
LATEST_INVITATIONS = latest_query(
    Invitation,
    Greatest("notified_at", *[Coalesce(field, "notified_at") for field in INVITATION_EVENTS[1:]]),
    *INVITATION_EVENTS,
)
LATEST_PROPOSALS = latest_query(
    Proposal, F("submitted_at"), "submitted_at", submitted_at__isnull=False
)
LATEST_OFFERS = latest_query(
    Offer,
    Greatest("received_at", Coalesce("accepted_at", "received_at")),
    "received_at",
    "accepted_at",
    received_at__isnull=False,
)


def activity_rows(user, clock):
    """Recent activity: per model, the ACTIVITY_LIMIT rows with the newest event, merged."""
    links, events = paths(), []
    invitations = fetch(LATEST_INVITATIONS, INVITATION_EVENTS, owner=user.pk)
    for row in invitations:
        url = links["invitation_detail"] + f"{row['id']}/"
        for field, verb in (
            ("notified_at", "Invitation received"),
            ("started_at", "Interview started"),
            ("completed_at", "Interview completed"),
            ("declined_at", "Invitation declined"),
        ):
            if row[field] is not None:
                events.append(
                    Row(
                        url,
                        row["job_title"],
                        row["client_name"] or "",
                        verb,
                        at=row[field],
                        status="invitation",
                    )
                )
    proposals = fetch(LATEST_PROPOSALS, ("submitted_at",), owner=user.pk)
    for row in proposals:
        events.append(
            Row(
                links["proposal_detail"] + f"{row['id']}/",
                row["job_title"],
                row["client_name"] or "",
                "Proposal submitted",
                at=row["submitted_at"],
                status="proposal",
            )
        )
    offers = fetch(LATEST_OFFERS, ("received_at", "accepted_at"), owner=user.pk)
    for row in offers:
        url = links["offer_detail"] + f"{row['id']}/"
        for field, verb in (("received_at", "Offer received"), ("accepted_at", "Offer accepted")):
            if row[field] is not None:
                events.append(
                    Row(
                        url,
                        row["job_title"],
                        row["client_name"] or "",
                        verb,
                        at=row[field],
                        status="offer",
                    )
                )
    events.sort(key=lambda event: event.at, reverse=True)
    events = events[:ACTIVITY_LIMIT]
    for event in events:
        event.deadline = clock.show(event.at)
    return events


@login_required
def dashboard(request):
    """The dashboard's floor: pipeline counts (one aggregate per model), what is due (per
    model one query for ≤ 50 open windows, one for ≤ 10 missed in 7 days), recent activity
    (per model one query for its 10 newest events), rendered with the same rows and links."""
    user, clock = request.user, Clock(request.user)
    counts = dashboard_counts(user, clock.now)
    context = {"counts": counts, "name": user.display_name}
    if counts["invitations"] or counts["proposals"] or counts["offers"]:
        due, missed = due_rows(user, clock)
        context.update(
            started=True,
            due=due,
            missed=missed,
            due_total=counts["pending"] + counts["in_progress"] + counts["awaiting"],
            missed_total=counts["invitations_missed"] + counts["offers_missed"],
            activity=activity_rows(user, clock),
            missed_days=MISSED_WITHIN.days,
        )
    return render_floor(request, "bench/dashboard.html", context)


# Lists ----------------------------------------------------------------------------------


def pages_of(count, page_rows):
    """The pagination the lists show on their first page."""
    pages = max(1, -(-count // PAGE_SIZE))
    return {"pages": pages, "has_next": pages > 1, "rows": page_rows}


# Each status's count, a subquery on its index each, in one query (as the page counts them).
CHIP_COUNTS = Prepared(
    lambda owner, now: count_sql(
        **{
            status: Invitation.objects.filter(owner=owner).filter(status_q(status, now))
            for status in INVITATION_LABELS
        }
    )
)
PAGE_FIELDS = ("id", "job_title", "client_id", *INVITATION_TIMES)


def page_query(ordered):
    """`ordered(owner, now)`'s first PAGE_SIZE rows with their client and preparation: the
    ids picked first, the client joined to those alone (as the page's rows are), in no
    order; compiled once."""

    def build(owner, now):
        first = ordered(Invitation.objects.filter(owner=owner), now).values("pk")[:PAGE_SIZE]
        rows = Invitation.objects.filter(pk__in=first).annotate(
            client_name=F("client__name"),
            client_company=F("client__company"),
            done=preparation_done(),
        )
        return compiled(rows.values(*PAGE_FIELDS, "client_name", "client_company", "done"))

    return Prepared(build)


# The open ones by deadline, then the closed ones newest first: each read in an index's order.
OPEN_PAGE = page_query(lambda mine, now: mine.open_by_deadline(now))
CLOSED_PAGE = page_query(lambda mine, now: mine.closed_newest_first(now))


def newest_first(row):
    return (-row["notified_at"].timestamp(), -row["id"])


@login_required
def invitation_list(request):
    """The invitation list's floor: the status chips' counts (one query) and its first page
    of 25: the open rows by next deadline, then if they are fewer the closed ones newest
    first (one query each), with client, preparation and status."""
    user, clock = request.user, Clock(request.user)
    now, links = clock.now, paths()
    with connection.cursor() as cursor:
        cursor.execute(*CHIP_COUNTS.sql(owner=user.pk, now=now))
        counts = dict(zip(INVITATION_LABELS, cursor.fetchone(), strict=True))
    counts["all"] = sum(counts.values())
    counts["open"] = counts["pending"] + counts["in_progress"]
    page = []
    if counts["open"]:
        page = fetch(OPEN_PAGE, INVITATION_TIMES, owner=user.pk, now=now)
        for row in page:
            row["next"] = row["completion_deadline"] or row["start_deadline"]
        page.sort(key=lambda row: (row["next"], *newest_first(row)))
    if len(page) < PAGE_SIZE and counts["all"] > counts["open"]:
        closed = fetch(CLOSED_PAGE, INVITATION_TIMES, owner=user.pk, now=now)
        for row in closed:
            row["next"] = None
        page += sorted(closed, key=newest_first)[: PAGE_SIZE - len(page)]
    rows = []
    for row in page:
        status = invitation_status(row, now)
        start = row["started_at"] or row["notified_at"]
        rows.append(
            {
                "url": links["invitation_detail"] + f"{row['id']}/",
                "title": row["job_title"],
                "client_url": links["client_detail"] + f"{row['client_id']}/",
                "client": row["client_name"],
                "company": f" {row['client_company']}" if row["client_company"] else "",
                "status": status,
                "label": INVITATION_LABELS[status],
                "next": clock.show(row["next"]) if row["next"] else "",
                "words": clock.words(row["next"]) if row["next"] else "",
                "window_start": start.isoformat(),
                "done": row["done"],
                "notified": clock.show(row["notified_at"]),
            }
        )
    chips = [
        (f"?status={value}" if value != "all" else links["invitation_list"], label, counts[value])
        for value, label in INVITATION_FILTERS
    ]
    return render_floor(
        request,
        "bench/invitation_list.html",
        {"chips": chips, "points": POINTS, **pages_of(counts["all"], rows)},
    )


def newest_page(model, *fields):
    """A list's first page, newest first, with the client's name: compiled once."""
    return Prepared(
        lambda owner: compiled(
            model.objects.filter(owner=owner)
            .annotate(client_name=F("client__name"))
            .order_by("-created_at", "-pk")
            .values("id", "job_title", *fields, "client_name")[:PAGE_SIZE]
        )
    )


def count_of(model):
    """How many rows the owner has: compiled once."""
    return Prepared(lambda owner: count_sql(rows=model.objects.filter(owner=owner)))


PROPOSAL_COUNT = count_of(Proposal)
PROPOSAL_PAGE = newest_page(
    Proposal, "invitation_id", "bid_amount", "currency", "bid_type", "status", "submitted_at"
)
OFFER_COUNT = count_of(Offer)
OFFER_PAGE = newest_page(Offer, "amount", "currency", "contract_type", *OFFER_TIMES)


@login_required
def proposal_list(request):
    """The proposal list's floor: its row count and its first page of 25 (one query each);
    the status chips are plain links."""
    user, clock = request.user, Clock(request.user)
    links = paths()
    count = fetch_rows(PROPOSAL_COUNT, owner=user.pk)[0][0]
    page = fetch(PROPOSAL_PAGE, ("submitted_at",), owner=user.pk) if count else []
    rows = [
        {
            "url": links["proposal_detail"] + f"{row['id']}/",
            "title": row["job_title"],
            "note": (f"{row['client_name']} · " if row["client_name"] else "")
            + ("answers an invitation" if row["invitation_id"] is not None else "job post"),
            "bid": "no bid yet"
            if row["bid_amount"] is None
            else (
                f"{row['bid_amount']} {row['currency']}"
                + ("/h" if row["bid_type"] == "hourly" else " fixed")
            ),
            "status": row["status"],
            "label": PROPOSAL_LABELS[row["status"]],
            "submitted": clock.show(row["submitted_at"]) if row["submitted_at"] else "not yet",
        }
        for row in page
    ]
    context = {"statuses": Proposal.Status.choices, **pages_of(count, rows)}
    if not count:
        # Only the empty page offers to write a template first, if there is none.
        context["has_templates"] = ProposalTemplate.objects.filter(owner=user).exists()
    return render_floor(request, "bench/proposal_list.html", context)


def expiry(row, status, shown, clock):
    """The offer row's last cell, before its Accept link if it has one."""
    if status == "received":
        return f"{clock.words(row['expires_at'])} {clock.show(row['expires_at'])}"
    if shown and row[shown]:
        return f"{status} {clock.show(row[shown])}"
    return "—"


@login_required
def offer_list(request):
    """The offer list's floor: its row count and its first page of 25 (one query each), the
    status and countdown of each row from one clock read; the status chips are plain links."""
    user, clock = request.user, Clock(request.user)
    now, links = clock.now, paths()
    count = fetch_rows(OFFER_COUNT, owner=user.pk)[0][0]
    page = fetch(OFFER_PAGE, OFFER_TIMES, owner=user.pk) if count else []
    rows = []
    for row in page:
        status = offer_status(row, now)
        shown = {
            "requested": "requested_at",
            "expired": "expires_at",
            "accepted": "accepted_at",
        }.get(status)
        rows.append(
            {
                "url": links["offer_detail"] + f"{row['id']}/",
                "title": row["job_title"],
                "client": f" {row['client_name']}" if row["client_name"] else "",
                "terms": "—"
                if row["amount"] is None
                else (
                    f"{row['amount']} {row['currency']}"
                    + ("/h" if row["contract_type"] == "hourly" else " fixed")
                ),
                "status": status,
                "label": OFFER_LABELS[status],
                "expiry": expiry(row, status, shown, clock),
                "accept": status == "received",
            }
        )
    return render_floor(
        request,
        "bench/offer_list.html",
        {"statuses": OFFER_LABELS.items(), **pages_of(count, rows)},
    )


def client_page(owner):
    return Client.objects.filter(owner=owner).order_by(Lower("name"), "pk")[:PAGE_SIZE]


CLIENT_COUNT = count_of(Client)
CLIENT_PAGE = Prepared(
    lambda owner: compiled(client_page(owner).values_list("pk", "name", "company", "industry"))
)


# The shown clients' invitations counted from the index by client and owner alone, and the
# open ones (all clients') from the index of unfinished invitations by window end: the
# open rows hold no history, where one filtered count read every invitation of the page's
# clients.
CLIENT_TOTALS = Prepared(
    lambda owner: compiled(
        Invitation.objects.filter(owner=owner, client__in=client_page(owner).values("pk"))
        .order_by()
        .values_list("client_id")
        .annotate(n=Count("pk"))
    )
)
CLIENT_OPEN = Prepared(
    lambda owner, now: compiled(
        Invitation.objects.filter(owner=owner)
        .unfinished()
        .filter(window_deadline__gt=now)
        .order_by()
        .values_list("client_id")
        .annotate(n=Count("pk"))
    )
)


@login_required
def client_list(request):
    """The client list's floor: its row count, its first page of 25 clients by name, those
    clients' invitations and the open ones counted in a grouped query each, as the page
    counts them; each query compiled once."""
    user, now, links = request.user, timezone.now(), paths()
    count = fetch_rows(CLIENT_COUNT, owner=user.pk)[0][0]
    page = fetch_rows(CLIENT_PAGE, owner=user.pk) if count else []
    counts = {}
    if page:
        opened = dict(fetch_rows(CLIENT_OPEN, owner=user.pk, now=now))
        counts = {
            client: (n, opened.get(client, 0))
            for client, n in fetch_rows(CLIENT_TOTALS, owner=user.pk)
        }
    rows = [
        {
            "url": links["client_detail"] + f"{pk}/",
            "name": name,
            "company": company or "—",
            "industry": industry or "—",
            "invitations": counts.get(pk, (0, 0))[0],
            "open": counts.get(pk, (0, 0))[1],
        }
        for pk, name, company, industry in page
    ]
    return render_floor(request, "bench/client_list.html", pages_of(count, rows))


# Analytics ------------------------------------------------------------------------------


def median_query(condition, start, end):
    """The durations `end - start` of the rows meeting `condition`, ordered (by a native
    difference, as the page orders them), compiled once; LIMIT and OFFSET come after."""

    def build(owner):
        rows = Invitation.objects.filter(condition, owner=owner).order_by(Elapsed(end, start))
        sql, params = compiled(rows.values_list(start, end))
        return f"{sql} LIMIT %s OFFSET %s", params

    return Prepared(build)


STARTED_DURATIONS = median_query(LIVE & Q(started_at__isnull=False), "notified_at", "started_at")
COMPLETED_DURATIONS = median_query(
    LIVE & Q(completed_at__isnull=False), "started_at", "completed_at"
)


def median(prepared, count, user):
    """The middle duration of `count` rows: the database sorts, one or two rows are read."""
    if not count:
        return None
    sql, params = prepared.sql(owner=user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, 2 - count % 2, (count - 1) // 2])
        durations = [moment(end) - moment(start) for start, end in cursor.fetchall()]
    return sum(durations, timedelta()) / len(durations)


def percent(part, whole):
    return f"{part / whole:.0%}" if whole else "—"


SENT = ["submitted", "withdrawn", "declined", "hired"]
# The funnel, the losses and the clients' rows all read these grouped rows, compiled once.
INVITATIONS_BY_CLIENT = Prepared(
    lambda owner, now: compiled(
        Invitation.objects.filter(owner=owner)
        .annotate(state=status_case(now))
        .order_by()
        .values_list("client_id", "state")
        .annotate(n=Count("pk"))
    )
)
PROPOSALS_BY_CLIENT = Prepared(
    lambda owner: compiled(
        Proposal.objects.filter(owner=owner, status__in=SENT)
        .order_by()
        .values_list("client_id")
        .annotate(n=Count("pk"), connects=Coalesce(Sum("connects_spent"), 0))
    )
)
OFFERS_BY_CLIENT = Prepared(
    lambda owner, now: compiled(
        Offer.objects.filter(owner=owner)
        .annotate(state=Offer.objects.status_case(now))
        .order_by()
        .values_list("client_id", "state")
        .annotate(n=Count("pk"))
    )
)
CLIENT_NAMES = Prepared(
    lambda owner: compiled(
        Client.objects.filter(owner=owner).order_by("name", "pk").values_list("pk", "name")
    )
)


def fetch_rows(prepared, **values):
    """The plain rows of a query compiled once."""
    sql, params = prepared.sql(**values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@login_required
def analytics(request):
    """The analytics floor: per model one grouped query by client (and status) that the
    funnel, the losses and the busiest clients all read, the clients' names in one, the two
    medians (one sorted read each) and twelve months (one grouped query per series); each
    query compiled once."""
    user, clock = request.user, Clock(request.user)
    now, links = clock.now, paths()
    by_client = {}  # client id → [invitations, completed, proposals sent, offers accepted]

    def add(client, column, n):
        if client is not None:
            by_client.setdefault(client, [0, 0, 0, 0])[column] += n

    statuses = dict.fromkeys(INVITATION_LABELS, 0)
    for client, status, n in fetch_rows(INVITATIONS_BY_CLIENT, owner=user.pk, now=now):
        statuses[status] += n
        add(client, 0, n)
        if status == "completed":
            add(client, 1, n)
    inv = {
        "total": sum(statuses.values()),
        "started": statuses["in_progress"] + statuses["completed"] + statuses["lapsed"],
        "completed": statuses["completed"],
        "expired": statuses["expired"],
        "lapsed": statuses["lapsed"],
    }
    prop = {"sent": 0, "connects": 0}
    for client, n, connects in fetch_rows(PROPOSALS_BY_CLIENT, owner=user.pk):
        prop["sent"] += n
        prop["connects"] += connects
        add(client, 2, n)
    off = {"received": 0, "accepted": 0}
    for client, status, n in fetch_rows(OFFERS_BY_CLIENT, owner=user.pk, now=now):
        if status in ("received", "accepted", "expired"):
            off["received"] += n
        if status == "accepted":
            off["accepted"] += n
            add(client, 3, n)
    inv_list, prop_list, off_list = (
        links["invitation_list"],
        links["proposal_list"],
        links["offer_list"],
    )
    started = "status=in_progress&status=completed&status=lapsed"
    sent_params = "status=submitted&status=withdrawn&status=declined&status=hired"
    received = "status=received&status=accepted&status=expired"
    funnel = [
        ("Invitations", inv["total"], inv_list),
        ("Interviews started", inv["started"], f"{inv_list}?{started}"),
        ("Interviews completed", inv["completed"], f"{inv_list}?status=completed"),
        ("Proposals sent", prop["sent"], f"{prop_list}?{sent_params}"),
        ("Offers received", off["received"], f"{off_list}?{received}"),
        ("Offers accepted", off["accepted"], f"{off_list}?status=accepted"),
    ]
    funnel = [
        (label, n, url, "—" if i == 0 else percent(n, funnel[i - 1][1]))
        for i, (label, n, url) in enumerate(funnel)
    ]
    total, expired, lapsed = inv["total"], inv["expired"], inv["lapsed"]
    losses = [
        ("Expired (never started)", expired, percent(expired, total), f"{inv_list}?status=expired"),
        (
            "Lapsed (started, never completed)",
            lapsed,
            percent(lapsed, total),
            f"{inv_list}?status=lapsed",
        ),
        (
            "Expired or lapsed",
            expired + lapsed,
            percent(expired + lapsed, total),
            f"{inv_list}?status=expired&status=lapsed",
        ),
    ]
    medians = [
        (
            "From notification to start",
            median(STARTED_DURATIONS, inv["started"], user),
            inv["started"],
            f"{inv_list}?{started}",
        ),
        (
            "From start to completion",
            median(COMPLETED_DURATIONS, inv["completed"], user),
            inv["completed"],
            f"{inv_list}?status=completed",
        ),
    ]
    medians = [
        (label, span_words(value.total_seconds()) if value is not None else "—", n, url)
        for label, value, n, url in medians
    ]
    clients, more = analytics_clients(user, by_client, links, SENT)
    context = {
        "empty": not any(row[1] for row in funnel),
        "funnel": funnel,
        "losses": losses,
        "medians": medians,
        "connects": prop["connects"],
        "connects_url": f"{prop_list}?{sent_params}",
        "won": off["accepted"],
        "won_url": f"{off_list}?status=accepted",
        "per_win": f"{prop['connects'] / off['accepted']:.1f}" if off["accepted"] else "—",
        "clients": clients,
        "more": more,
        "months": analytics_months(user, clock, links, SENT),
    }
    return render_floor(request, "bench/analytics.html", context)


def analytics_clients(user, by_client, links, sent):
    """The 20 busiest clients with their four counts, and how many more have any activity:
    the counts from the funnel's grouped rows, the names from one read of the user's
    clients in name order (ties keep it)."""
    active = [
        (pk, name, by_client[pk])
        for pk, name in fetch_rows(CLIENT_NAMES, owner=user.pk)
        if any(by_client.get(pk, (0, 0, 0, 0)))
    ]
    active.sort(key=lambda row: (-row[2][0], -row[2][3]))
    inv_list, prop_list, off_list = (
        links["invitation_list"],
        links["proposal_list"],
        links["offer_list"],
    )
    sent_params = "&".join(f"status={s}" for s in sent)
    result = [
        {
            "url": links["client_detail"] + f"{pk}/",
            "name": name,
            "cells": [
                (n_inv, f"{inv_list}?client={pk}"),
                (n_done, f"{inv_list}?status=completed&client={pk}"),
                (n_prop, f"{prop_list}?{sent_params}&client={pk}"),
                (n_acc, f"{off_list}?status=accepted&client={pk}"),
            ],
        }
        for pk, name, (n_inv, n_done, n_prop, n_acc) in active[:TOP_CLIENTS]
    ]
    return result, max(0, len(active) - TOP_CLIENTS)


def month_query(model, field, **filters):
    """Rows per month of the twelve whose bounds `start0` … `start12` are given (in the
    user's zone), each row placed by plain comparisons; compiled once."""

    def build(owner, **starts):
        bounds = [starts[f"start{index}"] for index in range(MONTHS + 1)]
        month = Case(
            *(
                When(**{f"{field}__lt": end, "then": Value(index)})
                for index, end in enumerate(bounds[1:-1])
            ),
            default=Value(MONTHS - 1),
        )
        rows = (
            model.objects.filter(owner=owner, **filters)
            .filter(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[-1]})
            .annotate(month=month)
            .order_by()
            .values_list("month")
            .annotate(n=Count("pk"))
        )
        return compiled(rows)

    return Prepared(build)


INVITATION_MONTHS = month_query(Invitation, "notified_at")
PROPOSAL_MONTHS = month_query(Proposal, "submitted_at", status__in=SENT)
ACCEPTED_MONTHS = month_query(
    Offer,
    "accepted_at",
    withdrawn_at__isnull=True,
    declined_at__isnull=True,
    accepted_at__isnull=False,
)


def analytics_months(user, clock, links, sent):
    """The last twelve months in the user's zone: one grouped query per series."""
    zone = clock.zone
    this = clock.now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    first = this - relativedelta(months=MONTHS - 1)
    starts = [first + relativedelta(months=offset) for offset in range(MONTHS + 1)]
    values = {f"start{index}": start for index, start in enumerate(starts)}
    invitations, proposals, accepted = (
        dict(fetch_rows(prepared, owner=user.pk, **values))
        for prepared in (INVITATION_MONTHS, PROPOSAL_MONTHS, ACCEPTED_MONTHS)
    )
    sent_params = "&".join(f"status={s}" for s in sent)
    inv_list, prop_list, off_list = (
        links["invitation_list"],
        links["proposal_list"],
        links["offer_list"],
    )
    months = []
    for index, month in enumerate(starts[:-1]):
        key = month.strftime("%Y-%m")
        months.append(
            {
                "label": month.strftime("%B %Y"),
                "cells": [
                    (invitations.get(index, 0), f"{inv_list}?month={key}"),
                    (proposals.get(index, 0), f"{prop_list}?{sent_params}&month={key}"),
                    (accepted.get(index, 0), f"{off_list}?status=accepted&month={key}"),
                ],
            }
        )
    return months


# The floor of issue 7: the base layout alone, kept for comparison with earlier runs.


@login_required
def floor(request):
    """The base layout alone, for the signed-in user: what every page costs at least."""
    return render(request, "base.html", {"nav": "dashboard"})
