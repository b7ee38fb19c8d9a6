# PTĐV — one name per routine task. `make run` sets everything up on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test deps lint format setup assets messages clean-venv

run: setup
	@DEBUG=1 $(PY) manage.py migrate --check >/dev/null 2>&1 || DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The first time only: the database and the demo data (seed_demo is idempotent anyway).
setup: $(STAMP) node_modules/.installed db.sqlite3

db.sqlite3: | $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.installed

assets: node_modules/.installed

test: $(STAMP) node_modules/.installed
	$(PY) -m pytest

deps:
	bash scripts/install-system-deps.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=node_modules
	DEBUG=1 $(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=node_modules
