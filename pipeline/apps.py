from django.apps import AppConfig


class PipelineConfig(AppConfig):
    """Pages over the whole pipeline: the dashboard, analytics, export and import, account
    deletion and the demo data. It reads every domain app, and none imports it; its one
    model is the import job, whose rows go into all of them."""

    name = "pipeline"
