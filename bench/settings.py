"""The benchmark's overlay on the product's settings: its command, and its floor pages routed
beside the product's (`make bench` runs with DJANGO_SETTINGS_MODULE=bench.settings)."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"

# The benchmark runs with debug off and stores no real channel: a key of its own, derived
# from its secret key, unless one is set.
if not TRACKER_CHANNEL_KEYS:  # noqa: F405
    import base64
    import hashlib

    TRACKER_CHANNEL_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"bench:{SECRET_KEY}".encode()).digest())  # noqa: F405
    ]
