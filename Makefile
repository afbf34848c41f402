# Dala: `make run` serves the app with the demo study; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
PYBABEL := $(VENV)/bin/pybabel
export FLASK_APP := app
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Test worker processes (pytest-xdist): one more than the cores by default, as the workers wait on
# the browser, PostgreSQL and subprocesses about a third of the time (fresh-clone CI on 2 cores, same
# commit and load: 2 workers 7:05 + 5:01, 3 workers 5:31 + 3:23); TEST_WORKERS=0 runs the suite in
# one process. Each worker has its own database (in-memory SQLite, or a PostgreSQL schema), its
# own browser and live server on a port of its own, and its own temporary folders.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
# More pytest options for both runs, e.g. PYTEST_ARGS=--durations=20 (CI lists its slowest tests).
PYTEST_ARGS ?=
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

.PHONY: run serve test lint test-sqlite test-postgres install install-test project translations \
        translations-update migration clean

# The install does nothing when the venv holds what pyproject.toml asks for: the stamps are named by
# the file's content, not dated by it (a checkout rewriting it unchanged, or a fresh clone given an
# existing VENV=..., installs nothing). The venv's own pip is enough (no upgrade, no
# download); setuptools>=70.1 lets the project be installed without build isolation (offline).
DEPS_HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.installed-test-$(DEPS_HASH)
MO := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	$(PY) -m pip install -q -e . "setuptools>=70.1"
	touch $@

$(TEST_STAMP): | $(PY)
	$(PY) -m pip install -q -e ".[test]" "setuptools>=70.1"
	touch $(STAMP) $@

# The project itself, editable, from this folder: a venv installed from another clone imports this
# one's code after it (a second or two, offline; nothing when it already points here).
project: | $(PY)
	@$(PY) -I -c "import importlib.util as u, sys; sys.exit(u.find_spec('app').origin != '$(CURDIR)/app/__init__.py')" \
	  2>/dev/null || $(PY) -m pip install -q --no-index --no-deps --no-build-isolation -e .

install: $(STAMP) project translations
install-test: $(TEST_STAMP) project translations

translations: $(MO)

%.mo: %.po | $(STAMP)
	@$(PYBABEL) compile -i $< -o $@ > /dev/null

## Serve on http://127.0.0.1:5000 with the embedded SQLite database and the demo study, and the
## background jobs' worker beside it (a process of its own, stopped with the server); the first
## start creates the master key file (encryption at rest) and names it: keep a copy apart.
run: install
	$(FLASK) keys init
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) jobs worker --threads 1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port 5000

## Serve a team: gunicorn (settings in gunicorn.conf.py) on 127.0.0.1:8000, behind a reverse proxy,
## against PostgreSQL, with the production settings; the migrations are applied first.
serve: install
	@case "$$DATABASE_URL" in postgresql*) ;; \
	  "") echo "make serve: set DATABASE_URL to the PostgreSQL database, e.g. postgresql+psycopg://dala@127.0.0.1/dala"; exit 1;; \
	  *) echo "make serve: DATABASE_URL must be a PostgreSQL URL (postgresql+psycopg://...); for SQLite use make run"; exit 1;; esac
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY to a long random value, e.g. export SECRET_KEY=\$$($(PY) -c 'import secrets;print(secrets.token_hex(32))')"; exit 1; }
	@DALA_CONFIG=production $(FLASK) keys check || { echo "make serve: no usable master key; set DALA_MASTER_KEY or run \`flask keys init\` (keep a copy of the key apart)"; exit 1; }
	DALA_CONFIG=production $(FLASK) db upgrade
	DALA_CONFIG=production exec $(VENV)/bin/gunicorn --config gunicorn.conf.py

## The whole suite: the import layers, SQLite with the browser tests, then PostgreSQL when one answers
## (without the browser tests, the database-free ones and those on a SQLite file of their own, which
## the SQLite run has checked).
test: install-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

## The layers of docs/architecture.md (contracts in pyproject.toml), and ruff's default checks.
lint: install-test
	@echo "== Import layers (lint-imports) =="
	$(VENV)/bin/lint-imports --no-cache
	@echo "== ruff check app tests =="
	$(VENV)/bin/ruff check app tests

test-sqlite:
	@echo "== Test suite on SQLite (with browser tests) =="
	$(PYTEST)

test-postgres:
	@if $(PY) tests/support/pg_available.py "$(PG_TEST_URL)"; then \
	  echo "== Test suite on PostgreSQL ($(PG_TEST_URL)) =="; \
	  DALA_TEST_DATABASE_URL="$(PG_TEST_URL)" $(PYTEST) -m "not e2e and not database_free and not sqlite_only"; \
	else \
	  echo "PostgreSQL is not reachable at $(PG_TEST_URL): the PostgreSQL run was SKIPPED."; \
	  if [ -n "$$DALA_REQUIRE_POSTGRES" ]; then echo "DALA_REQUIRE_POSTGRES is set: failing."; exit 1; fi; \
	fi

## After changing user-facing strings: extract them and update every catalogue (ru, kk, ...).
translations-update: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(PYBABEL) update -N --ignore-obsolete -i app/translations/messages.pot -d app/translations

## After changing models: write a new Alembic revision (review it before committing).
migration: install
	$(FLASK) db migrate -m "$(m)"

clean:
	rm -rf $(VENV) .pytest_cache
