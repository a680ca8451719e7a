"""Mail backends for tests: ones that fail on demand, ones that record to a shared file."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    """Fails every message whose subject contains a word in `failing` (class-level)."""

    failing = set()
    delivered = []

    def send_messages(self, messages):
        count = 0
        for message in messages:
            if any(word in message.subject for word in self.failing):
                raise ConnectionError("SMTP server unavailable")
            self.delivered.append(message)
            count += 1
        return count


class FileRecordingBackend(BaseEmailBackend):
    """Appends one line per reminder each message carries (its primary key) to
    $REMINDER_DELIVERY_LOG.

    Each message is one small O_APPEND write, so several processes can record into one file.
    """

    def send_messages(self, messages):
        path = os.environ["REMINDER_DELIVERY_LOG"]
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for message in messages:
                os.write(fd, "".join(f"{pk}\n" for pk in message.reminder_pks).encode())
        finally:
            os.close(fd)
        return len(messages)


class OutageBackend(BaseEmailBackend):
    """An SMTP server that is down for the first `down_for` connections, then recovers.

    The sweep opens one connection per run, so `down_for = 3` means three sweeps fail.
    Class-level counters say how many connections were opened and sends attempted.
    """

    down_for = 0
    connections = 0
    attempts = 0
    delivered = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).connections += 1
        self.down = type(self).connections <= type(self).down_for

    def send_messages(self, messages):
        type(self).attempts += len(messages)
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        type(self).delivered.extend(messages)
        return len(messages)


class SlowRecordingBackend(FileRecordingBackend):
    """Records each message like FileRecordingBackend, then takes $REMINDER_DELIVERY_DELAY
    seconds (default 0.05) before the next, as a slow SMTP server would.

    Used in the processes a test starts, so that a sweep is slow enough to be killed in the
    middle, and the delivery log shows how far it got.
    """

    def send_messages(self, messages):
        delay = float(os.environ.get("REMINDER_DELIVERY_DELAY", "0.05"))
        for message in messages:
            super().send_messages([message])
            time.sleep(delay)
        return len(messages)


class CountingBackend(BaseEmailBackend):
    """Counts connections opened, and fails any message sent on a connection that broke."""

    opens = 0
    delivered = []
    fail_subjects = set()

    def open(self):
        if getattr(self, "live", False):
            return False
        type(self).opens += 1
        self.live = True
        return True

    def close(self):
        self.live = False

    def send_messages(self, messages):
        if not getattr(self, "live", False):
            self.open()
            opened_here = True
        else:
            opened_here = False
        try:
            for message in messages:
                if any(word in message.subject for word in self.fail_subjects):
                    self.live = False  # the server dropped us
                    raise ConnectionError("connection lost")
                type(self).delivered.append(message.subject)
            return len(messages)
        finally:
            if opened_here:
                self.close()
