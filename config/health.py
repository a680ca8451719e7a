"""`/healthz`: can this process reach the database and the queue's broker?

For load balancers and monitors: 200 when both answer, 503 when either does not. The body
says which one failed, never why: an exception's text can carry host names, user names or
passwords. The reason goes to the log.
"""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_q.brokers import get_broker
from django_q.conf import Conf
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


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


@require_safe
@never_cache
def healthz(request):
    database_ok = database_reachable()
    broker_ok = broker_reachable(database_ok)
    return JsonResponse(
        {
            "database": "ok" if database_ok else "error",
            "broker": "ok" if broker_ok else "error",
        },
        status=200 if database_ok and broker_ok else 503,
    )
