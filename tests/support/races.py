"""Two requests racing to change one record.

Real threads, each with its own database connection, on the file-backed test database. Each
request loads the record (still open) and then waits at a barrier, so both hold a stale copy
when they act: only the transition's re-read under the write lock can stop the second.
"""

import threading
from unittest import mock

from django.db import connection
from django.test import Client as Browser

ROUNDS = 3


def race(owner, requests, model, methods):
    """Send the requests at once, each pausing before `model.<method>` until all are there.

    requests: [(url, data, follow)]; returns the responses in the same order.
    """
    barrier = threading.Barrier(len(requests))
    originals = {name: getattr(model, name) for name in methods}

    def after_everyone_loaded(name):
        def method(self, *args, **kwargs):
            barrier.wait(timeout=30)
            return originals[name](self, *args, **kwargs)

        return method

    browsers = []
    for _ in requests:
        browser = Browser()
        browser.force_login(owner)
        browsers.append(browser)
    responses = [None] * len(requests)
    errors = []

    def send(index, browser, url, data, follow):
        try:
            responses[index] = browser.post(url, data, follow=follow)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    patches = [mock.patch.object(model, name, after_everyone_loaded(name)) for name in methods]
    for patch in patches:
        patch.start()
    try:
        threads = [
            threading.Thread(target=send, args=(i, browser, *request))
            for i, (browser, request) in enumerate(zip(browsers, requests, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for patch in patches:
            patch.stop()
    assert not errors, errors
    return responses
