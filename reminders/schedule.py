"""The queue's schedule for the sweep, installed by the app itself after every migrate."""

from django.apps import apps as global_apps
from django_q.models import Schedule

SCHEDULE_NAME = "send-due-reminders"
SWEEP_TASK = "reminders.tasks.send_due_reminders"


def install_schedule(using="default", apps=global_apps, **kwargs):
    """Create or repair the one-minute sweep schedule; running it again changes nothing.

    `apps` is the migrated state a migrate passes: a migrate that leaves the queue's tables
    out (`migrate reminders` on a new database, `migrate django_q zero`) installs nothing,
    and the next one that creates them does.
    """
    try:
        apps.get_model("django_q", "Schedule")
    except LookupError:
        return
    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SWEEP_TASK,
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )


def create_sweep_row(using="default", apps=global_apps, **kwargs):
    """Make the one row a sweep records its end on (`reminders.models.Sweep`), if missing."""
    try:
        sweep = apps.get_model("reminders", "Sweep")
    except LookupError:
        return
    sweep.objects.using(using).get_or_create(pk=1)
