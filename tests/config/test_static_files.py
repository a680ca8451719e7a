"""WhiteNoise serves the static files from the web process, hashed and compressed in production."""

import re
import subprocess
import sys

from django.conf import settings as django_settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


def test_whitenoise_runs_right_after_the_security_middleware():
    middleware = django_settings.MIDDLEWARE
    assert middleware[0] == "django.middleware.security.SecurityMiddleware"
    assert middleware[1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_the_stylesheet_is_served_without_logging_in(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_the_stylesheet_closes_every_block_it_opens():
    # Helpers append sections to one file; a brace lost in a merge silently moves every later
    # rule into the block above (a phone-only @media, once).
    text = (django_settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    depth = 0
    for char in re.sub(r"/\*.*?\*/", "", text, flags=re.S):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_production_serves_collected_files_under_hashed_names_cached_for_good(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--noinput", verbosity=0)

    url = static("css/app.css")
    assert url != "/static/css/app.css"  # a content hash in the name
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"


def test_production_settings_use_the_manifest_storage_and_debug_the_plain_one():
    code = "import config.settings as s; print(s.STORAGES['staticfiles']['BACKEND'])"

    def backend(debug):
        return subprocess.run(
            [sys.executable, "-c", code],
            env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x", "DJANGO_DEBUG": debug},
            capture_output=True,
            text=True,
            cwd=django_settings.BASE_DIR,
            check=True,
        ).stdout.strip()

    assert backend("false") == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert backend("true") == "django.contrib.staticfiles.storage.StaticFilesStorage"
