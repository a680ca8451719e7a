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


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def test_the_file_backend_without_a_folder_is_an_error_naming_email_file_path(settings):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = None
    (error,) = email_backend_loads()
    assert error.id == "reminders.E001"
    assert "EMAIL_FILE_PATH is not set" in error.msg


def test_the_file_backend_pointed_at_a_file_is_an_error_naming_email_file_path(settings, tmp_path):
    a_file = tmp_path / "mail.txt"
    a_file.write_text("not a folder")
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(a_file)
    (error,) = email_backend_loads()
    assert error.id == "reminders.E001"
    assert f"EMAIL_FILE_PATH is {str(a_file)!r}" in error.msg
    assert "is not a directory" in error.msg


def test_the_file_backend_with_a_folder_it_cannot_write_is_an_error(
    settings, tmp_path, monkeypatch
):
    import os

    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    # The tests may run as root, whom no folder's mode refuses: the answer is the system's.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    (error,) = email_backend_loads()
    assert "EMAIL_FILE_PATH" in error.msg
    assert "Could not write to directory" in error.msg


def test_the_file_backend_with_a_writable_folder_passes(settings, tmp_path):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    assert email_backend_loads() == []


def test_manage_py_check_reads_email_file_path_from_the_environment(tmp_path):
    import subprocess
    import sys

    from tests.support.processes import ROOT

    a_file = tmp_path / "mail.txt"
    a_file.write_text("not a folder")
    base = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", "EMAIL_BACKEND": FILE_BACKEND}
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, "EMAIL_FILE_PATH": str(a_file)},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert "reminders.E001" in refused.stderr
    assert "EMAIL_FILE_PATH" in refused.stderr
    passed = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, "EMAIL_FILE_PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert passed.returncode == 0, passed.stderr
