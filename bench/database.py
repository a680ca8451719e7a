"""The benchmark's own database, wiped at the start of every run.

Never the developer's: on SQLite a file beside this module (bench/bench.sqlite3) unless the
configured file's name already ends in "bench"; on PostgreSQL the configured database's name
with `_bench` appended unless it ends in `_bench` already (so `DATABASE_URL=…/tracker` and
`…/tracker_bench` both run against `tracker_bench`).
"""

import os
import platform
import sqlite3
from pathlib import Path
from urllib.parse import quote

import django
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

BENCH_DIR = Path(__file__).resolve().parent
SQLITE_FILE = BENCH_DIR / "bench.sqlite3"
SUFFIX = "_bench"


def is_sqlite():
    return connection.vendor == "sqlite"


def bench_name():
    """The name of the database this run may wipe."""
    name = str(connection.settings_dict["NAME"])
    if is_sqlite():
        return name if Path(name).stem.endswith("bench") else str(SQLITE_FILE)
    return name if name.endswith(SUFFIX) else name + SUFFIX


def use(name):
    """Point the default connection at `name`, the way Django's test runner does for its
    test database: the settings entry and the connection share one dictionary."""
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name


def recreate(name):
    """An empty database called `name`, migrated."""
    connection.close()
    if is_sqlite():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
    else:
        recreate_postgres(name)
    use(name)
    call_command("migrate", interactive=False, verbosity=0)


def maintenance_connection():
    """An autocommit connection to the server's `postgres` database, from which databases are
    dropped and created."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
        autocommit=True,
    )


def drop_postgres(name):
    with maintenance_connection() as maintenance:
        maintenance.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def recreate_postgres(name):
    drop_postgres(name)
    with maintenance_connection() as maintenance:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyze():
    """Fresh planner statistics after the bulk load, as autovacuum keeps them on a live server.

    Only PostgreSQL gathers them by itself; an SQLite deployment has none unless someone runs
    ANALYZE, so the benchmark does not give it any either.
    """
    if not is_sqlite():
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def url():
    """DATABASE_URL for another process (gunicorn) to reach this same database."""
    db = connection.settings_dict
    if is_sqlite():
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


def describe():
    """The database engine and version, for the report."""
    if is_sqlite():
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def machine():
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "os": platform.platform(terse=True),
        "database": describe(),
        "broker": "redis" if "redis" in settings.Q_CLUSTER else "orm",
    }
