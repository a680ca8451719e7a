"""A mail backend that cannot be loaded stops `migrate`, `check` and the queue at start-up,
rather than the first sweep or password reset that tries to send."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from reminders.checks import email_backend_loads


def test_a_backend_that_cannot_be_loaded_is_an_error_naming_the_variable(settings):
    settings.EMAIL_BACKEND = "mail.nowhere.Backend"
    (error,) = email_backend_loads()
    assert error.id == "reminders.E001"
    assert "EMAIL_BACKEND names 'mail.nowhere.Backend'" in error.msg
    with pytest.raises(SystemCheckError, match="reminders.E001"):
        call_command("check")


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_djangos_own_backends_pass(settings, backend):
    settings.EMAIL_BACKEND = backend
    assert email_backend_loads() == []


def test_manage_py_check_stops_on_it_in_a_process_of_its_own():
    """A new process imports nothing from the tests: the app itself must register the check."""
    import subprocess
    import sys

    from tests.support.processes import ROOT

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", "EMAIL_BACKEND": "mail.nowhere.X"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "reminders.E001" in result.stderr
