"""Log-in throttling: repeated failures for a username or from an address slow down, then lock.

Counts live in the database so that every web process sees the same numbers. A few failures
in a row make the next attempt wait a little (the wait grows); many lock the key for a while.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginThrottle


@dataclass(frozen=True)
class Policy:
    slow_after: int  # failures before each further one costs a growing wait
    slow_step: timedelta
    lock_after: int  # failures that lock the key
    lock_for: timedelta
    window: timedelta  # failures older than this are forgotten


# An address is shared by many people (an office, a proxy), so it gets more room.
USERNAME = Policy(3, timedelta(seconds=30), 5, timedelta(minutes=15), timedelta(minutes=15))
ADDRESS = Policy(10, timedelta(seconds=10), 30, timedelta(minutes=15), timedelta(minutes=15))


def client_address(request):
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The rightmost address is the one our own proxy saw; the rest can be forged.
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "unknown")


def keys_for(request, username):
    return [
        (f"user:{(username or '').strip().lower()}", USERNAME),
        (f"addr:{client_address(request)}", ADDRESS),
    ]


def wait_left(request, username, now=None):
    """How long this log-in must wait (a timedelta), or None when it may go ahead."""
    now = now or timezone.now()
    keys = dict(keys_for(request, username))
    longest = None
    for row in LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now):
        left = row.locked_until - now
        longest = left if longest is None or left > longest else longest
    return longest


def record_failure(request, username, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        for key, policy in keys_for(request, username):
            row, _ = LoginThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"first_failure_at": now}
            )
            if now - row.first_failure_at > policy.window:
                row.failures, row.first_failure_at, row.locked_until = 0, now, None
            row.failures += 1
            if row.failures >= policy.lock_after:
                row.locked_until = now + policy.lock_for
            elif row.failures >= policy.slow_after:
                row.locked_until = now + policy.slow_step * (row.failures - policy.slow_after + 1)
            row.save()


def record_success(request, username):
    LoginThrottle.objects.filter(key__in=dict(keys_for(request, username))).delete()


def describe(wait):
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minutes"
