# Fusée — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test bench setup setup-dev lint typecheck pytest pytest-sqlite pytest-postgres lock messages clean

demo: setup ## Set up, load the demo company, serve it on http://$(HOST):$(PORT)/
	$(BIN)/fusee migrate --no-input -v 0
	$(BIN)/fusee demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the accounts above."
	@# Without FUSEE_SMTP_URL, nurturing emails go to the built-in mail catcher, stopped with the server.
	if [ -z "$$FUSEE_SMTP_URL" ]; then $(BIN)/fusee mailsink --port 1025 & sink=$$!; fi; \
	trap '[ -n "$$sink" ] && kill $$sink 2>/dev/null' EXIT; \
	FUSEE_BASE_URL=$${FUSEE_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/fusee serve --host $(HOST) --port $(PORT)

test: setup-dev lint typecheck pytest ## Set up, then ruff, mypy and every test suite

setup: $(VENV)/.main-installed
setup-dev: $(VENV)/.dev-installed

$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Fusée needs Python 3.11 or newer; $(PYTHON) is older. Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.main-installed: $(BIN)/uv requirements/main.lock pyproject.toml
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements/main.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.main-installed requirements/dev.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements/dev.lock
	@touch $@

lint: setup-dev
	$(BIN)/ruff check .

typecheck: setup-dev
	$(BIN)/mypy

# The whole suite on SQLite, then again on PostgreSQL when FUSEE_TEST_DATABASE_URL is set.
pytest: pytest-sqlite pytest-postgres

pytest-sqlite: setup-dev
	FUSEE_TEST_DB=sqlite $(BIN)/pytest

pytest-postgres: setup-dev
	@if [ -n "$$FUSEE_TEST_DATABASE_URL" ]; then \
	  echo "== the suite again, on PostgreSQL =="; \
	  FUSEE_TEST_DB=postgres $(BIN)/pytest; \
	else \
	  echo "PostgreSQL pass not run: FUSEE_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1/fusee)"; \
	fi

bench: setup-dev ## Benchmarks against same-run baselines (PostgreSQL; see bench/README.md)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lock: $(BIN)/uv ## Re-resolve the locked requirements after changing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml -q --python-version 3.11 --generate-hashes -o requirements/main.lock
	$(BIN)/uv pip compile pyproject.toml -q --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.lock

messages: setup-dev ## Refresh and compile the French catalogue
	cd src/fusee && DJANGO_SETTINGS_MODULE=fusee.config.settings.production ../../$(BIN)/django-admin makemessages -l fr --no-location --ignore 'tests/*' --ignore 'testing/*'
	cd src/fusee && DJANGO_SETTINGS_MODULE=fusee.config.settings.production ../../$(BIN)/django-admin compilemessages -l fr

clean:
	rm -rf $(VENV) var/test .mypy_cache .ruff_cache .pytest_cache
