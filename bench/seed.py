"""Synthetic data at a busy agency's scale, stored the way the app itself would store it.

`bulk_create` skips `save()` and the save signals, so this module does their work too: it
stores each deadline on its row (as `Invitation.compute_deadlines` and `Offer.save` would),
creates the four preparation points of every invitation, and leaves every subject's reminder
rows as `reminders.registry.sync` and the sweep would have left them over the subject's life:
sent when their time came while the obligation was open (with their in-app notification),
cancelled once it was met or gone, pending while still ahead.

Every generic freelancer has a realistic history (most invitations closed long ago) and a
handful of open items whose next reminder is due right now: together they are the sweep's
10,000 due reminders, as after a queue outage. The dashboard's user (`bench-owner`) has 200
open and 2,000 closed invitations, with proposals and offers; none of their reminders is due.
"""

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interviews.models import Client, Invitation, Point, PreparationItem
from offers.models import Offer
from proposals.models import Proposal
from reminders.models import Notification, Reminder

OWNER_USERNAME = "bench-owner"
PASSWORD = "bench-password"
USERS_PER_CHUNK = 20
BATCH = 2000  # rows per INSERT where the database allows it (SQLite caps it lower itself)

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Europe/London",
         "America/Los_Angeles", "Australia/Sydney", "America/Sao_Paulo"]  # fmt: skip
NAMES = ["Acme", "Brightleaf", "Northwind", "Kestrel", "Orbit", "Lumen", "Harbor",
         "Juniper", "Cobalt", "Meridian", "Quill", "Summit", "Tandem", "Verdant", "Willow",
         "Zephyr"]  # fmt: skip
KINDS_OF = ["Analytics", "Studio", "Logistics", "Health", "Foods", "Labs", "Finance", "Media"]
TITLES = ["Django developer for booking site", "Data pipeline for analytics dashboard",
          "Route optimisation API", "Patient portal improvements", "Order tracking service",
          "Python scientist for lab tooling", "Payments integration", "Search relevance tuning",
          "Migrate reports to PostgreSQL", "REST API for mobile app"]  # fmt: skip

# What became of a closed invitation, and how often.
FATES = [("completed", 0.40), ("expired", 0.22), ("lapsed", 0.05), ("declined", 0.20),
         ("archived", 0.13)]  # fmt: skip
# The sweep's due items of each freelancer, in turn: which deadline's reminder is due now.
DUE_PATTERN = ["start_window", "completion_window", "start_window", "offer_expiry",
               "start_window", "proposal_followup", "completion_window", "start_window",
               "offer_request_followup", "offer_expiry"]  # fmt: skip

CANCELLED_NOTE = "The deadline changed or was met."


@dataclass
class Scale:
    users: int = 1000
    invitations_per_user: int = 200
    due: int = 10_000
    owner_open: int = 200
    owner_closed: int = 2000


@dataclass
class Seeded:
    now: datetime
    owner: User
    due_ids: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


class Progress:
    """A progress bar on stderr; on a pipe (CI logs) one line per tenth instead."""

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self.shown = -1

    def advance(self, amount=1):
        self.done = min(self.total, self.done + amount)
        share = self.done / self.total
        elapsed = time.monotonic() - self.started
        if self.tty:
            bar = "#" * int(30 * share)
            self.stream.write(
                f"\r{self.label:<10} [{bar:<30}] {share:4.0%} {self.done}/{self.total} "
                f"{elapsed:5.0f} s"
            )
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif int(share * 10) > self.shown:
            self.shown = int(share * 10)
            self.stream.write(f"{self.label}: {share:.0%} ({self.done}/{self.total}), "
                              f"{elapsed:.0f} s\n")  # fmt: skip
            self.stream.flush()


