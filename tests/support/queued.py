"""Run what a request hands to the queue, in the test's own process and transaction."""

from contextlib import contextmanager
from unittest import mock

from django.test import TestCase
from django_q.conf import Conf


@contextmanager
def queue_inline():
    """Tasks enqueued on commit run at once, in this process (`Q_CLUSTER["sync"]`), their
    errors raised here; the test's transaction never commits, so its on-commit callbacks
    are run by hand as the block ends."""
    with mock.patch.object(Conf, "SYNC", True), TestCase.captureOnCommitCallbacks(execute=True):
        yield
