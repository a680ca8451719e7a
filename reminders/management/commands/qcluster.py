"""`python manage.py qcluster`: django-q2's cluster, which stops cleanly under any signal.

A supervisor stops the queue in one of two ways: a signal to its main process alone
(systemd's KillMode=mixed), or the same signal to every process of it at once (systemd's
default KillMode=control-group, supervisord's stopasgroup, a terminal's Ctrl-C, `make run`).
django-q2's sentinel process dies at once on SIGTERM; when the whole group gets it, the main
process's handler then sets the stop event the dead sentinel was waiting on, and waits
forever for it to wake (a multiprocessing condition whose sleeper is gone): the cluster hangs.

Here the sentinel and the pusher and monitor it starts ignore SIGTERM, as django-q2 already
has them ignore SIGINT: only the main process acts on a stop signal, by setting the stop
event, and the sentinel stops the rest in order. Workers still die on SIGTERM, which is how
the sentinel ends one that overran its task's timeout; a sweep killed that way costs at
most the one e-mail it had in flight (see reminders.tasks).
"""

import signal

from django_q import cluster
from django_q.management.commands.qcluster import Command as ClusterCommand
from django_q.signals import post_spawn


class Sentinel(cluster.Sentinel):
    """django-q2's sentinel, deaf to SIGTERM (and so are the processes it starts)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, start=False, **kwargs)  # it sets SIGTERM to its default here
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.start()


def workers_die_on_sigterm(**kwargs):
    """A worker starts deaf like its sentinel; it must hear the sentinel's SIGTERM."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Command(ClusterCommand):
    help = "Start the queue (a django-q2 cluster) that stops cleanly on SIGTERM or SIGINT."

    def handle(self, *args, **options):
        # The cluster starts its sentinel from this module attribute; this process is the
        # cluster's own, so nothing else sees the change.
        cluster.Sentinel = Sentinel
        post_spawn.connect(workers_die_on_sigterm, dispatch_uid="reminders-worker-sigterm")
        super().handle(*args, **options)
