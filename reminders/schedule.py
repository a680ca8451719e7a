"""The queue's schedule for the sweep, installed by the app itself after every migrate."""

SCHEDULE_NAME = "send-due-reminders"
SWEEP_TASK = "reminders.tasks.send_due_reminders"


def install_schedule(using="default", **kwargs):
    """Create or repair the one-minute sweep schedule; running it again changes nothing."""
    from django_q.models import Schedule

    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SWEEP_TASK,
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
