"""The ratios, the targets, the printed table and bench/results.json.

`ratios` is a flat object of the figures the targets are set on (a number, or None when that
part was not measured); `targets` says for each what it must be and whether it is.
"""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
MiB = 1024 * 1024
NOT_MEASURED = "not measured"

# The six pages: (name in the figures, words in the table).
PAGES = [
    ("dashboard", "dashboard"),
    ("invitation_list", "invitation list"),
    ("proposals", "proposals"),
    ("offers", "offers"),
    ("clients", "clients"),
    ("analytics", "analytics"),
]
GROWN = ("dashboard", "clients")


def dig(results, *keys):
    """results[k1][k2]…, or None where a part is missing (a phase not run, a key not given)."""
    value = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def ratios(results):
    """The flat object of the figures the targets are set on."""
    pages = results.get("pages") or {}
    flat = {}
    for name, _ in PAGES:
        flat[f"{name}_over_page_floor"] = dig(pages, name, "over_floor")
    for name in GROWN:
        flat[f"{name}_growth_10000_over_100"] = dig(results, "growth", name, "large_over_small")
    flat.update(
        sweep_over_floor=dig(results, "sweep", "over_floor"),
        sweep_reminders_per_second=dig(results, "sweep", "reminders_per_second"),
        http_dashboard_share_of_floor=dig(results, "http", "dashboard_share_of_floor"),
        http_p99_over_p50=dig(results, "http", "dashboard_p99_over_p50"),
        import_rows_per_second=dig(results, "import", "rows_per_second"),
        reader_notifications_per_second=dig(results, "reader", "notifications_per_second"),
        sweep_emails_per_freelancer_100k_due=dig(
            results, "sweep", "large_due", "emails_per_freelancer"
        ),
        sweep_channels_over_floor=dig(results, "sweep", "channels", "over_floor"),
        sweep_peak_memory_growth=dig(results, "sweep", "peak_memory_growth"),
        import_peak_memory_growth=dig(results, "import", "peak_memory_growth"),
        fetch_mail_messages_per_second=dig(results, "fetch_mail", "messages_per_second"),
        max_page_queries=dig(results, "pages", "max_queries"),
    )
    return {key: value if isinstance(value, int | float) else None for key, value in flat.items()}


def at_most(limit):
    return lambda value, results: value <= limit


def at_least(limit):
    return lambda value, results: value >= limit


def http_share(value, results):
    errors = sum(dig(results, "http", page, "errors") or 0 for page in ("dashboard", "floor"))
    return value >= 0.5 and errors == 0


def emails_per_freelancer(value, results):
    target = dig(results, "sweep", "large_due", "target_emails_per_freelancer")
    return None if target is None else value <= target


def queries_constant(value, results):
    return dig(results, "growth", "queries_constant")


# key: (target in words, check(value, results) -> met, or None when it cannot be told)
TARGETS = {
    **{f"{name}_over_page_floor": ("≤ 2×", at_most(2)) for name, _ in PAGES},
    **{f"{name}_growth_10000_over_100": ("≤ 1.5×", at_most(1.5)) for name in GROWN},
    "sweep_over_floor": ("≤ 1.5×", at_most(1.5)),
    "sweep_reminders_per_second": ("≥ 2,000/s", at_least(2000)),
    "http_dashboard_share_of_floor": ("≥ 50%, 0 errors", http_share),
    "http_p99_over_p50": ("≤ 3×", at_most(3)),
    "import_rows_per_second": ("≥ 2,000/s", at_least(2000)),
    "reader_notifications_per_second": ("≥ 200/s", at_least(200)),
    "sweep_emails_per_freelancer_100k_due": ("≤ the sweep's target", emails_per_freelancer),
    "sweep_channels_over_floor": ("≤ 1.5×", at_most(1.5)),
    "sweep_peak_memory_growth": ("≤ +10%", at_most(0.10)),
    "import_peak_memory_growth": ("≤ +10%", at_most(0.10)),
    "fetch_mail_messages_per_second": ("≥ 50/s", at_least(50)),
    "max_page_queries": ("constant in the number of rows", queries_constant),
}


