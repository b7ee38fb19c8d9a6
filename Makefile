# PTĐV — one name per routine task. `make run` and `make test` set up what they need on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run DEMO=0` on a new database: no demo data, the first page is the set-up page.
DEMO ?= 1
# Installs the Debian packages of a use (run, test, all), with sudo when not root.
DEPS_SCRIPT ?= scripts/install-system-deps.sh
# The commands `make run` and `make test` look for first: when one is missing, the script
# installs what that use needs (and says which packages).
RUN_TOOLS := node npm
TEST_TOOLS := $(RUN_TOOLS) chromium msgfmt xgettext pdftotext pdffonts pdftoppm fc-list
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test deps system-run system-test lint format setup assets messages bench-deps

run: system-run setup
	@DEBUG=1 $(PY) manage.py migrate --check >/dev/null 2>&1 || DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The first time only: the database and the demo data (seed_demo is idempotent anyway).
setup: $(STAMP) node_modules/.installed db.sqlite3

db.sqlite3: | $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
ifeq ($(DEMO),1)
	DEBUG=1 $(PY) manage.py seed_demo
endif

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.installed

assets: node_modules/.installed

# The load benchmark's tool (locust), not needed by the tests: bench/load.py.
bench-deps: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'

test: system-test $(STAMP) node_modules/.installed
	$(PY) -m pytest

deps:
	bash $(DEPS_SCRIPT)

# A tool missing (or, before the first venv, Python's venv module; the Liberation Serif 2
# fonts of the PDF documents): install the Debian packages of that use.
system-run system-test:
	@use=$(@:system-%=%); missing=""; \
	for tool in $(if $(filter system-test,$@),$(TEST_TOOLS),$(RUN_TOOLS)); do \
	  command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; \
	done; \
	[ -x $(PY) ] || $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing venv"; \
	if ! fc-list 2>/dev/null | grep -q /liberation2/; then \
	  missing="$$missing fonts"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "make $$use: missing$$missing; installing the system packages it needs"; \
	  bash $(DEPS_SCRIPT) $$use; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=node_modules
	DEBUG=1 $(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=node_modules
