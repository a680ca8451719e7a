"""Benchmark the product at a busy agency's scale: `python manage.py bench` (or `make bench`).

It lives in `offers` because that app sits at the top of the dependency chain; the phases are
in the top-level `bench` package. It runs against its own database, wiped at the start (see
bench/database.py), never the one the site uses.
"""

import importlib
import inspect
import math
import os
from argparse import ArgumentTypeError
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from bench import database, load, pages, report, seed, sweep


def whole(maximum, minimum=1):
    """An argument type: a whole number from `minimum` to `maximum`, or a message saying so."""

    def parse(value):
        text = value.strip().replace("_", "").replace(",", "")
        if not text.isascii() or not text.isdigit() or not minimum <= int(text) <= maximum:
            raise ArgumentTypeError(
                f"{value!r} is not a whole number from {minimum} to {maximum:,}"
            )
        return int(text)

    return parse


GROWTH_SMALL = 100  # invitations of the growth user with the short history


def phase(module, name):
    """`module.name` if that phase exists in this checkout, else None (reported as not
    measured): the throughput phases come with their own module."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(found, name, None)


def accepts(function, parameter):
    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def not_measured(reason):
    return {"skipped": reason}


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
        "Seed a large synthetic pipeline into a separate database, then time six pages, their "
        "growth with a user's history, the reminder sweep, HTTP serving, the CSV import and "
        "the notification reader against their floors and targets; print a table and write "
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
            "--requests",
            type=whole(100_000),
            default=200,
            help="Requests per page, in process (at most; see --page-seconds).",
        )
        parser.add_argument(
            "--page-seconds",
            type=whole(36_000),
            default=240,
            help="Seconds after which the pages' timing starts no new turn (of every page "
            "and floor once); the growth's timing takes a third of it.",
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
        parser.add_argument(
            "--concurrency", type=whole(256), default=20, help="HTTP clients at a time."
        )
        parser.add_argument(
            "--growth-invitations",
            type=whole(1_000_000),
            default=10_000,
            help=f"Invitations of the growth user with the long history (the other has "
            f"{GROWTH_SMALL}).",
        )
        parser.add_argument(
            "--large-due",
            type=whole(10_000_000),
            default=100_000,
            help="Reminders due at once for the sweep's e-mails per freelancer.",
        )
        parser.add_argument(
            "--import-rows",
            type=whole(10_000_000, minimum=0),
            default=100_000,
            help="Rows of the CSV import through the queue; 0 skips it.",
        )
        parser.add_argument(
            "--fetch-messages",
            type=whole(100_000, minimum=0),
            default=500,
            help="Messages fetch_mail reads from a loopback IMAP server; 0 skips it.",
        )
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
        sizes = (GROWTH_SMALL, options["growth_invitations"])
        self.stderr.write(f"Seeding the growth users ({sizes[0]:,} and {sizes[1]:,} invitations)…")
        grown = seed.seed_growth(sizes, seeded.now)
        database.analyze()
        results = {
            "machine": database.machine(),
            "scale": {
                **seeded.counts,
                "invitations_per_user": scale.invitations_per_user,
                "growth_invitations": list(sizes),
                "seed_seconds": seeded.seconds,
            },
        }
        self.stderr.write("Timing the pages and their floors in process…")
        results["pages"] = pages.measure(seeded.owner, options["requests"], options["page_seconds"])
        self.stderr.write("Timing the pages' growth with a user's history…")
        results["growth"] = pages.growth(
            (sizes[0], grown[sizes[0]]),
            (sizes[1], grown[sizes[1]]),
            options["requests"],
            options["page_seconds"] / 3,
        )
        self.stderr.write("Timing the reminder sweep…")
        results["sweep"] = self.sweep(seeded, options)
        if options["http_seconds"] > 0:
            self.stderr.write("Timing HTTP through gunicorn on loopback…")
            results["http"] = load.measure(
                seeded.owner,
                options["http_seconds"],
                options["concurrency"],
                {"dashboard": reverse("dashboard"), "floor": reverse("floor_dashboard")},
            )
        else:
            results["http"] = not_measured("--http-seconds 0")
        results.update(self.throughput(options))
        results["ratios"] = report.ratios(results)
        results["targets"] = report.targets(results, results["ratios"])
        # The table first: a file that cannot be written after all loses no figure.
        self.stdout.write(report.table(results))
        try:
            path = report.write(results, options["output"])
        except OSError as error:
            raise CommandError(f"The figures could not be written: {error}") from None
        self.stdout.write(f"\nAll figures: {path}")

    def sweep(self, seeded, options):
        measure = sweep.measure
        arguments = {"runs": options["sweep_runs"]}
        if accepts(measure, "large_due"):
            arguments["large_due"] = options["large_due"]
        return measure(seeded, options["pending"], **arguments)

    def throughput(self, options):
        """The CSV import, the notification reader and fetch_mail, each where it exists."""
        found = {}
        measure = phase("bench.throughput", "measure_import")
        if not options["import_rows"]:
            found["import"] = not_measured("--import-rows 0")
        elif measure is None:
            found["import"] = not_measured("bench.throughput.measure_import is not available")
        else:
            self.stderr.write(f"Timing the CSV import of {options['import_rows']:,} rows…")
            found["import"] = measure(options["import_rows"])
        measure = phase("bench.throughput", "measure_reader")
        if measure is None:
            found["reader"] = not_measured("bench.throughput.measure_reader is not available")
        else:
            self.stderr.write("Timing the notification reader…")
            found["reader"] = measure()
        measure = phase("bench.throughput", "measure_fetch_mail")
        if not options["fetch_messages"]:
            found["fetch_mail"] = not_measured("--fetch-messages 0")
        elif measure is None:
            found["fetch_mail"] = not_measured(
                "bench.throughput.measure_fetch_mail is not available"
            )
        else:
            self.stderr.write(f"Timing fetch_mail over {options['fetch_messages']:,} messages…")
            found["fetch_mail"] = measure(options["fetch_messages"])
        return found
