"""Requests per second over HTTP: gunicorn with the project's configuration on loopback, and
a bounded load client.

The client is threads of the standard library's http.client (20 by default), each sending one
request at a time for a fixed number of seconds, signed in with a session cookie. It records
every request's latency. It only ever talks to 127.0.0.1, to a port it picked free, and it
stops gunicorn (by its process id) when done. The HTTP floor is the dashboard's page floor
served by the same gunicorn.
"""

import http.client
import os
import runpy
import socket
import statistics
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
START_TIMEOUT = 30
CONFIG = "config/gunicorn.conf.py"


def configured_workers():
    """The number of workers the project's gunicorn configuration gives (GUNICORN_WORKERS)."""
    return runpy.run_path(str(Path(settings.BASE_DIR) / CONFIG))["workers"]


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

    def __init__(self):
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
            PYTHONUNBUFFERED="1",
            # The floor pages are routed by the overlay alone.
            DJANGO_SETTINGS_MODULE="bench.settings",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", CONFIG],
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
    """Requests for `seconds`, `concurrency` requests in flight at a time: how many answered
    200, how many did not, and each answered request's latency in seconds."""
    stop_at = time.monotonic() + seconds
    latencies, errors, lock = [[] for _ in range(concurrency)], [], threading.Lock()

    def worker(slot):
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _ = get(port, path, cookie)
            except OSError as error:
                status = repr(error)
            if status == 200:
                latencies[slot].append(time.perf_counter() - started)
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
    answered = [latency for slot in latencies for latency in slot]
    return {"latencies": answered, "errors": len(errors), "elapsed": elapsed}


def percentile(ordered, share):
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(user, seconds, concurrency, paths):
    """Each page of `paths` ({name: path}, with "dashboard" and "floor") for `seconds` in all,
    in one-second turns so that a noisy moment on a shared machine falls on every page alike."""
    cookie = session_cookie(user)
    results = {"seconds": seconds, "concurrency": concurrency, "workers": configured_workers()}
    totals = {name: {"latencies": [], "errors": 0, "elapsed": 0.0} for name in paths}
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
                totals[name]["latencies"] += turn["latencies"]
                totals[name]["errors"] += turn["errors"]
                totals[name]["elapsed"] += turn["elapsed"]
    for name, total in totals.items():
        ordered = sorted(total["latencies"]) or [0.0]
        results[name] = {
            "path": paths[name],
            "requests": len(total["latencies"]),
            "errors": total["errors"],
            "rps": len(total["latencies"]) / total["elapsed"],
            "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": percentile(ordered, 0.99) * 1000,
        }
    dashboard, floor = results["dashboard"], results["floor"]
    results["dashboard_share_of_floor"] = dashboard["rps"] / floor["rps"] if floor["rps"] else None
    results["dashboard_p99_over_p50"] = (
        dashboard["p99_ms"] / dashboard["p50_ms"] if dashboard["p50_ms"] else None
    )
    return results
