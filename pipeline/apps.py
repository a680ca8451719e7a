from django.apps import AppConfig


class PipelineConfig(AppConfig):
    """Pages over the whole pipeline: the dashboard, analytics, export and import, account
    deletion and the demo data. No models: it reads every domain app, and none imports it."""

    name = "pipeline"