class Outbox:
    """The reminder rows of one chunk of subjects, as the registry and the sweep left them."""

    def __init__(self, now, rng):
        self.now, self.rng = now, rng
        self.rows, self.due = [], []

    def follow(self, kind, owner_id, subject_id, deadline, leads, ended=None):
        """The rows of one deadline. `ended`: when the obligation was met or gone (None while
        it is open); a deadline that passed unmet ends it too."""
        now = self.now
        end = ended if ended is not None else (deadline if deadline <= now else None)
        due_now = [lead for lead in leads if deadline - lead <= now] if end is None else []
        shortest_due = min(due_now) if due_now else None
        for lead in leads:
            due_at = deadline - lead
            row = Reminder(
                owner_id=owner_id,
                kind=kind,
                subject_id=subject_id,
                deadline=deadline,
                lead=lead,
                due_at=due_at,
                next_attempt_at=due_at,
            )
            if end is not None and end < due_at:
                row.status, row.note = Reminder.Status.CANCELLED, CANCELLED_NOTE
            elif due_at <= now and lead == shortest_due:
                row.status = Reminder.Status.PENDING  # due now: the sweep's work
                self.due.append(row)
            elif due_at <= now:
                row.status, row.attempts = Reminder.Status.SENT, 1
                row.sent_at = due_at + timedelta(seconds=self.rng.randint(5, 60))
            else:
                row.status = Reminder.Status.PENDING
            self.rows.append(row)


def between(rng, start, end):
    """A moment between two others, to the second."""
    span = max(int((end - start).total_seconds()), 1)
    return (start + timedelta(seconds=rng.randint(0, span))).replace(microsecond=0)


def ago(rng, now, low, high):
    return between(rng, now - high, now - low)


