SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# The exact versions of every dependency, compiled from pyproject.toml by `make lock`.
LOCK := requirements.lock
# pip-tools compiles the lock; pinned so that `make lock` resolves alike on every machine.
PIP_TOOLS := pip-tools==7.7.0
# The servers `make test-postgres` runs the suite against (its test database is test_<name>).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run serve test test-postgres bench lint format install lock

# (Re)install whenever the lock changes. The project itself is not installed: its apps run
# from this folder, so the lock is all there is to install.
$(INSTALLED): $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement $(LOCK)
	@touch $(INSTALLED)

install: $(INSTALLED)

# Recompile the lock after a change to the dependencies in pyproject.toml (the dev extra
# included). Versions already locked stay while they still fit; LOCK_ARGS=--upgrade moves
# everything to the newest allowed, LOCK_ARGS="--upgrade-package NAME" just one.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --extra dev \
	  --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  --output-file $(LOCK) $(LOCK_ARGS) pyproject.toml

# The site on 127.0.0.1:$(PORT) and the reminder queue beside it, on SQLite; Ctrl-C stops both.
# A local run is a development run unless DJANGO_DEBUG says otherwise. The two run each in a
# session of their own, so that Ctrl-C or a signal to make (or its group) reaches only the
# recipe's shell, which stops both (the queue through its main process) and waits for them.
run: export DJANGO_DEBUG := $(if $(DJANGO_DEBUG),$(DJANGO_DEBUG),true)
# Links in e-mails, the calendar feed and password resets point at the port the site is on.
run: export SITE_URL := $(if $(SITE_URL),$(SITE_URL),http://127.0.0.1:$(PORT))
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Site: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops the site and the queue."
	@stop() { kill -TERM $$site $$queue 2>/dev/null; wait; }; \
	trap 'stop; exit 0' INT TERM; \
	setsid $(PY) manage.py qcluster & queue=$$!; \
	setsid $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload & site=$$!; \
	wait -n; code=$$?; trap - INT TERM; stop; exit $$code

# Production serving on 127.0.0.1:$(PORT): migrate, collect static files for WhiteNoise, then
# gunicorn (config/gunicorn.conf.py; GUNICORN_WORKERS). Needs the production environment
# (DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL, ...); see docs/deploy.md.
serve: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	GUNICORN_BIND=127.0.0.1:$(PORT) exec $(VENV)/bin/gunicorn --config config/gunicorn.conf.py

test: $(INSTALLED)
	@test -x "$${CHROMIUM_PATH:-$$(command -v chromium || echo /usr/bin/chromium)}" || echo "make test: Chromium is not installed, so the browser tests (tests/e2e) will be skipped. Install it with: apt-get install chromium"
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production} $(PY) -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL with django-q2's Redis broker (both servers must be running).
test-postgres: $(INSTALLED)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production} $(PY) -m pytest $(PYTEST_ARGS)

# The performance benchmark, against its own database (bench/bench.sqlite3, or <name>_bench on the
# server DATABASE_URL names); prints a table and writes bench/results.json. Takes some minutes.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--users 100 --http-seconds 0" for a quick run.
bench: $(INSTALLED)
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-secret-key-not-for-production} \
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py bench $(BENCH_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
