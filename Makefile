# Shabaka: `make run` to try it, `make test` to test it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SHABAKA := $(BIN)/shabaka
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve worker bench-jobs browser install messages migrate demo test test-postgres bench bench-data lint format check clean

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

# The browser journeys need Debian's Chromium (and fonts with Arabic glyphs): installed here
# when missing, with apt-get as root (or through sudo). BROWSER=skip leaves the journeys out,
# and says so; nothing is skipped unless asked.
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH
BROWSER ?= run
browser:
ifeq ($(BROWSER),skip)
	@echo "BROWSER=skip: the browser journeys are left out of this run."
else
	@test -x $(CHROMIUM_PATH) || { \
	  if command -v apt-get >/dev/null; then \
	    sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    echo "Installing Debian's chromium and fonts-noto-core for the browser journeys..."; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
	      --no-install-recommends chromium fonts-noto-core; \
	  fi; \
	  test -x $(CHROMIUM_PATH) || { echo "No Chromium at $(CHROMIUM_PATH), and it could not be \
	installed: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH, or run \
	make test BROWSER=skip to leave the browser journeys out."; exit 2; }; }
endif

test: messages browser
	$(BIN)/pytest $(if $(filter skip,$(BROWSER)),-m 'not browser') $(PYTEST_ARGS)

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
