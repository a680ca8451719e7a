"""Every page a user with data can reach shows text, never a template's own syntax."""

import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User

# Links the crawl does not follow: leaving the account, files to download, the admin.
SKIPPED = re.compile(r"^/(logout|admin|static|media)/|\.(ics|csv|json)$|/export|/calendar/")
HREF = re.compile(r'href="([^"]+)"')
# Enough to reach every list and detail page of the demo pipeline.
MOST_PAGES = 400


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    return User.objects.get(username="demo")


def test_no_page_of_a_user_with_data_shows_template_syntax(client, demo):
    client.force_login(demo)
    seen, queue, leaks = set(), deque(["/"]), []
    while queue and len(seen) < MOST_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for marker in ("{#", "{%", "#}", "%}"):
            if marker in html:
                leaks.append((path, marker))
        for href in HREF.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if SKIPPED.search(parts.path) or href in seen:
                continue
            queue.append(href)
    # The crawl reached the lists and the records behind them.
    for page in ("/invitations/", "/proposals/", "/offers/", "/clients/"):
        assert page in seen
    assert len(seen) > 40
    assert leaks == []


def test_no_template_opens_a_one_line_comment_it_does_not_close_on_that_line():
    # Django's `{# #}` comment ends at the line's end: a longer one prints as text.
    from django.conf import settings

    root = settings.BASE_DIR / "templates"
    open_comments = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert open_comments == []
