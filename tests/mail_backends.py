"""Mail backends for tests: one that fails on demand, one that records to a shared file."""

import os

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
    """Appends one line per message (its Message-ID) to $REMINDER_DELIVERY_LOG.

    Each line is one small O_APPEND write, so several processes can record into one file.
    """

    def send_messages(self, messages):
        path = os.environ["REMINDER_DELIVERY_LOG"]
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for message in messages:
                os.write(fd, (message.extra_headers["Message-ID"] + "\n").encode())
        finally:
            os.close(fd)
        return len(messages)
