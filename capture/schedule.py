"""The queue's schedule for reading the mail-in mailbox, installed after every migrate."""

from django.apps import apps as global_apps
from django.conf import settings

SCHEDULE_NAME = "fetch-mail"
FETCH_TASK = "capture.tasks.fetch_new_mail"


def install_schedule(using="default", apps=global_apps, **kwargs):
    """Create or repair the schedule; running it again changes nothing. The task itself
    does nothing while mail in is off, so the schedule is there either way."""
    from django_q.models import Schedule

    try:
        apps.get_model("django_q", "Schedule")
    except LookupError:
        return
    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": FETCH_TASK,
            "schedule_type": Schedule.MINUTES,
            "minutes": settings.MAIL_IN_SCHEDULE_MINUTES,
            "repeats": -1,
        },
    )
