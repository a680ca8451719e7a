"""Benchmark the product at a busy agency's scale: `python manage.py bench` (or `make bench`).

It lives in `offers` because that app sits at the top of the dependency chain; the phases are
in the top-level `bench` package. It runs against its own database, wiped at the start (see
bench/database.py), never the one the site uses.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from bench import database, load, pages, report, seed, sweep


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def not_negative(value):
    number = float(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Seed a large synthetic pipeline into a separate database, then time the dashboard, "
        "the reminder sweep and HTTP serving against their floors; print a table and write "
        "bench/results.json."
    )

    def add_arguments(self, parser):
        scale = seed.Scale()
        parser.add_argument("--users", type=positive, default=scale.users)
        parser.add_argument(
            "--invitations-per-user", type=positive, default=scale.invitations_per_user
        )
        parser.add_argument(
            "--due", type=positive, default=scale.due, help="Reminders due at the sweep."
        )
        parser.add_argument(
            "--pending",
            type=positive,
            default=1_000_000,
            help="Pending reminders (the backlog) at the sweep's second measurement.",
        )
        parser.add_argument("--owner-open", type=positive, default=scale.owner_open)
        parser.add_argument("--owner-closed", type=positive, default=scale.owner_closed)
        parser.add_argument(
            "--requests", type=positive, default=200, help="Requests per page, in process."
        )
        parser.add_argument(
            "--sweep-runs", type=positive, default=3, help="Timed sweeps; the median counts."
        )
        parser.add_argument(
            "--http-seconds",
            type=not_negative,
            default=10,
            help="Seconds of load per page over HTTP; 0 skips the HTTP phase.",
        )
        parser.add_argument("--concurrency", type=positive, default=4)
        parser.add_argument("--output", default=str(report.RESULTS))

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError(
                "Run the benchmark with DJANGO_DEBUG off: debug mode records every SQL query "
                "and serves static files differently, so it would measure something else."
            )
        scale = seed.Scale(
            users=options["users"],
            invitations_per_user=options["invitations_per_user"],
            due=options["due"],
            owner_open=options["owner_open"],
            owner_closed=options["owner_closed"],
        )
        name = database.bench_name()
        self.stderr.write(f"Benchmark database: {name} (emptied and migrated)")
        database.recreate(name)
        # The pages link static files by their hashed names, as in production.
        call_command("collectstatic", interactive=False, verbosity=0)

        seeded = seed.seed(scale)
        database.analyze()
        results = {
            "machine": database.machine(),
            "scale": {
                **seeded.counts,
                "invitations_per_user": scale.invitations_per_user,
                "seed_seconds": seeded.seconds,
            },
        }
        self.stderr.write("Timing the pages in process…")
        results["pages"] = pages.measure(seeded.owner, options["requests"])
        self.stderr.write("Timing the reminder sweep…")
        results["sweep"] = sweep.measure(seeded, options["pending"], runs=options["sweep_runs"])
        if options["http_seconds"] > 0:
            self.stderr.write("Timing HTTP through gunicorn on loopback…")
            results["http"] = load.measure(
                seeded.owner,
                options["http_seconds"],
                options["concurrency"],
                {"dashboard": reverse("dashboard"), "floor": reverse("floor")},
            )
        results["targets"] = report.targets(results)
        path = report.write(results, options["output"])
        self.stdout.write(report.table(results))
        self.stdout.write(f"\nAll figures: {path}")
