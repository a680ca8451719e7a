"""`/healthz`: can this web process serve pages? And, asked `?deep=1`, is the queue well?

`/healthz`, for the load balancer, checks what a page needs: the database. 200 while it
answers, 503 when it does not; a broker outage must not take every web host out of the
balancer, since pages do not need the broker.

`/healthz?deep=1`, for monitoring, also reports the queue's broker and when a reminder sweep
(queue or cron) last finished, and answers 503 when any of them is down: the database or
the broker does not answer, or no sweep has finished for SWEEP_LATE.

The body says what failed, never why: an exception's text can carry host names, user names
or passwords. The reason goes to the log.
"""

import logging
from datetime import timedelta

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.brokers import get_broker
from django_q.conf import Conf
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# The queue sweeps every minute (about 30 s late at worst, its scheduler's round) and a sweep
# lasts a minute at most; five minutes without one means no queue or cron is sweeping.
SWEEP_LATE = timedelta(minutes=5)


def database_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("healthz: the database did not answer", exc_info=True)
        return False
    return True


def broker_reachable(database_ok):
    if Conf.ORM:
        # The ORM broker keeps its queue in the database checked above.
        return database_ok
    broker = None
    try:
        # The broker the queue itself uses, with the connect and read timeouts from settings,
        # asked once: the client's own retries with back-off would take seconds to say no.
        broker = get_broker()
        broker.connection.set_retry(Retry(NoBackoff(), 0))
        return bool(broker.ping())
    except Exception:
        logger.warning("healthz: the broker did not answer", exc_info=True)
        return False
    finally:
        if broker is not None and hasattr(broker.connection, "close"):
            broker.connection.close()


def last_sweep(database_ok):
    """When a sweep last finished, how long ago, and whether that is too long."""
    from reminders.models import Sweep

    if not database_ok:
        return {"status": "unknown", "finished_at": None, "age_seconds": None}
    try:
        finished = Sweep.last_finished()
    except Exception:
        logger.warning("healthz: the last sweep could not be read", exc_info=True)
        return {"status": "unknown", "finished_at": None, "age_seconds": None}
    if finished is None:
        return {"status": "never", "finished_at": None, "age_seconds": None}
    age = timezone.now() - finished
    return {
        "status": "ok" if age <= SWEEP_LATE else "late",
        "finished_at": finished.isoformat(),
        "age_seconds": round(age.total_seconds()),
    }


@require_safe
@never_cache
def healthz(request):
    database_ok = database_reachable()
    status = 200 if database_ok else 503
    if request.GET.get("deep") != "1":
        return JsonResponse({"database": "ok" if database_ok else "error"}, status=status)
    broker_ok = broker_reachable(database_ok)
    sweep = last_sweep(database_ok)
    healthy = database_ok and broker_ok and sweep["status"] == "ok"
    return JsonResponse(
        {
            "database": "ok" if database_ok else "error",
            "broker": "ok" if broker_ok else "error",
            "sweep": sweep,
        },
        status=200 if healthy else 503,
    )
