"""Every page of the journey reads at every width: the page never scrolls sideways, no column
of text is squeezed narrower than 12 characters, and no template syntax leaks into the page.
"""

from pathlib import Path

import pytest

from .journey import DESKTOP, LAPTOP, PHONE, PUBLIC, SMALL, journey_paths, seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (PHONE, SMALL, LAPTOP, DESKTOP)
# A column narrower than this many widths of "0" in its own font prints words letter by letter.
MIN_COLUMN_CH = 12

# What a reader would call a problem on the page, as a list of sentences; empty when none.
# A text column is the content box of the nearest block (not inline) box around a piece of
# text that wraps onto more than one line; visually hidden text (1 px boxes for screen
# readers) and empty boxes are skipped.
PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text()


def problems_on(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    return page.evaluate(PROBLEMS, MIN_COLUMN_CH)


def walk(new_page, paths, log_in=None, credentials=None):
    failures, checked = {}, 0
    for width in WIDTHS:
        page = new_page(viewport={"width": width, "height": 900})
        if log_in:
            log_in(page, *credentials)
        for name, path in paths.items():
            found = problems_on(page, path)
            checked += 1
            if found:
                failures[f"{name} ({path}) at {width} px"] = found
    return failures, checked


def report(failures):
    return "\n".join(f"{where}:\n    " + "\n    ".join(found) for where, found in failures.items())


def test_every_signed_in_page_reads_at_every_width(new_page, log_in):
    credentials = seed_demo()
    failures, checked = walk(new_page, journey_paths(credentials[0]), log_in, credentials)
    print(f"layout: {checked} page views checked, {len(failures)} with problems")
    assert not failures, report(failures)


def test_every_public_page_reads_at_every_width(new_page):
    failures, checked = walk(new_page, PUBLIC)
    print(f"layout: {checked} public page views checked, {len(failures)} with problems")
    assert not failures, report(failures)
