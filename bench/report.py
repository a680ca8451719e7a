"""The performance targets, the printed table and bench/results.json."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
MiB = 1024 * 1024


def targets(results):
    """(name, value, target, met) for every target the figures can be checked against."""
    rows = []
    pages = results.get("pages")
    if pages:
        for page in ("dashboard", "invitation_list"):
            queries = pages[page]["queries"]
            rows.append((f"{page} queries", queries, "≤ 12", queries <= 12))
            ratio = pages[f"{page}_over_floor"]
            rows.append((f"{page} / floor, server time", ratio, "≤ 4×", ratio <= 4))
    sweep = results.get("sweep")
    if sweep:
        rate = sweep["reminders_per_second"]
        rows.append(("sweep reminders per second", rate, "≥ 2,000", rate >= 2000))
        rows.append(
            ("sweep / raw-SQL floor", sweep["over_floor"], "≤ 5×", sweep["over_floor"] <= 5)
        )
        growth = sweep["peak_memory_growth"]
        rows.append(("sweep peak memory growth", growth, "≤ 10%", growth <= 0.10))
        uses = sweep["due_query_uses_index"]
        rows.append(("due query uses reminder_due_idx", uses, "yes", uses))
    load = results.get("http")
    if load:
        ratio = load["dashboard_over_floor"]
        rows.append(("HTTP dashboard / floor, req/s", ratio, "≥ 30%", ratio >= 0.30))
    return [{"name": n, "value": v, "target": t, "met": bool(m)} for n, v, t, m in rows]


def write(results, path=RESULTS):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return path


def fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(results):
    """The figures as a plain-text table (also valid Markdown)."""
    lines = []

    def row(*cells):
        lines.append("| " + " | ".join(cells) + " |")

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
    row("measure", "value", "floor", "ratio", "target")
    row("---", "---:", "---:", "---:", "---")
    pages = results.get("pages")
    if pages:
        floor = pages["floor"]
        for page in ("dashboard", "invitation_list"):
            figures = pages[page]
            row(
                f"{page.replace('_', ' ')}: median server time (p95)",
                f"{figures['median_ms']:.2f} ms ({figures['p95_ms']:.2f})",
                f"{floor['median_ms']:.2f} ms ({floor['p95_ms']:.2f})",
                f"{pages[page + '_over_floor']:.2f}×",
                "≤ 4×",
            )
            row(f"{page.replace('_', ' ')}: SQL queries", str(figures["queries"]),
                str(floor["queries"]), "", "≤ 12")  # fmt: skip
    sweep = results.get("sweep")
    if sweep:
        row(
            f"sweep: {sweep['due']:,} due among {sweep['pending_large']:,} pending",
            f"{sweep['seconds']:.2f} s, {sweep['reminders_per_second']:,.0f}/s",
            f"{sweep['floor_seconds'] * 1000:.1f} ms",
            f"{sweep['over_floor']:.1f}×",
            "≥ 2,000/s; ≤ 5×",
        )
        row(
            f"sweep: e-mails carrying the {sweep['delivered']:,} reminders sent",
            f"{sweep['emails']:,}",
            "",
            "",
            "",
        )
        row(
            "sweep: per reminder",
            f"{sweep['us_per_reminder']:.0f} µs",
            f"{sweep['floor_us_per_reminder']:.1f} µs",
            "",
            "",
        )
        row(
            f"sweep: peak memory at {sweep['pending_small']:,} / {sweep['pending_large']:,} "
            "pending",
            f"{sweep['peak_memory_small_bytes'] / MiB:.1f} / "
            f"{sweep['peak_memory_large_bytes'] / MiB:.1f} MiB",
            "",
            f"{sweep['peak_memory_growth']:+.1%}",
            "≤ +10%",
        )
        row("sweep: due query uses reminder_due_idx", fmt(sweep["due_query_uses_index"]), "", "",
            "yes")  # fmt: skip
    load = results.get("http")
    if load:
        row(
            f"HTTP, {load['workers']} gunicorn workers, {load['concurrency']} clients: "
            "dashboard req/s",
            f"{load['dashboard']['rps']:,.0f}",
            f"{load['floor']['rps']:,.0f}",
            f"{load['dashboard_over_floor']:.0%}",
            "≥ 30%",
        )
    missed = [t["name"] for t in results.get("targets", []) if not t["met"]]
    lines.append("")
    lines.append("Targets missed: " + ", ".join(missed) if missed else "Every target met.")
    return "\n".join(lines)