class Seeder:
    def __init__(self, scale, now, rng):
        self.scale, self.now, self.rng = scale, now, rng
        self.start_window = settings.INTERVIEW_START_WINDOW
        self.completion_window = settings.INTERVIEW_COMPLETION_WINDOW
        self.offer_expiry = settings.OFFER_EXPIRY_DEFAULT
        self.useful = settings.REMINDER_FOLLOWUP_USEFUL_FOR
        template = User()  # every freelancer keeps the default lead times
        self.leads = {kind: tuple(template.lead_times(kind)) for kind in ("start", "completion")}
        self.leads["offer"] = tuple(template.lead_times("offer"))
        self.proposal_followup = timedelta(days=template.proposal_followup_days)
        self.offer_request_followup = timedelta(days=template.offer_request_followup_days)
        self.password = make_password(PASSWORD)

    # People ---------------------------------------------------------------------------

    def user(self, username):
        return User(
            username=username,
            email=f"{username}@example.com",
            first_name=username.split("-")[0].title(),
            password=self.password,
            timezone=self.rng.choice(ZONES),
            date_joined=self.now - timedelta(days=800),
        )

    def clients(self, owner, count=None):
        count = count or max(3, self.scale.invitations_per_user // 4)
        return [
            Client(
                owner=owner,
                name=f"{self.rng.choice(NAMES)} {self.rng.choice(KINDS_OF)} {number}",
                company=f"{self.rng.choice(NAMES)} Inc.",
                industry=self.rng.choice(KINDS_OF),
                website=f"https://client-{owner.pk}-{number}.example",
            )
            for number in range(1, count + 1)
        ]

    # Invitations ----------------------------------------------------------------------

    def invitation(self, owner, client, notified_at):
        return Invitation(
            owner=owner,
            client=client,
            job_title=self.rng.choice(TITLES),
            job_url=f"https://www.upwork.com/jobs/~{self.rng.getrandbits(40):x}",
            message="Hi, I came across your profile and would like to invite you to interview.",
            notified_at=notified_at,
            start_deadline=notified_at + self.start_window,
        )

    def start(self, invitation, at):
        invitation.started_at = at
        invitation.completion_deadline = at + self.completion_window

    def closed_invitation(self, owner, client, fate, notified_at):
        rng, invitation = self.rng, self.invitation(owner, client, notified_at)
        if fate in ("completed", "lapsed"):
            self.start(invitation, notified_at + self.start_window * rng.uniform(0.01, 0.95))
            if fate == "completed":
                invitation.completed_at = invitation.started_at + (
                    self.completion_window * rng.uniform(0.05, 0.95)
                )
                if rng.random() < 0.75:
                    invitation.bench_proposal = self.proposal_history(invitation.completed_at)
        elif fate == "declined":
            invitation.declined_at = notified_at + self.start_window * rng.uniform(0.001, 0.95)
            invitation.decline_reason = "The budget is too low for the scope."
        elif fate == "archived":
            invitation.archived_at = notified_at + self.start_window * rng.uniform(0.01, 1.4)
        return invitation

    def old_notice(self):
        # Old enough that every window, proposal and offer that followed has closed.
        return ago(self.rng, self.now, timedelta(days=75), timedelta(days=730))

    def fate(self):
        roll, total = self.rng.random(), 0.0
        for fate, share in FATES:
            total += share
            if roll < total:
                return fate
        return FATES[-1][0]

    # Proposals and offers -------------------------------------------------------------

    def proposal_history(self, after):
        """What followed a completed interview: a proposal, maybe an offer, all closed."""
        rng = self.rng
        submitted = after + timedelta(hours=rng.uniform(1, 24))
        spec = {"submitted_at": submitted, "status": Proposal.Status.SUBMITTED, "closed_at": None}
        if rng.random() < 0.35:
            requested = submitted + timedelta(days=rng.uniform(1, 6))
            offer = {"requested_at": requested}
            if rng.random() < 0.85:
                received = requested + timedelta(hours=rng.uniform(4, 60))
                offer.update(received_at=received, expires_at=received + self.offer_expiry)
                roll = rng.random()
                if roll < 0.55:
                    offer["accepted_at"] = received + timedelta(hours=rng.uniform(1, 120))
                    spec.update(status=Proposal.Status.HIRED, closed_at=offer["accepted_at"])
                elif roll < 0.70:
                    offer["declined_at"] = received + timedelta(hours=rng.uniform(1, 120))
                elif roll < 0.80:
                    offer["withdrawn_at"] = received + timedelta(hours=rng.uniform(1, 120))
                # otherwise it expired
            else:
                offer["withdrawn_at"] = requested + timedelta(days=rng.uniform(1, 5))
            spec["offer"] = offer
        else:
            roll = rng.random()
            if roll < 0.5:
                spec.update(status=Proposal.Status.DECLINED)
                spec["closed_at"] = submitted + timedelta(days=rng.uniform(1, 20))
            elif roll < 0.6:
                spec.update(status=Proposal.Status.WITHDRAWN)
                spec["closed_at"] = submitted + timedelta(days=rng.uniform(1, 10))
            # otherwise no reply ever came
        return spec

    def proposal(self, owner, spec, invitation=None, client=None):
        rng = self.rng
        client = invitation.client if invitation is not None else client
        proposal = Proposal(
            owner=owner,
            invitation=invitation,
            client=client,
            job_title=invitation.job_title if invitation is not None else rng.choice(TITLES),
            cover_letter=f"Hi {client.name}, thank you for inviting me. I have built similar "
            "systems for five years and can start this week.",
            bid_type=Proposal.BidType.HOURLY,
            bid_amount=Decimal(rng.choice([35, 50, 65, 80])),
            connects_spent=rng.choice([8, 12, 16]),
            status=spec["status"],
            submitted_at=spec.get("submitted_at"),
            closed_at=spec.get("closed_at"),
        )
        proposal.bench_offer = spec.get("offer")
        return proposal

    def offer(self, proposal, spec):
        hourly = self.rng.random() < 0.7
        return Offer(
            owner_id=proposal.owner_id,
            proposal=proposal,
            client_id=proposal.client_id,
            job_title=proposal.job_title,
            requested_at=spec.get("requested_at"),
            received_at=spec.get("received_at"),
            expires_at=spec.get("expires_at"),
            contract_type=Offer.ContractType.HOURLY if hourly else Offer.ContractType.FIXED,
            amount=proposal.bid_amount if hourly else Decimal(2400),
            weekly_limit=20 if hourly else None,
            terms="Weekly billing." if hourly else "Two milestones.",
            accepted_at=spec.get("accepted_at"),
            acknowledgment="Thank you" if spec.get("accepted_at") else "",
            declined_at=spec.get("declined_at"),
            withdrawn_at=spec.get("withdrawn_at"),
        )

    # The sweep's due items --------------------------------------------------------------

    def soon(self, lead):
        """A deadline closer than `lead`, so that its reminder at `lead` is due now."""
        return between(self.rng, self.now + timedelta(minutes=5), self.now + lead * 0.9)

    def due_item(self, kind, owner, client):
        """An open item of `kind` whose next reminder is due now: (invitation, proposal)."""
        rng, now = self.rng, self.now
        if kind == "start_window":
            deadline = self.soon(min(self.leads["start"]))
            return self.invitation(owner, client, deadline - self.start_window), None
        if kind == "completion_window":
            deadline = self.soon(min(self.leads["completion"]))
            started = deadline - self.completion_window
            notified = started - self.start_window * rng.uniform(0.05, 0.9)
            invitation = self.invitation(owner, client, notified.replace(microsecond=0))
            self.start(invitation, started)
            return invitation, None
        if kind == "proposal_followup":
            # due `proposal_followup` after submission, useful for `useful` more
            latest = now - self.proposal_followup - timedelta(minutes=1)
            submitted = between(rng, latest - self.useful * 0.9, latest)
            spec = {"status": Proposal.Status.SUBMITTED, "submitted_at": submitted}
            return None, self.proposal(owner, spec, client=client)
        if kind == "offer_expiry":
            received = ago(rng, now, timedelta(days=1), timedelta(days=10))
            requested = received - timedelta(hours=rng.uniform(4, 48))
            offer = {
                "requested_at": requested,
                "received_at": received,
                "expires_at": self.soon(min(self.leads["offer"])),
            }
        else:  # offer_request_followup
            latest = now - self.offer_request_followup - timedelta(minutes=1)
            requested = between(rng, latest - self.useful * 0.9, latest)
            offer = {"requested_at": requested}
        submitted = requested - timedelta(days=rng.uniform(1, 5))
        spec = {"status": Proposal.Status.SUBMITTED, "submitted_at": submitted, "offer": offer}
        return None, self.proposal(owner, spec, client=client)

    # One chunk of freelancers -----------------------------------------------------------

    def owner_items(self, owner, clients, missed=None):
        """The dashboard's user: open items with deadlines ahead, none due; a long history,
        of which `missed` (one in fifty unless given) closed unmet in the last few days."""
        rng, now = self.rng, self.now
        if missed is None:
            missed = self.scale.owner_closed // 50
        invitations, proposals = [], []
        longest_start = max(self.leads["start"])
        for number in range(self.scale.owner_open):
            client = rng.choice(clients)
            if number % 4 == 3:  # in progress, completion deadline more than a day ahead
                started = ago(rng, now, timedelta(hours=1), self.completion_window * 0.45)
                notified = started - self.start_window * rng.uniform(0.05, 0.5)
                invitation = self.invitation(owner, client, notified.replace(microsecond=0))
                self.start(invitation, started)
            else:  # pending, the earliest reminder still ahead
                latest = self.start_window - longest_start - timedelta(hours=1)
                notified = ago(rng, now, timedelta(hours=1), latest)
                invitation = self.invitation(owner, client, notified)
            invitations.append(invitation)
        for number in range(self.scale.owner_closed):
            client, fate = rng.choice(clients), self.fate()
            notified = self.old_notice()
            if number < missed:  # missed in the last few days
                fate = "expired" if number % 4 else "lapsed"
                closes = ago(rng, now, timedelta(hours=1), timedelta(days=6))
                window = self.start_window if fate == "expired" else self.completion_window
                notified = (closes - window).replace(microsecond=0)
                if fate == "lapsed":
                    notified -= self.start_window * rng.uniform(0.1, 0.9)
            invitation = self.closed_invitation(owner, client, fate, notified)
            if fate == "lapsed" and number < missed:
                self.start(invitation, closes - self.completion_window)
            invitations.append(invitation)
        # Open proposals and offers: replies awaited, offers to accept, drafts.
        for number in range(max(1, self.scale.owner_open // 10)):
            received = ago(rng, now, timedelta(hours=2), timedelta(days=5))
            offer = {
                "requested_at": received - timedelta(days=1),
                "received_at": received,
                "expires_at": now + timedelta(days=3 + number % 25),
            }
            submitted = received - timedelta(days=2)
            spec = {"status": Proposal.Status.SUBMITTED, "submitted_at": submitted}
            proposals.append(self.proposal(owner, spec | {"offer": offer}, client=clients[0]))
            submitted = ago(rng, now, timedelta(hours=2), self.proposal_followup * 0.8)
            spec = {"status": Proposal.Status.SUBMITTED, "submitted_at": submitted}
            proposals.append(self.proposal(owner, spec, client=rng.choice(clients)))
            draft = {"status": Proposal.Status.DRAFT}
            proposals.append(self.proposal(owner, draft, client=rng.choice(clients)))
        return invitations, proposals

    def freelancer_items(self, owner, clients, due):
        rng = self.rng
        invitations, proposals = [], []
        for number in range(due):
            invitation, proposal = self.due_item(
                DUE_PATTERN[number % len(DUE_PATTERN)], owner, rng.choice(clients)
            )
            if invitation is not None:
                invitations.append(invitation)
            else:
                proposals.append(proposal)
        for _ in range(max(0, self.scale.invitations_per_user - len(invitations))):
            invitations.append(
                self.closed_invitation(owner, rng.choice(clients), self.fate(), self.old_notice())
            )
        return invitations, proposals

    def store(self, users_and_items):
        """Insert one chunk: invitations, preparation, proposals, offers, reminders."""
        rng, now = self.rng, self.now
        invitations = [i for _, (invs, _) in users_and_items for i in invs]
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        PreparationItem.objects.bulk_create(
            [
                PreparationItem(
                    invitation=invitation,
                    point=point,
                    done=bool(invitation.started_at) or rng.random() < 0.3,
                    notes="Checked their site and previous jobs." if rng.random() < 0.3 else "",
                )
                for invitation in invitations
                for point in Point.values
            ],
            batch_size=BATCH,
        )
        proposals = [p for _, (_, props) in users_and_items for p in props]
        for invitation in invitations:
            spec = getattr(invitation, "bench_proposal", None)
            if spec is not None:
                proposals.append(self.proposal(invitation.owner, spec, invitation=invitation))
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        offers = [self.offer(p, p.bench_offer) for p in proposals if p.bench_offer]
        Offer.objects.bulk_create(offers, batch_size=BATCH)

        outbox = Outbox(now, rng)
        for invitation in invitations:
            self.invitation_rows(outbox, invitation)
        first_offer = {}
        for offer in offers:
            first_offer.setdefault(offer.proposal_id, offer.requested_at or offer.received_at)
            self.offer_rows(outbox, offer)
        for proposal in proposals:
            self.proposal_rows(outbox, proposal, first_offer.get(proposal.pk))
        Reminder.objects.bulk_create(outbox.rows, batch_size=BATCH)
        Notification.objects.bulk_create(
            [self.notification(row) for row in outbox.rows if row.status == "sent"],
            batch_size=BATCH,
        )
        return [row.pk for row in outbox.due], len(outbox.rows)

    def invitation_rows(self, outbox, invitation):
        owner_id, pk = invitation.owner_id, invitation.pk
        gone = invitation.declined_at or invitation.archived_at
        ended = min(filter(None, [invitation.started_at, gone]), default=None)
        outbox.follow(
            "start_window", owner_id, pk, invitation.start_deadline, self.leads["start"], ended
        )
        if invitation.started_at:
            ended = min(filter(None, [invitation.completed_at, gone]), default=None)
            outbox.follow(
                "completion_window",
                owner_id,
                pk,
                invitation.completion_deadline,
                self.leads["completion"],
                ended,
            )

    def proposal_rows(self, outbox, proposal, first_offer_at):
        if proposal.status == Proposal.Status.DRAFT:
            return
        deadline = proposal.submitted_at + self.proposal_followup + self.useful
        ended = min(filter(None, [proposal.closed_at, first_offer_at]), default=None)
        outbox.follow(
            "proposal_followup", proposal.owner_id, proposal.pk, deadline, (self.useful,), ended
        )

    def offer_rows(self, outbox, offer):
        gone = min(filter(None, [offer.accepted_at, offer.declined_at, offer.withdrawn_at]),
                   default=None)  # fmt: skip
        if offer.requested_at:
            deadline = offer.requested_at + self.offer_request_followup + self.useful
            ended = min(filter(None, [offer.received_at, gone]), default=None)
            outbox.follow(
                "offer_request_followup", offer.owner_id, offer.pk, deadline, (self.useful,), ended
            )
        if offer.received_at:
            outbox.follow(
                "offer_expiry",
                offer.owner_id,
                offer.pk,
                offer.expires_at,
                self.leads["offer"],
                gone,
            )

    def notification(self, row):
        name = {
            "start_window": "invitation_detail",
            "completion_window": "invitation_detail",
            "proposal_followup": "proposal_detail",
        }.get(row.kind, "offer_detail")
        read = row.sent_at < self.now - timedelta(days=3)
        return Notification(
            owner_id=row.owner_id,
            reminder=row,
            title=f"Reminder: {row.kind.replace('_', ' ')} closes soon",
            body="A deadline is coming up.",
            url=reverse(name, args=[row.subject_id]),
            created_at=row.sent_at,
            read_at=row.sent_at + timedelta(hours=2) if read else None,
        )


def seed(scale, rng_seed=7, stream=None):
    """Fill the (empty, migrated) benchmark database; return what the later phases need."""
    started = time.monotonic()
    now = timezone.now().replace(microsecond=0)
    rng = random.Random(rng_seed)
    seeder = Seeder(scale, now, rng)

    with transaction.atomic():
        owner = seeder.user(OWNER_USERNAME)
        owner.timezone = "America/New_York"
        owner.save()
        freelancers = User.objects.bulk_create(
            [seeder.user(f"freelancer-{n:05d}") for n in range(scale.users)], batch_size=BATCH
        )
        # Confirmed addresses: reminders are e-mailed only to those.
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, primary=True, verified=True)
                for user in [owner, *freelancers]
            ],
            batch_size=BATCH,
        )
    # The due items, spread evenly: the first `due % users` freelancers take one more.
    share, extra = divmod(scale.due, max(scale.users, 1))
    seeded = Seeded(now=now, owner=owner)
    progress = Progress("seeding", scale.users + 1, stream)
    reminders = 0
    people = [owner, *freelancers]
    for start in range(0, len(people), USERS_PER_CHUNK):
        chunk = people[start : start + USERS_PER_CHUNK]
        with transaction.atomic():
            clients = {user.pk: seeder.clients(user) for user in chunk}
            Client.objects.bulk_create([c for cs in clients.values() for c in cs], batch_size=BATCH)
            items = []
            for user in chunk:
                if user is owner:
                    items.append((user, seeder.owner_items(user, clients[user.pk])))
                else:
                    index = start + chunk.index(user) - 1
                    due = share + (1 if index < extra else 0)
                    items.append((user, seeder.freelancer_items(user, clients[user.pk], due)))
            due_ids, rows = seeder.store(items)
        seeded.due_ids.extend(due_ids)
        reminders += rows
        progress.advance(len(chunk))
    seeded.seconds = time.monotonic() - started
    seeded.counts = {
        "users": scale.users + 1,
        "clients": Client.objects.count(),
        "invitations": Invitation.objects.count(),
        "preparation_items": PreparationItem.objects.count(),
        "proposals": Proposal.objects.count(),
        "offers": Offer.objects.count(),
        "reminders": reminders,
        "reminders_pending": Reminder.objects.filter(status=Reminder.Status.PENDING).count(),
        "reminders_due": len(seeded.due_ids),
        "notifications": Notification.objects.count(),
    }
    owned = Invitation.objects.filter(owner=owner)
    seeded.counts["owner_open_invitations"] = owned.open(now).count()
    seeded.counts["owner_closed_invitations"] = owned.count() - owned.open(now).count()
    return seeded


