"""The benchmark keeps working: a tiny run produces every figure. How fast is never judged here."""

import json
import os
import re
import subprocess
import sys
from numbers import Number
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from bench import database
from bench.management.commands.bench import Command as BenchCommand
from tests.support.processes import ROOT

TINY = [
    "--users", "3", "--invitations-per-user", "20", "--due", "30", "--pending", "400",
    "--owner-open", "8", "--owner-closed", "40", "--requests", "3", "--sweep-runs", "1",
    "--http-seconds", "1", "--concurrency", "2", "--growth-invitations", "150",
    "--large-due", "60", "--import-rows", "50", "--fetch-messages", "5",
]  # fmt: skip
RATIOS = [
    "dashboard_over_page_floor", "invitation_list_over_page_floor", "proposals_over_page_floor",
    "offers_over_page_floor", "clients_over_page_floor", "analytics_over_page_floor",
    "dashboard_growth_10000_over_100", "clients_growth_10000_over_100", "sweep_over_floor",
    "sweep_reminders_per_second", "http_dashboard_share_of_floor", "http_p99_over_p50",
    "import_rows_per_second", "reader_notifications_per_second",
    "sweep_emails_per_freelancer_100k_due",
]  # fmt: skip
# Measured in every run, whatever other phases this checkout has.
ALWAYS = RATIOS[:10] + ["http_dashboard_share_of_floor", "http_p99_over_p50"]
PAGES = ["dashboard", "invitation_list", "proposals", "offers", "clients", "analytics"]

POSITIVE = {
    "scale": ["users", "invitations", "proposals", "offers", "reminders", "reminders_pending",
              "reminders_due", "notifications", "seed_seconds"],
    "sweep": ["due", "pending_small", "pending_large", "backlog_rows_added", "seconds",
              "reminders_per_second", "sent", "delivered", "emails", "floor_seconds",
              "floor_claim_seconds", "floor_mark_seconds", "us_per_reminder",
              "floor_us_per_reminder", "over_floor", "peak_memory_small_bytes",
              "peak_memory_large_bytes"],
    "http": ["seconds", "concurrency", "workers", "dashboard_share_of_floor",
             "dashboard_p99_over_p50"],
}  # fmt: skip


@pytest.fixture
def bench_database(tmp_path):
    """A throwaway benchmark database on the engine the suite runs on."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    name = f"{db['TEST']['NAME']}_bench"
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    database.drop_postgres(name)


def test_a_tiny_run_produces_every_figure(bench_database, tmp_path):
    output = tmp_path / "results.json"
    env = dict(
        os.environ,
        DATABASE_URL=bench_database,
        DJANGO_DEBUG="false",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "test-only-secret"),
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "bench", *TINY, "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "| measure |" in run.stdout

    results = json.loads(output.read_text())
    for section, keys in POSITIVE.items():
        for key in keys:
            assert results[section][key] > 0, (section, key)
    for page in PAGES:
        figures = results["pages"][page]
        assert figures["median_ms"] > 0 and figures["p95_ms"] >= figures["median_ms"]
        assert figures["queries"] > 0 and figures["floor_queries"] > 0
        assert figures["floor_median_ms"] > 0 and figures["over_floor"] > 0
    for page in ("dashboard", "clients"):
        grown = results["growth"][page]
        assert grown["small_median_ms"] > 0 and grown["large_over_small"] > 0
    assert results["growth"]["queries_constant"] is True
    assert results["scale"]["growth_invitations"] == [100, 150]
    for page in ("dashboard", "floor"):
        figures = results["http"][page]
        assert figures["requests"] > 0 and figures["rps"] > 0
        assert figures["p99_ms"] >= figures["p50_ms"] > 0
    assert results["http"]["floor"]["path"] == "/floor/dashboard/"
    assert isinstance(results["sweep"]["peak_memory_growth"], Number)
    # Every timed and traced sweep drained all the due reminders, none cut short.
    sweep = results["sweep"]
    assert sweep["sent"] == sweep["delivered"] == sweep["due"]
    assert sweep["emails"] <= sweep["delivered"]  # a freelancer's reminders share an e-mail
    assert sweep["sent_traced"] == [sweep["due"], sweep["due"]]
    assert results["sweep"]["due_query_plan"].strip()
    assert results["machine"]["cpus"] > 0 and results["machine"]["database"]
    ratios, targets = results["ratios"], results["targets"]
    assert set(ratios) >= set(RATIOS) and set(targets) == set(ratios)
    for key in ratios:
        assert ratios[key] is None or isinstance(ratios[key], Number), key
        assert targets[key]["value"] == ratios[key] and targets[key]["target"], key
        assert targets[key]["met"] in (True, False, None), key
    for key in ALWAYS:
        assert ratios[key] > 0 and targets[key]["met"] in (True, False), key
    for key, target in targets.items():
        if target["met"] is None:
            assert key in run.stdout.split("Not measured: ")[-1], key
    assert "not measured" in run.stdout or all(t["met"] is not None for t in targets.values())


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--http-seconds", "inf"], "'inf' is not a number of seconds from 0 to 3600"),
        (["--http-seconds", "nan"], "'nan' is not a number of seconds from 0 to 3600"),
        (["--http-seconds", "1e308"], "'1e308' is not a number of seconds from 0 to 3600"),
        (["--http-seconds", "-1"], "'-1' is not a number of seconds from 0 to 3600"),
        (["--users", "0"], "'0' is not a whole number from 1 to 100,000"),
        (["--users", "1" + "0" * 40], "is not a whole number from 1 to 100,000"),
        (["--concurrency", "2.5"], "'2.5' is not a whole number from 1 to 256"),
        (["--import-rows", "-1"], "'-1' is not a whole number from 0 to 10,000,000"),
        (["--growth-invitations", "0"], "'0' is not a whole number from 1 to 1,000,000"),
        (["--output", ""], "'' is not a file name"),
        (["--output", "bench"], "'bench' is not a file name"),
        (["--output", "manage.py/results.json"], "is not a writable folder"),
    ],
)
def test_bad_arguments_are_refused_before_any_work(arguments, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(BenchCommand(), *arguments)


def test_arguments_may_group_their_digits():
    parser = BenchCommand().create_parser("manage.py", "bench")
    options = parser.parse_args(["--users", "1,000", "--pending", "1_000_000"])
    assert (options.users, options.pending) == (1000, 1_000_000)


@pytest.mark.urls("bench.urls")
def test_the_floor_page_is_the_base_layout_alone(client, owner, db):
    assert reverse("floor") == "/floor/"
    response = client.get("/floor/")
    assert response.status_code == 302 and response.url == "/login/?next=/floor/"
    client.force_login(owner)
    response = client.get("/floor/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="site-header"' in body and "Times in America/New_York." in body
    assert "What is due" not in body and "Get started" not in body


def test_the_product_does_not_route_the_floor_page(client, owner):
    client.force_login(owner)
    assert client.get("/floor/").status_code == 404
