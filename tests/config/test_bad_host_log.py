"""A request with a Host the site does not serve is logged as one line, a warning."""

import io
import logging

import pytest


def handlers_of(name):
    """The stream handlers a record of logger `name` reaches, as the settings configure them."""
    logger, found = logging.getLogger(name), []
    while logger is not None:
        # The settings' own handlers, not the ones pytest adds to capture records.
        found += [h for h in logger.handlers if type(h).__module__ == "logging"]
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.django_db
def test_a_bad_host_is_one_warning_line(client):
    client.raise_request_exception = False
    written = io.StringIO()
    handlers = list(
        dict.fromkeys(handlers_of("django.security.DisallowedHost") + handlers_of("django.request"))
    )
    # The stream is swapped, not set with setStream(), which flushes the old one first: an
    # earlier test may have left it closed.
    before = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = written
    try:
        response = client.get("/", HTTP_HOST="evil.example")
    finally:
        for handler, stream in zip(handlers, before, strict=True):
            handler.stream = stream
    assert response.status_code == 400
    lines = [line for line in written.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "WARNING" in lines[0]
    assert "evil.example" in lines[0]


def test_the_record_has_no_traceback_and_is_a_warning(client, db, caplog):
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(caplog.handler)
    try:
        client.raise_request_exception = False
        client.get("/", HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(caplog.handler)
    records = list(
        {id(r): r for r in caplog.records if r.name == "django.security.DisallowedHost"}.values()
    )
    assert [r.levelno for r in records] == [logging.WARNING]
    assert records[0].exc_info is None
