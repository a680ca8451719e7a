"""Browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with a clear reason, where Chromium is not installed. Screenshots go to
test-artifacts/screenshots/ (override with E2E_SCREENSHOT_DIR); the folder is printed at
the end of the run.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(
    os.environ.get(
        "E2E_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    )
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# arrange data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: browser tests skipped")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the browser tests only.

    Between its calls Playwright's sync API leaves its event loop marked as running in this
    thread, and Django then keeps this thread's database connections per async context,
    apart from the ones it uses without a loop. pytest-django drops the test database after
    closing only the latter, so a connection opened while Playwright runs would still be
    open then, and the drop would fail. Each set is closed before the switch to the other,
    and Playwright runs only while the browser tests do.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id="America/New_York",
        viewport={"width": 1200, "height": 900},
        service_workers="block",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser context of its own (its own cookies, so its own signed-in user).

    Options go to `browser.new_context`: `new_page(timezone_id="Australia/Adelaide")`,
    `new_page(java_script_enabled=False)`, `new_page(color_scheme="dark")`,
    `new_page(service_workers="allow")` for the installable app's worker.
    """
    contexts = []

    def make(**options):
        context = browser.new_context(
            **{
                "base_url": live_server.url,
                "timezone_id": "America/New_York",
                "viewport": {"width": 1200, "height": 900},
                # The installable app's worker would answer requests that tests route
                # themselves; the tests of the worker allow it.
                "service_workers": "block",
                **options,
            }
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def log_in():
    """Sign `username` in through the log-in page and wait for the dashboard."""

    def sign_in(page, username, password):
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in", exact=True).click()
        page.get_by_role("heading", name=re.compile(r"^Hello, ")).wait_for()

    return sign_in


@pytest.fixture
def screenshot(request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"e2e screenshots saved in {SCREENSHOTS}")
