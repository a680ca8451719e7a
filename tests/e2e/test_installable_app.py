"""The site installs as an app: Chromium finds nothing that stops it, the worker takes the
site, and a page that cannot be reached shows the offline page, not the browser's error."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "alice-password-1"


@pytest.fixture
def profile_page(browser, live_server, tmp_path):
    """A page in a browser profile on disk: Chromium offers no install in a private window,
    which is what every other browser test uses."""
    from .conftest import CHROMIUM, FLAGS

    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=FLAGS,
        headless=True,
        base_url=live_server.url,
    )
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_chromium_reports_the_site_installable(profile_page, log_in, owner, live_server):
    page = profile_page
    log_in(page, "alice", PASSWORD)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == live_server.url + "/"
    session = page.context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors


def test_a_page_that_cannot_be_reached_shows_the_offline_page(new_page, log_in, owner):
    page = new_page(service_workers="allow")
    log_in(page, "alice", PASSWORD)
    page.evaluate("navigator.serviceWorker.ready")
    # The worker controls pages it did not load itself only after they reload.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    try:
        page.goto("/invitations/")
        assert page.get_by_role("heading", name="You are offline").is_visible()
        assert "alice" not in page.content()
    finally:
        page.context.set_offline(False)
    page.goto("/invitations/")
    assert page.get_by_role("heading", name="Invitations", exact=True).is_visible()


def test_pages_work_as_before_without_a_worker(new_page, log_in, owner):
    page = new_page(service_workers="block")
    log_in(page, "alice", PASSWORD)
    assert page.evaluate("navigator.serviceWorker.controller") is None
    page.goto("/invitations/")
    assert page.get_by_role("heading", name="Invitations", exact=True).is_visible()
