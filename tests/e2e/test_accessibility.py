"""Every page of the journey passes axe-core's WCAG 2.2 AA rules, light and dark, on a phone
and a laptop: not one violation.

axe-core is the engine browsers' own accessibility panels use; it is injected into each page
by the test (Playwright evaluates it outside the page's Content-Security-Policy).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .journey import LAPTOP, PHONE, PUBLIC, journey_paths, seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA.
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
SCHEMES = ("light", "dark")
WIDTHS = (LAPTOP, PHONE)


def violations_on(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    results = Axe().run(page, options=RULES)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            where = " ".join(node["target"])
            found.append(f"{violation['id']}: {where} — {node['failureSummary']}")
    return found


def report(failures):
    lines = [f"{where}\n    " + "\n    ".join(found) for where, found in failures.items()]
    return "axe-core found violations:\n" + "\n".join(lines)


def test_every_signed_in_page_has_no_violation(new_page, log_in):
    username, password = seed_demo()
    paths = journey_paths(username)
    failures, checked = {}, 0
    for scheme in SCHEMES:
        for width in WIDTHS:
            page = new_page(color_scheme=scheme, viewport={"width": width, "height": 900})
            log_in(page, username, password)
            for name, path in paths.items():
                found = violations_on(page, path)
                checked += 1
                if found:
                    failures[f"{name} ({path}), {scheme}, {width} px"] = found
    print(f"axe-core: {checked} page views checked, {len(failures)} with violations")
    assert not failures, report(failures)


def test_every_public_page_has_no_violation(new_page):
    failures, checked = {}, 0
    for scheme in SCHEMES:
        for width in WIDTHS:
            page = new_page(color_scheme=scheme, viewport={"width": width, "height": 900})
            for name, path in PUBLIC.items():
                found = violations_on(page, path)
                checked += 1
                if found:
                    failures[f"{name} ({path}), {scheme}, {width} px"] = found
    print(f"axe-core: {checked} public page views checked, {len(failures)} with violations")
    assert not failures, report(failures)
