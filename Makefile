# `make run` and `make test` set everything up on a fresh clone; repeated runs only redo what changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PC := $(BIN)/profcluster
STAMP := $(VENV)/.installed
ASSETS := node_modules/.installed
MESSAGES := profcluster/locale/ru/LC_MESSAGES/django.mo

.PHONY: run test setup lint format lock messages clean

run: setup
	DEBUG=true $(PC) migrate --noinput
	DEBUG=true $(PC) load_demo
	DEBUG=true $(PC) runserver 127.0.0.1:8000

test: setup
	$(BIN)/pytest

setup: $(STAMP) $(ASSETS) $(MESSAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(MESSAGES): profcluster/locale/ru/LC_MESSAGES/django.po | $(STAMP)
	cd profcluster && DEBUG=true ../$(PC) compilemessages --ignore=.venv --ignore=node_modules -v 0

messages: $(STAMP)
	cd profcluster && DEBUG=true ../$(PC) makemessages -l ru -l en --no-obsolete --ignore=tests --ignore=conftest.py

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

clean:
	rm -rf $(VENV) node_modules db.sqlite3