def targets(results, figures=None):
    """{key: {"target", "value", "met"}} for every ratio; met is None when not measured."""
    figures = ratios(results) if figures is None else figures
    checked = {}
    for key, (words, check) in TARGETS.items():
        value = figures.get(key)
        if key == "sweep_emails_per_freelancer_100k_due":
            target = dig(results, "sweep", "large_due", "target_emails_per_freelancer")
            if isinstance(target, int | float):
                words = f"≤ {target:g}"
        met = None if value is None else check(value, results)
        checked[key] = {"target": words, "value": value, "met": None if met is None else bool(met)}
    return checked


def write(results, path=RESULTS):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return path


def fmt(value, unit="", digits=2):
    if value is None:
        return NOT_MEASURED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}" if isinstance(value, int) else str(value)


def met_word(met):
    return {True: "met", False: "MISSED", None: NOT_MEASURED}[met]


def ms(figures, key):
    value = dig(figures, key)
    return NOT_MEASURED if value is None else f"{value:.2f} ms"


def table(results):
    """The figures as a plain-text table (also valid Markdown): every row, its floor, the
    ratio, the target and whether it is met."""
    lines = []
    checked = results.get("targets") or targets(results)

    def row(measure, value, floor, key=None, ratio=None):
        target = checked.get(key, {}) if key else {}
        if key and ratio is None:
            ratio = fmt(target.get("value"))
        lines.append(
            "| "
            + " | ".join(
                [
                    measure,
                    value,
                    floor,
                    ratio or "",
                    target.get("target", ""),
                    met_word(target.get("met")) if key else "",
                ]  # fmt: skip
            )
            + " |"
        )

    machine, scale = results["machine"], results["scale"]
    lines.append(
        f"{machine['database']}, broker {machine['broker']}; {machine['cpus']} CPUs "
        f"({machine['cpu']}), Python {machine['python']}, Django {machine['django']}"
    )
    lines.append(
        f"{scale['invitations']:,} invitations of {scale['users']:,} users, "
        f"{scale['proposals']:,} proposals, {scale['offers']:,} offers, "
        f"{scale['reminders']:,} reminder rows ({scale['reminders_pending']:,} pending), "
        f"seeded in {scale['seed_seconds']:.0f} s"
    )
    lines.append("")
    lines.append("| measure | value | floor | ratio | target | met |")
    lines.append("| --- | ---: | ---: | ---: | --- | --- |")
    page_rows(results, row)
    sweep_rows(results, row)
    other_rows(results, row)
    missed = [key for key, target in checked.items() if target["met"] is False]
    unmeasured = [key for key, target in checked.items() if target["met"] is None]
    lines.append("")
    lines.append("Targets missed: " + ", ".join(missed) if missed else "No target missed.")
    if unmeasured:
        lines.append("Not measured: " + ", ".join(unmeasured))
    return "\n".join(lines)


def page_rows(results, row):
    pages = results.get("pages") or {}
    for name, words in PAGES:
        figures = pages.get(name) or {}
        value = f"{ms(figures, 'median_ms')} (p95 {ms(figures, 'p95_ms')})"
        row(f"{words}: median server time", value, ms(figures, "floor_median_ms"),
            f"{name}_over_page_floor")  # fmt: skip
        queries = f"{fmt(figures.get('queries'))}, {fmt(figures.get('bytes'))} bytes"
        row(f"{words}: SQL queries, bytes", queries, fmt(figures.get("floor_queries")))
    row("SQL queries, the most of any page", fmt(pages.get("max_queries")), "",
        "max_page_queries", ratio="")  # fmt: skip
    growth = results.get("growth") or {}
    for name in GROWN:
        figures = growth.get(name) or {}
        row(
            f"{name} at {fmt(growth.get('large_invitations'))} invitations / at "
            f"{fmt(growth.get('small_invitations'))}",
            f"{ms(figures, 'large_median_ms')} / {ms(figures, 'small_median_ms')}",
            "",
            f"{name}_growth_10000_over_100",
        )


