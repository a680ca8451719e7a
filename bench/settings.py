"""The benchmark's overlay on the product's settings: its command, and its floor pages routed
beside the product's (`make bench` runs with DJANGO_SETTINGS_MODULE=bench.settings)."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
