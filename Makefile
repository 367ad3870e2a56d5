# Concerto. Needs only Python 3.11, make and git; everything else is installed from here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := portal

.PHONY: run test test-pg pgclient venv translations extract db demo browsers node clean help bench-commitments bench-search bench-search-pg bench-coalitions load-consultations proof-two-nodes

help:
	@echo "make run    - install, migrate, load the demo and serve on http://$(HOST):$(PORT) with the scheduler"
	@echo "make test   - install what tests need and run the whole suite (SQLite; PostgreSQL too with TEST_DATABASE_URL)"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

translations: venv
	$(BIN)/python scripts/translations.py compile

extract: venv
	$(BIN)/python scripts/translations.py extract

db: venv translations
	$(BIN)/concerto db upgrade

demo: db
	$(BIN)/concerto demo load --if-empty

# The web server and the one scheduler process together, for the embedded default.
run: demo
	@echo "Concerto on http://$(HOST):$(PORT)  (demo accounts: instance/demo-accounts.txt)"
	@trap 'kill 0' EXIT INT TERM; \
	  export CONCERTO_HOST=$(HOST) CONCERTO_PORT=$(PORT); \
	  $(BIN)/concerto jobs run & \
	  $(BIN)/concerto run --host $(HOST) --port $(PORT) --with-threads --no-reload

# Browser tests drive Debian's chromium; axe-core comes from npm. Installed here, never by hand.
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's npm for axe-core"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node: node_modules/.installed

test: venv translations browsers node
	$(BIN)/python -m pytest

# pg_dump/pg_restore for `concerto backup`/`restore` and their tests on PostgreSQL.
pgclient:
	@command -v pg_dump >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql-client for backup and restore"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-client >/dev/null; }

test-pg: venv translations browsers node pgclient
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest

# Benchmarks and load checks (by hand, not part of make test; figures go in docs/<feature>.md).
DOCS ?= 10000
SEEDS ?= ../shared/seeds
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/concerto_bench
bench-commitments: venv translations
	nice -n 10 $(BIN)/python bench/commitments_bench.py

bench-search: venv translations
	nice -n 10 $(BIN)/python bench/search_bench.py --docs $(DOCS) --out bench/search_results_$(DOCS).json

bench-search-pg: venv translations
	nice -n 10 $(BIN)/python bench/search_pg_bench.py --docs $(DOCS) --seeds $(SEEDS) --database $(BENCH_DATABASE_URL) --out bench/search_pg_results_$(DOCS).json

bench-coalitions: venv translations
	nice -n 10 $(BIN)/python bench/coalitions_bench.py 2000

load-consultations: venv translations
	$(BIN)/python bench/consultations_load.py

# Two gunicorn nodes + one scheduler on a PostgreSQL database of their own (created and dropped): sessions,
# files, search and the scheduler's lock shared through PostgreSQL (and Redis when one answers). CI runs it.
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
proof-two-nodes: venv translations
	$(BIN)/python bench/two_nodes.py --admin-url $(PG_ADMIN_URL)

clean:
	rm -rf $(VENV) node_modules build *.egg-info