def sweep_rows(results, row):
    sweep = results.get("sweep") or {}
    due = f"{fmt(sweep.get('due'))} due among {fmt(sweep.get('pending_large'))} pending"
    row(f"sweep: {due}, per reminder",
        fmt(sweep.get("us_per_reminder"), " µs", 0),
        fmt(sweep.get("floor_us_per_reminder"), " µs", 1), "sweep_over_floor")  # fmt: skip
    row("sweep: reminders per second", fmt(sweep.get("reminders_per_second"), "/s", 0), "",
        "sweep_reminders_per_second")  # fmt: skip
    row("sweep: e-mails carrying the reminders", fmt(sweep.get("emails")), "")
    small, large = sweep.get("peak_memory_small_bytes"), sweep.get("peak_memory_large_bytes")
    memory = NOT_MEASURED if small is None or large is None else (
        f"{small / MiB:.1f} / {large / MiB:.1f} MiB")  # fmt: skip
    row(f"sweep: peak memory at {fmt(sweep.get('pending_small'))} / "
        f"{fmt(sweep.get('pending_large'))} pending", memory, "",
        "sweep_peak_memory_growth")  # fmt: skip
    channels = sweep.get("channels") or {}
    row("sweep with channels, per delivery", fmt(channels.get("us_per_delivery"), " µs", 0),
        fmt(channels.get("floor_us_per_delivery"), " µs", 1),
        "sweep_channels_over_floor")  # fmt: skip
    large_due = sweep.get("large_due") or {}
    row(f"sweep: {fmt(large_due.get('due'))} due, e-mails for "
        f"{fmt(large_due.get('freelancers'))} freelancers", fmt(large_due.get("emails")), "",
        "sweep_emails_per_freelancer_100k_due")  # fmt: skip
    if "due_query_uses_index" in sweep:
        row("sweep: due query uses reminder_due_idx", fmt(sweep["due_query_uses_index"]), "")


def other_rows(results, row):
    load = results.get("http") or {}
    dashboard, floor = load.get("dashboard") or {}, load.get("floor") or {}
    clients = f"{fmt(load.get('workers'))} workers, {fmt(load.get('concurrency'))} clients"
    row(f"HTTP ({clients}): dashboard req/s, errors",
        f"{fmt(dashboard.get('rps'), '', 0)}, {fmt(dashboard.get('errors'))}",
        f"{fmt(floor.get('rps'), '', 0)}, {fmt(floor.get('errors'))}",
        "http_dashboard_share_of_floor")  # fmt: skip
    row("HTTP: dashboard p99 / p50 latency",
        f"{fmt(dashboard.get('p99_ms'), ' ms', 1)} / {fmt(dashboard.get('p50_ms'), ' ms', 1)}",
        f"{fmt(floor.get('p99_ms'), ' ms', 1)} / {fmt(floor.get('p50_ms'), ' ms', 1)}",
        "http_p99_over_p50")  # fmt: skip
    imported = results.get("import") or {}
    row(f"CSV import of {fmt(imported.get('rows'))} rows",
        fmt(imported.get("rows_per_second"), " rows/s", 0), "",
        "import_rows_per_second")  # fmt: skip
    row("CSV import: peak memory growth", "", "", "import_peak_memory_growth")
    reader = results.get("reader") or {}
    row(f"notification reader, {fmt(reader.get('notifications'))} notifications",
        fmt(reader.get("notifications_per_second"), "/s", 0), "",
        "reader_notifications_per_second")  # fmt: skip
    mail = results.get("fetch_mail") or {}
    messages = mail.get("skipped") or f"{fmt(mail.get('messages'))} messages"
    row(f"fetch_mail from loopback IMAP, {messages}",
        fmt(mail.get("messages_per_second"), "/s", 0), "",
        "fetch_mail_messages_per_second")  # fmt: skip
