"""Real processes: fetch_mail runs at once from cron, and the queue's own schedule."""

import signal

import pytest

from capture.models import InboundMessage
from capture.schedule import SCHEDULE_NAME, install_schedule
from interviews.models import Invitation
from tests.support.processes import manage, process_env, wait_for

from .mail_in import address_of, invitation

pytestmark = pytest.mark.django_db(transaction=True)


def mail_env(tmp_path, imap, **extra):
    return process_env(
        tmp_path / "deliveries.log",
        MAIL_IN_ADDRESS="tracker@example.com",
        MAIL_IN_IMAP_URL=imap.url(),
        **extra,
    )


def test_concurrent_fetch_runs_place_each_message_once(imap, owner, tmp_path):
    imap.append(*[invitation(address_of(owner), job=n) for n in range(12)])
    env = mail_env(tmp_path, imap, TEST_LOCK_WAIT=30)
    runs = [manage(["fetch_mail"], env) for _ in range(3)]
    outputs = [run.communicate(timeout=180)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert Invitation.objects.filter(owner=owner).count() == 12
    assert InboundMessage.objects.filter(owner=owner).count() == 12
    assert imap.unseen() == 0


def test_a_real_qcluster_reads_the_mailbox_on_its_schedule(imap, owner, tmp_path):
    install_schedule()
    from django_q.models import Schedule

    # Due now, rather than in five minutes: the cluster picks it up at once.
    Schedule.objects.filter(name=SCHEDULE_NAME).update(next_run="2000-01-01T00:00Z")
    imap.append(invitation(address_of(owner)))
    cluster = manage(["qcluster"], mail_env(tmp_path, imap))
    try:
        captured = wait_for(lambda: Invitation.objects.filter(owner=owner).exists(), timeout=240)
    finally:
        cluster.send_signal(signal.SIGTERM)
        output = cluster.communicate(timeout=60)[0]
    assert captured, output[-3000:]
    assert Invitation.objects.get(owner=owner).captured
    assert imap.unseen() == 0, output[-2000:]
