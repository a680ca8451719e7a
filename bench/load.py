"""Requests per second over HTTP: gunicorn (2 workers) on loopback and a bounded load client.

The client is a few threads of the standard library's http.client, each sending one request
at a time for a fixed number of seconds, signed in with a session cookie. It only ever talks
to 127.0.0.1, to a port it picked free, and it stops gunicorn (by its process id) when done.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from . import database

HOST = "127.0.0.1"  # loopback only, never anything else
WORKERS = 2
START_TIMEOUT = 30


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def session_cookie(user):
    """A signed-in session stored in the benchmark database, as a browser would hold it."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Gunicorn:
    """gunicorn with the project's own configuration, against the benchmark database."""

    def __init__(self, workers=WORKERS):
        self.port = free_port()
        # Closed (and so removed) in stop(), which every way out of a run goes through.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database.url(),
            DJANGO_SECRET_KEY=settings.SECRET_KEY,  # the session cookie is signed with it
            DJANGO_DEBUG="false",
            DJANGO_ALLOWED_HOSTS=HOST,
            DJANGO_SECURE_SSL_REDIRECT="false",
            GUNICORN_BIND=f"{HOST}:{self.port}",
            GUNICORN_WORKERS=str(workers),
            PYTHONUNBUFFERED="1",
            # The floor pages are routed by the overlay alone.
            DJANGO_SETTINGS_MODULE="bench.settings",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if get(self.port, "/healthz", "")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        log = self.tail()
        self.stop()
        raise RuntimeError(f"gunicorn did not start on {HOST}:{self.port}:\n{log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def tail(self, lines=30):
        try:
            text = Path(self.log.name).read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def get(port, path, cookie):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
        response = connection.getresponse()
        response.read()
        return response.status, response
    finally:
        connection.close()


def hammer(port, path, cookie, seconds, concurrency):
    """Requests per second for `seconds`, `concurrency` requests in flight at a time."""
    stop_at = time.monotonic() + seconds
    counts, errors, lock = [0] * concurrency, [], threading.Lock()

    def worker(slot):
        while time.monotonic() < stop_at:
            try:
                status, _ = get(port, path, cookie)
            except OSError as error:
                status = repr(error)
            if status == 200:
                counts[slot] += 1
            else:
                with lock:
                    errors.append(status)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": sum(counts), "errors": len(errors), "elapsed": elapsed}


def measure(user, seconds, concurrency, paths):
    """Each page for `seconds` in all, in one-second turns so that a noisy moment on a shared
    machine falls on every page alike."""
    cookie = session_cookie(user)
    results = {"seconds": seconds, "concurrency": concurrency, "workers": WORKERS}
    totals = {name: {"requests": 0, "errors": 0, "elapsed": 0.0} for name in paths}
    turns = max(1, round(seconds))
    with Gunicorn() as server:
        for path in paths.values():
            status, _ = get(server.port, path, cookie)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} over HTTP:\n{server.tail()}")
            hammer(server.port, path, cookie, min(1.0, seconds), concurrency)  # warm up
        for _ in range(turns):
            for name, path in paths.items():
                turn = hammer(server.port, path, cookie, seconds / turns, concurrency)
                for key in totals[name]:
                    totals[name][key] += turn[key]
    for name, total in totals.items():
        results[name] = {
            "requests": total["requests"],
            "errors": total["errors"],
            "rps": total["requests"] / total["elapsed"],
        }
    results["dashboard_over_floor"] = results["dashboard"]["rps"] / results["floor"]["rps"]
    return results
