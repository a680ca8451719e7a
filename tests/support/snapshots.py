"""Every row of the project's own tables, to show that a refused request changed nothing."""

from django.apps import apps

PROJECT_APPS = ("accounts", "interviews", "proposals", "offers", "reminders")


def snapshot():
    """{model label: [row as a dict, ...]} for every model of the project's apps, by pk."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def changes(before, after):
    """The labels of the tables whose rows differ, for a readable assertion message."""
    return sorted(label for label in before if before[label] != after[label])
