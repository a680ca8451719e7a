SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test test-postgres lint format install

# (Re)install whenever the declared dependencies change.
$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable '.[dev]'
	@touch $(INSTALLED)

install: $(INSTALLED)

# The site on 127.0.0.1:$(PORT) and the reminder queue beside it, on SQLite; Ctrl-C stops both.
# A local run is a development run unless DJANGO_DEBUG says otherwise.
run: export DJANGO_DEBUG := $(if $(DJANGO_DEBUG),$(DJANGO_DEBUG),true)
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Site: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops the site and the queue."
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py qcluster & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload & \
	wait -n

test: $(INSTALLED)
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || echo "make test: Chromium is not installed, so the browser tests (tests/e2e) will be skipped. Install it with: apt-get install chromium"
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
