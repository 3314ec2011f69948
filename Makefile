# Yeongcheon SME support portal. Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The first interpreter of 3.12 or newer that actually runs (pyenv shims exist even where they fail).
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3 python; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
		echo $$candidate; break; fi; done)
STAMP := $(VENV)/.installed

.PHONY: help install run test matrix lint format messages bench fuzz drills clean

help:
	@echo "make run    - install, migrate, load demo data, serve http://127.0.0.1:8000 with a Celery worker and beat"
	@echo "make test   - install, lint, check migrations, run the whole test suite"
	@echo "make matrix - the authorization matrix alone: every URL x every role x GET/POST (also part of make test)"
	@echo "make fuzz   - post 10,000 generated inputs to every form and API endpoint (FUZZ_EXAMPLES to change)"
	@echo "make bench  - benchmark the portal under gunicorn on PostgreSQL, and the deadline-day scenario (docs/benchmarks.md)"
	@echo "make drills - fault drills (database restart, Redis down, worker killed, disk full) on servers they start; root"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is required; none of python3.13, python3.12, python3, python is one." >&2; \
		echo "       Install Python 3.12+ (or set PYTHON=/path/to/python3.12) and run make again." >&2; exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Portal: http://127.0.0.1:8000  (Ctrl-C stops the web server, the worker and beat)"
	@echo "Mail written by the worker: var/mail/*.eml"
	@echo ""
	$(PY) manage.py runportal --addrport 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

matrix: install
	$(PY) -m pytest tests/security/test_matrix.py -q -s $(PYTEST_ARGS)

# Developers only (needs GNU gettext): refresh the Korean catalogue from the sources.
messages: install
	$(PY) manage.py makemessages --locale ko --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*' --no-obsolete
	msgfmt --check -o portal/locale/ko/LC_MESSAGES/django.mo portal/locale/ko/LC_MESSAGES/django.po

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Hypothesis: FUZZ_EXAMPLES generated inputs shared out among every form and API endpoint found (make test runs
# the same tests with a few derandomized examples each). Figures in var/fuzz-report.json.
FUZZ_EXAMPLES ?= 10000
fuzz: install
	rm -f var/fuzz-report.json
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/fuzz -q -p no:cacheprovider $(PYTEST_ARGS)
	@cat var/fuzz-report.json
# Fault drills on a PostgreSQL cluster (port 55432) and a Redis (56379) of their own; root for the tmpfs (docs/proof.md).
drills: install
	$(PY) bench/drills/run.py $(DRILLS_ARGS)

clean:
	rm -rf var
