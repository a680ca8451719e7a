"""Benchmark the product at a busy agency's scale: `python manage.py bench` (or `make bench`).

It lives in `offers` because that app sits at the top of the dependency chain; the phases are
in the top-level `bench` package. It runs against its own database, wiped at the start (see
bench/database.py), never the one the site uses.
"""

import math
import os
from argparse import ArgumentTypeError
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from bench import database, load, pages, report, seed, sweep


def whole(maximum):
    """An argument type: a whole number from 1 to `maximum`, or a message saying so."""

    def parse(value):
        text = value.strip().replace("_", "").replace(",", "")
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= maximum:
            raise ArgumentTypeError(f"{value!r} is not a whole number from 1 to {maximum:,}")
        return int(text)

    return parse


def seconds(value):
    """Seconds of HTTP load: 0 (skip) to an hour, finite."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and 0 <= number <= 3600):
        raise ArgumentTypeError(f"{value!r} is not a number of seconds from 0 to 3600")
    return number


def writable(value):
    """A file the figures can be written to, checked before minutes of seeding."""
    path = Path(value)
    if not value.strip() or path.is_dir():
        raise ArgumentTypeError(f"{value!r} is not a file name")
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ArgumentTypeError(f"{value!r} cannot be written: {folder} is not a writable folder")
    return path


class Command(BaseCommand):
    help = (
        "Seed a large synthetic pipeline into a separate database, then time the dashboard, "
        "the reminder sweep and HTTP serving against their floors; print a table and write "
        "bench/results.json."
    )

    def add_arguments(self, parser):
        scale = seed.Scale()
        parser.add_argument("--users", type=whole(100_000), default=scale.users)
        parser.add_argument(
            "--invitations-per-user", type=whole(10_000), default=scale.invitations_per_user
        )
        parser.add_argument(
            "--due", type=whole(10_000_000), default=scale.due, help="Reminders due at the sweep."
        )
        parser.add_argument(
            "--pending",
            type=whole(100_000_000),
            default=1_000_000,
            help="Pending reminders (the backlog) at the sweep's second measurement.",
        )
        parser.add_argument("--owner-open", type=whole(100_000), default=scale.owner_open)
        parser.add_argument("--owner-closed", type=whole(100_000), default=scale.owner_closed)
        parser.add_argument(
            "--requests", type=whole(100_000), default=200, help="Requests per page, in process."
        )
        parser.add_argument(
            "--sweep-runs", type=whole(100), default=3, help="Timed sweeps; the median counts."
        )
        parser.add_argument(
            "--http-seconds",
            type=seconds,
            default=10,
            help="Seconds of load per page over HTTP; 0 skips the HTTP phase.",
        )
        parser.add_argument("--concurrency", type=whole(256), default=4)
        parser.add_argument("--output", type=writable, default=report.RESULTS)

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
        # The table first: a file that cannot be written after all loses no figure.
        self.stdout.write(report.table(results))
        try:
            path = report.write(results, options["output"])
        except OSError as error:
            raise CommandError(f"The figures could not be written: {error}") from None
        self.stdout.write(f"\nAll figures: {path}")
