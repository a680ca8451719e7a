"""Quiet hours: on the user's own clock, reminders wait until they end.

A reminder that comes due inside the quiet hours waits for their end, unless its deadline
would pass before then or within the shortest lead after it: that one goes at once, as the
last chance to hear of the deadline. Only e-mail and the channels wait; the in-app list
shows the reminder at once.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Min

from kit.clock import zone_of

from .models import Reminder


def has_quiet_hours(user):
    start, end = user.quiet_start, user.quiet_end
    return start is not None and end is not None and start != end


def quiet_end_after(moment, user):
    """When the quiet hours around `moment` end (UTC), or None when `moment` is outside them."""
    if not has_quiet_hours(user):
        return None
    zone = zone_of(user)
    local = moment.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    start, end = user.quiet_start, user.quiet_end
    if start < end:  # within one day, 01:00–06:00
        inside, end_day = start <= clock < end, local.date()
    elif clock >= start:  # across midnight, 23:00–07:00, before midnight
        inside, end_day = True, local.date() + timedelta(days=1)
    else:  # after midnight
        inside, end_day = clock < end, local.date()
    if not inside:
        return None
    # The wall clock's end on that day; a time skipped by a daylight-saving change counts
    # as the instant the clocks jump past it.
    ends = datetime.combine(end_day, end, tzinfo=zone)
    return ends.astimezone(UTC)


def send_at(moment, deadline, user, shortest_lead):
    """When a reminder due to go at `moment` reaches e-mail and the channels.

    `moment` itself, unless it falls in the user's quiet hours: then their end — or
    `moment` after all when the deadline passes before the end plus `shortest_lead`.
    """
    ends = quiet_end_after(moment, user)
    if ends is None or deadline <= ends + shortest_lead:
        return moment
    return ends


def held_until(row, now):
    """When a due reminder row should go instead of now, or None to send it now."""
    if quiet_end_after(now, row.owner) is None:
        return None
    shortest = (
        Reminder.objects.filter(kind=row.kind, subject_id=row.subject_id, deadline=row.deadline)
        .exclude(status=Reminder.Status.CANCELLED)
        .aggregate(shortest=Min("lead"))["shortest"]
    )
    when = send_at(now, row.deadline, row.owner, shortest or row.lead)
    return when if when > now else None


def hold(token, held):
    """Give back the claimed rows that wait for the end of quiet hours; `held` maps each
    moment to the primary keys that wait for it."""
    for when, pks in held.items():
        Reminder.objects.filter(pk__in=pks, claim_token=token).update(
            status=Reminder.Status.PENDING,
            next_attempt_at=when,
            claim_token=None,
            claimed_until=None,
        )
