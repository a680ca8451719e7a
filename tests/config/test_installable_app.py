"""The installable app's files: a manifest with real icons, a worker that keeps no page of
anyone's, and an offline page that is the same for everyone."""

import json
import struct

from django.contrib.staticfiles import finders
from django.urls import reverse


def png_size(path):
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_manifest_names_the_app_and_opens_to_the_dashboard(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Invitation Tracker"
    assert manifest["start_url"] == reverse("dashboard")
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"


def test_every_icon_in_the_manifest_is_a_png_of_its_stated_size(client):
    manifest = json.loads(client.get(reverse("manifest")).content)
    purposes = set()
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        path = finders.find(name)
        assert path, f"{icon['src']} is not a static file"
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add((icon["purpose"], width))
    # Browsers install an app with a 192 px and a 512 px icon; launchers crop maskable ones.
    assert purposes >= {("any", 192), ("any", 512), ("maskable", 192), ("maskable", 512)}


def test_the_worker_is_served_from_the_root_and_keeps_only_the_offline_page(client, owner):
    client.force_login(owner)
    response = client.get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert f'var OFFLINE = "{reverse("offline")}"' in body
    assert "/static/css/app.css" in body
    # Only the offline page and static files are kept: no page of the freelancer's.
    for page in ("dashboard", "invitation_list", "settings"):
        assert f'"{reverse(page)}"' not in body


def test_the_offline_page_is_the_same_for_everyone(client, owner):
    anonymous = client.get(reverse("offline"))
    client.force_login(owner)
    signed_in = client.get(reverse("offline"))
    assert anonymous.status_code == signed_in.status_code == 200
    assert anonymous.content == signed_in.content
    assert b"You are offline" in anonymous.content
    assert owner.username.encode() not in signed_in.content


def test_every_page_links_the_manifest_and_its_worker(client, owner):
    client.force_login(owner)
    body = client.get(reverse("dashboard")).content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in body
    assert f'data-service-worker="{reverse("service_worker")}"' in body
