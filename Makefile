# Shabaka: `make run` to try it, `make test` to test it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SHABAKA := $(BIN)/shabaka
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve worker bench-jobs install messages migrate demo test test-postgres bench bench-data lint format check clean

# The stamp is rebuilt when the dependencies change, so `make run` after a pull installs what is new.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Shabaka needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(SHABAKA) compile_translations

migrate: install
	$(SHABAKA) migrate --no-input

demo: migrate messages
	$(SHABAKA) demo

# The worker runs beside the server (imports, exports, reports and emails are background jobs)
# and stops with it.
run: demo
	$(SHABAKA) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(SHABAKA) runserver $(HOST):$(PORT)

# One worker on its own (production: run it beside gunicorn, as many as the load needs).
worker: migrate
	$(SHABAKA) worker

serve: run

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (a server on 127.0.0.1 with trust authentication).
test-postgres: messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/shabaka} $(BIN)/pytest -m 'not browser' $(PYTEST_ARGS)

# Benchmarks (not part of `make test`): load the data, then measure. Needs Debian's wrk.
# The data goes to a database of its own, so the demo database is never touched: on SQLite
# var/bench-$(SCALE)/shabaka.sqlite3 (SHABAKA_DATA_DIR); on PostgreSQL, set DATABASE_URL to an
# empty database (createdb shabaka_bench) for both targets. BENCH_CACHE: the page cache for
# signed-out visitors during the run (off, on, or both: one server each).
SCALE ?= 0.01
BENCH_DATA_DIR ?= var/bench-$(SCALE)
BENCH_CACHE ?= both
bench-data: install messages
	SHABAKA_DATA_DIR=$(BENCH_DATA_DIR) $(SHABAKA) migrate --no-input
	SHABAKA_DATA_DIR=$(BENCH_DATA_DIR) $(SHABAKA) bench_data --scale $(SCALE)

# Long work through the background queue: 1,000 IATI activities, 100,000 export rows.
bench-jobs: install messages
	$(PY) bench/jobs.py $(BENCH_ARGS)

bench: install messages
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk"; exit 2; }
	SHABAKA_DATA_DIR=$(BENCH_DATA_DIR) $(PY) bench/run.py --label scale-$(SCALE) --cache $(BENCH_CACHE) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

format: install
	$(BIN)/ruff check --fix src tests $(wildcard bench)
	$(BIN)/ruff format src tests $(wildcard bench)

check: install
	$(SHABAKA) check
	$(SHABAKA) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
