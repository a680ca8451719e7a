"""The targets are read right from hand-made figures: met, missed, and not measured."""

from bench import report

MACHINE = {"database": "SQLite 3", "broker": "ORM", "cpus": 2, "cpu": "x", "python": "3.11",
           "django": "5.2"}  # fmt: skip
SCALE = {"invitations": 10, "users": 2, "proposals": 3, "offers": 1, "reminders": 5,
         "reminders_pending": 2, "seed_seconds": 1.0}  # fmt: skip


def page(over_floor):
    return {"median_ms": 4.0 * over_floor, "p95_ms": 5.0 * over_floor, "queries": 9,
            "bytes": 1000, "floor_median_ms": 4.0, "floor_queries": 7,
            "over_floor": over_floor}  # fmt: skip


def figures(**overrides):
    results = {
        "machine": MACHINE,
        "scale": SCALE,
        "pages": {name: page(1.5) for name, _ in report.PAGES} | {"max_queries": 9},
        "growth": {
            "dashboard": {"large_over_small": 1.2, "small_median_ms": 5, "large_median_ms": 6},
            "clients": {"large_over_small": 1.4, "small_median_ms": 5, "large_median_ms": 7},
            "queries_constant": True,
        },
        "sweep": {
            "over_floor": 1.2,
            "reminders_per_second": 2500.0,
            "peak_memory_growth": 0.02,
            "channels": {"over_floor": 1.4, "us_per_delivery": 70.0, "floor_us_per_delivery": 50.0},
            "large_due": {
                "due": 100_000,
                "freelancers": 10_000,
                "emails": 10_000,
                "emails_per_freelancer": 1.0,
                "target_emails_per_freelancer": 1.0,
            },
        },  # fmt: skip
        "http": {
            "dashboard": {"rps": 60.0, "errors": 0, "p50_ms": 100.0, "p99_ms": 250.0},
            "floor": {"rps": 100.0, "errors": 0, "p50_ms": 60.0, "p99_ms": 120.0},
            "dashboard_share_of_floor": 0.6,
            "dashboard_p99_over_p50": 2.5,
        },
        "import": {"rows": 100_000, "rows_per_second": 2100.0, "peak_memory_growth": 0.05},
        "reader": {"notifications": 300, "notifications_per_second": 250.0},
        "fetch_mail": {"messages": 500, "messages_per_second": 60.0},
    }
    for section, values in overrides.items():
        if values is None:
            results.pop(section)
        else:
            results[section] = results[section] | values
    return results


def test_every_target_is_met_by_figures_within_them():
    checked = report.targets(figures())
    assert {key: t["met"] for key, t in checked.items() if not t["met"]} == {}
    assert checked["dashboard_over_page_floor"] == {"target": "≤ 2×", "value": 1.5, "met": True}
    assert checked["sweep_emails_per_freelancer_100k_due"]["target"] == "≤ 1"


def test_a_figure_past_its_target_is_missed():
    results = figures(
        pages={"analytics": page(2.5)},
        growth={"clients": {"large_over_small": 1.6}},
        sweep={"reminders_per_second": 1999.0, "peak_memory_growth": 0.11},
    )
    results["sweep"]["large_due"] = results["sweep"]["large_due"] | {"emails_per_freelancer": 3.9}
    checked = report.targets(results)
    missed = {key for key, t in checked.items() if t["met"] is False}
    assert missed == {
        "analytics_over_page_floor",
        "clients_growth_10000_over_100",
        "sweep_reminders_per_second",
        "sweep_peak_memory_growth",
        "sweep_emails_per_freelancer_100k_due",
    }
    assert "Targets missed: analytics_over_page_floor" in report.table(results)


def test_http_errors_miss_the_share_however_fast_it_was():
    results = figures()
    results["http"]["floor"]["errors"] = 1
    assert report.targets(results)["http_dashboard_share_of_floor"]["met"] is False


def test_a_page_whose_queries_grow_with_rows_misses_the_query_target():
    results = figures(growth={"queries_constant": False})
    assert report.targets(results)["max_page_queries"] == {
        "target": "constant in the number of rows", "value": 9, "met": False,
    }  # fmt: skip


def test_what_was_not_measured_is_null_and_said_so():
    results = figures()
    del results["import"], results["reader"]
    results["fetch_mail"] = {"skipped": "no IMAP server could be started"}
    del results["sweep"]["large_due"], results["sweep"]["channels"]
    ratios = report.ratios(results)
    checked = report.targets(results, ratios)
    unmeasured = {"import_rows_per_second", "import_peak_memory_growth",
                  "reader_notifications_per_second", "fetch_mail_messages_per_second",
                  "sweep_emails_per_freelancer_100k_due", "sweep_channels_over_floor"}  # fmt: skip
    for key in unmeasured:
        assert ratios[key] is None and checked[key]["value"] is None
        assert checked[key]["met"] is None
    assert {k for k, t in checked.items() if t["met"] is None} == unmeasured
    table = report.table(results | {"targets": checked})
    assert "no IMAP server could be started" in table
    assert table.count("not measured") >= len(unmeasured)
    assert "Not measured: " in table


def test_the_ratios_are_flat_numbers_named_after_the_targets():
    ratios = report.ratios(figures())
    assert set(ratios) == set(report.TARGETS)
    assert all(isinstance(value, int | float) for value in ratios.values())
    assert ratios["http_dashboard_share_of_floor"] == 0.6
    assert ratios["sweep_emails_per_freelancer_100k_due"] == 1.0


def test_the_table_shows_every_page_with_its_floor_ratio_and_target():
    table = report.table(figures())
    for _, words in report.PAGES:
        row = f"| {words}: median server time | 6.00 ms (p95 7.50 ms) | 4.00 ms | 1.50 |"
        assert row + " ≤ 2× | met |" in table
    assert "No target missed." in table
