"""Create a demo freelancer with a realistic pipeline, and an admin. Safe to run again.

It lives in `offers` because that app sits at the top of the dependency chain and may use
every other app's models.
"""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from interviews.models import Client, Invitation, Point
from offers.models import Milestone, Offer
from proposals.models import Proposal, ProposalTemplate, ScreeningQuestion

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-freelancer"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-tracker"

CLIENTS = [
    ("Acme Analytics", "Acme Inc.", "SaaS analytics", "https://acme.example"),
    ("Brightleaf Studio", "Brightleaf", "Design agency", "https://brightleaf.example"),
    ("Northwind Logistics", "Northwind", "Logistics", "https://northwind.example"),
    ("Kestrel Health", "Kestrel Health Ltd", "Healthcare", "https://kestrel.example"),
    ("Orbit Foods", "Orbit", "Food delivery", "https://orbit.example"),
    ("Lumen Labs", "Lumen", "Research software", "https://lumen.example"),
    ("Harbor Finance", "Harbor", "Fintech", "https://harbor.example"),
]

TEMPLATE_BODY = (
    "I have built similar systems for clients in the last five years; for example, I moved a "
    "logistics company's reporting from spreadsheets to a Django dashboard used daily by 40 "
    "people.\n\nFor {job_title}, I would start by understanding your current workflow and "
    "where it hurts most. What does success look like for you in the first month?\n\n"
    "Best regards,\n{my_name}"
)


