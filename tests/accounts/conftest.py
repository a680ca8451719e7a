import pytest
from django_q.conf import Conf


@pytest.fixture
def queue_runs_inline(monkeypatch):
    """The queue's tasks run at once in this process (django-q2's sync mode), so the mail
    they send lands in mail.outbox."""
    monkeypatch.setattr(Conf, "SYNC", True)