# Growth: two users alike but for the length of their history ------------------------------

GROWTH_OPEN = 20  # open invitations of each growth user (and 6 proposals, 2 offers)
GROWTH_MISSED = 2  # of their closed ones, missed in the last few days
GROWTH_CLIENTS = 40


def seed_growth(sizes, now, rng_seed=11):
    """A user `bench-growth-<n>` for each number of invitations in `sizes`, stored like the
    rest; returns `{n: user}`.

    Every one has the same open items (GROWTH_OPEN open invitations, their proposals and
    offers, GROWTH_MISSED missed lately) and the same GROWTH_CLIENTS clients, drawn from the
    same random sequence: only their closed history differs, n - GROWTH_OPEN invitations with
    what followed them. A page that grows from one to the other grows with history alone.
    """
    users = {}
    for size in sizes:
        rng = random.Random(rng_seed)
        scale = Scale(owner_open=GROWTH_OPEN, owner_closed=max(0, size - GROWTH_OPEN))
        seeder = Seeder(scale, now, rng)
        with transaction.atomic():
            user = seeder.user(f"bench-growth-{size}")
            user.timezone = "America/New_York"
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
            clients = seeder.clients(user, GROWTH_CLIENTS)
            Client.objects.bulk_create(clients, batch_size=BATCH)
            seeder.store([(user, seeder.owner_items(user, clients, missed=GROWTH_MISSED))])
        users[size] = user
    return users