class Command(BaseCommand):
    help = "Create (once) a demo freelancer with invitations in every status, and an admin."

    def handle(self, *args, **options):
        with transaction.atomic():
            demo, created = self.user(DEMO_USERNAME, DEMO_PASSWORD, staff=False)
            self.user(ADMIN_USERNAME, ADMIN_PASSWORD, staff=True)
            if created or not demo.invitations.exists():
                self.pipeline(demo, timezone.now())
                self.stdout.write("Created the demo pipeline.")
            else:
                self.stdout.write("The demo pipeline exists already; nothing changed.")
        self.stdout.write(
            f"Log in at /login/ as {DEMO_USERNAME} / {DEMO_PASSWORD} (freelancer), "
            f"or at /admin/ as {ADMIN_USERNAME} / {ADMIN_PASSWORD} (admin)."
        )

    def user(self, username, password, staff):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "first_name": "Dana" if not staff else "Ada",
                "last_name": "Freelancer" if not staff else "Admin",
                "timezone": "America/New_York" if not staff else "Europe/London",
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(password)
            user.save()
            # The demo's own address, confirmed, so its reminders show on the console.
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        return user, created

    def pipeline(self, user, now):
        def ago(**kwargs):
            return now - timedelta(**kwargs)

        # The windows the settings give, not their defaults: each event must fall inside the
        # window it belongs to, and each invitation be in the status its story says. The
        # fractions give the times named in the comments with the default 14 days and 48 h.
        start_window = settings.INTERVIEW_START_WINDOW
        completion_window = settings.INTERVIEW_COMPLETION_WINDOW

        clients = {
            # Names are unique per owner whatever their case: "acme analytics" is Acme's row.
            name: Client.objects.get_or_create(
                owner=user,
                name__iexact=name,
                defaults={
                    "name": name,
                    "company": company,
                    "industry": industry,
                    "website": website,
                },
            )[0]
            for name, company, industry, website in CLIENTS
        }
        template, _ = ProposalTemplate.objects.get_or_create(
            owner=user, name="Web development", defaults={"body": TEMPLATE_BODY}
        )

        def invite(client, title, notified, message=""):
            return Invitation.objects.create(
                owner=user,
                client=clients[client],
                job_title=title,
                job_url="https://www.upwork.com/jobs/demo-" + slugify(title),
                message=message
                or "Hi, I came across your profile and would like to invite you to interview.",
                notified_at=notified,
            )

        # Pending: one closing in a few hours (4 h), one fresh (1 h), one mid-window (2 days in).
        urgent = invite(
            "Acme Analytics",
            "Data pipeline for analytics dashboard",
            now - start_window + start_window / 84,
        )
        prep = {item.point: item for item in urgent.preparation.all()}
        prep[Point.RESEARCH].notes = "B2B analytics, 50 staff; previous freelancers built ETL."
        prep[Point.RESEARCH].done = True
        prep[Point.RESEARCH].save()
        invite("Brightleaf Studio", "Django developer for booking site", now - start_window / 7)
        invite("Lumen Labs", "Python scientist for lab data tooling", now - start_window / 336)

        # In progress, completion window closing tonight (started 40 h ago, 80 h after notice).
        started = now - completion_window * 5 / 6
        running = invite(
            "Northwind Logistics", "Route optimisation API", started - start_window * 5 / 21
        )
        running.start(at=started)

        # Completed (started a day after notice, done in 12 h), proposal submitted, offer
        # received and awaiting acceptance.
        completed = ago(days=8, hours=12)
        started = completed - completion_window / 4
        done = invite("Kestrel Health", "Patient portal improvements", started - start_window / 14)
        done.start(at=started)
        done.complete(at=completed)
        proposal = Proposal(
            owner=user, invitation=done, bid_amount=Decimal("75"), connects_spent=16
        )
        proposal.fill_from_template(template)
        proposal.save()
        ScreeningQuestion.objects.create(
            proposal=proposal,
            position=1,
            question="Describe a similar project.",
            answer="A clinic booking portal serving 12 practices.",
        )
        proposal.submit(at=ago(days=8))
        offer = Offer.objects.create(
            owner=user,
            proposal=proposal,
            requested_at=ago(days=3),
            received_at=ago(days=2),
            expires_at=now + timedelta(hours=30),
            contract_type=Offer.ContractType.HOURLY,
            amount=Decimal("75"),
            weekly_limit=20,
            start_date=(now + timedelta(days=3)).date(),
            terms="Hourly contract, 20 hours a week, weekly billing.",
        )

        # Completed, proposal submitted eight days ago with no reply yet.
        started = ago(days=10) - completion_window / 2
        quiet = invite("Orbit Foods", "Order tracking microservice", started - start_window / 14)
        quiet.start(at=started)
        quiet.complete(at=ago(days=10))
        waiting = Proposal(
            owner=user,
            invitation=quiet,
            bid_amount=Decimal("2400"),
            bid_type=Proposal.BidType.FIXED,
            connects_spent=12,
        )
        waiting.fill_from_template(template)
        waiting.save()
        waiting.submit(at=ago(days=8))

        # Won: an accepted fixed-price offer with milestones.
        started = ago(days=23) - completion_window / 2
        won = invite("Harbor Finance", "Invoice reconciliation tool", started - start_window / 14)
        won.start(at=started)
        won.complete(at=ago(days=23))
        won_proposal = Proposal(
            owner=user,
            invitation=won,
            bid_amount=Decimal("3200"),
            bid_type=Proposal.BidType.FIXED,
            connects_spent=20,
        )
        won_proposal.fill_from_template(template)
        won_proposal.save()
        won_proposal.submit(at=ago(days=22))
        contract = Offer.objects.create(
            owner=user,
            proposal=won_proposal,
            requested_at=ago(days=21),
            received_at=ago(days=20),
            contract_type=Offer.ContractType.FIXED,
            amount=Decimal("3200"),
            start_date=(now - timedelta(days=18)).date(),
            terms="Fixed price in two milestones.",
        )
        Milestone.objects.create(
            offer=contract, position=1, title="Import and matching", amount=Decimal("1800")
        )
        Milestone.objects.create(
            offer=contract, position=2, title="Reports and hand-over", amount=Decimal("1400")
        )
        # Accepted a day after it arrived, with the default 30 days to accept it.
        contract.accept(
            "Thank you",
            terms_reviewed=True,
            at=contract.received_at + (contract.expires_at - contract.received_at) / 30,
        )

        # Closed ones: expired six days ago, lapsed three days ago (started a week after
        # notice), declined a day after notice, archived.
        invite("Lumen Labs", "Legacy Fortran port", now - start_window - timedelta(days=6))
        started = now - completion_window - timedelta(days=3)
        lapsed = invite("Northwind Logistics", "Warehouse scanner app", started - start_window / 2)
        lapsed.start(at=started)
        declined = invite(
            "Brightleaf Studio", "WordPress theme tweaks", ago(days=2) - start_window / 14
        )
        declined.decline("Outside my skills: WordPress only.", at=ago(days=2))
        archived = invite("Orbit Foods", "Menu data entry", ago(days=6))
        archived.archive(at=ago(days=5))

        # A proposal for an ordinary job post, and an offer requested but not yet sent.
        post = Proposal(
            owner=user,
            client=clients["Lumen Labs"],
            job_title="Data visualisation for a research group",
            bid_amount=Decimal("60"),
        )
        post.fill_from_template(template)
        post.save()
        Offer.objects.create(owner=user, proposal=waiting, requested_at=ago(days=4))
        return offer
