# `make run` and `make test` set everything up on a fresh clone; repeated runs only redo what changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PC := $(BIN)/profcluster
STAMP := $(VENV)/.installed
ASSETS := node_modules/.installed
# Every app keeps its own catalogue (<app>/locale), so apps can be added without touching a shared file.
CATALOGUES := $(wildcard profcluster/*/locale/*/LC_MESSAGES/django.po)
MESSAGES := .venv/.messages

.PHONY: run test setup lint format lock messages clean screenshots browser bench load

run: setup
	DEBUG=true $(PC) migrate --noinput
	DEBUG=true $(PC) load_demo
	@# The background worker (large imports, reports) runs beside the web server and stops with it.
	DEBUG=true $(PC) db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		DEBUG=true $(PC) runserver 127.0.0.1:8000

test: setup
	$(BIN)/pytest

setup: $(STAMP) $(ASSETS) $(MESSAGES) browser

# End-to-end tests drive Debian's Chromium; Playwright never downloads a browser of its own. As root (CI, a
# fresh machine) the package is installed when missing; otherwise the tests say what to install.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium is not installed: the end-to-end tests will not run (apt-get install chromium)"; }

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(MESSAGES): $(CATALOGUES) | $(STAMP)
	cd profcluster && DEBUG=true ../$(PC) compilemessages -v 0
	touch $@

# Refresh the catalogues after changing interface strings, then translate the new entries in <app>/locale/ru.
messages: $(STAMP)
	for app in profcluster/*/apps.py; do \
		dir=$$(dirname $$app); mkdir -p $$dir/locale; \
		(cd $$dir && DEBUG=true ../../$(PC) makemessages -l ru -l en --no-obsolete --ignore=tests -v 0) || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin every Python dependency after changing pyproject.toml.
lock: | $(BIN)/python
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	.lock-venv/bin/pip freeze --exclude profcluster > requirements.lock
	rm -rf .lock-venv

# Screenshots of the main pages for the README, from a throw-away demo database.
screenshots: setup
	rm -f /tmp/profcluster-shots.sqlite3
	export DEBUG=true DATABASE_URL=sqlite:////tmp/profcluster-shots.sqlite3; \
	$(PC) migrate --noinput -v 0 && $(PC) load_demo > /dev/null && \
	{ $(PC) runserver 127.0.0.1:8766 --noreload > /dev/null 2>&1 & server=$$!; sleep 4; \
	  $(BIN)/python docs/screenshots.py http://127.0.0.1:8766; status=$$?; kill $$server; exit $$status; }

# Load benchmarks on PostgreSQL (DATABASE_URL, BENCH_SCALE); see bench/README.md.
bench: setup
	$(BIN)/python bench/run.py

# Load test: gunicorn with 2 and 4 workers under wrk (Debian package) on the bench database; see bench/README.md.
load: setup
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk"; exit 1; }
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3
