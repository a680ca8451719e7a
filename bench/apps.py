from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: installed only by its settings overlay, bench/settings.py."""

    name = "bench"
