# Conduit: `make run` serves the API on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The development tools (pytest, ruff, mypy, schemathesis, pip-audit...), added by the targets
# that need them: `make run` installs the runtime packages only.
DEV := $(VENV)/.dev-tools
HOST ?= 127.0.0.1
PORT ?= 8000
# The slowest tests, listed after every `make test`.
DURATIONS ?= 25

.PHONY: run test check audit lint typecheck imports format lock clean bench bench-quick

# pip shows each package as it goes: the first run takes a while and should say so.
$(BIN)/conduit: requirements.lock pyproject.toml
	@echo "Creating $(VENV) with the runtime packages (requirements.lock)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -r requirements.lock
	$(BIN)/pip install --no-deps -e .
	touch $@

$(DEV): $(BIN)/conduit requirements-dev.lock
	@echo "Adding the development tools (requirements-dev.lock)..."
	$(BIN)/pip install -r requirements-dev.lock
	touch $@

tests/e2e/node_modules/.bin/newman: tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

## Serve the API on http://$(HOST):$(PORT) (SQLite by default, migrations applied, /docs offline).
run: $(BIN)/conduit
	$(BIN)/conduit serve --host $(HOST) --port $(PORT)

## Every test: unit, contract, integration, API, and the RealWorld collection on SQLite and PostgreSQL.
test: $(DEV) tests/e2e/node_modules/.bin/newman
	$(BIN)/pytest --durations=$(DURATIONS)

## Static checks: ruff (lint and format), mypy (strict on domain and application), import-linter.
check: lint typecheck imports

## Known vulnerabilities in the locked runtime dependencies (pip-audit, PyPI's advisories): .ci/audit.py.
audit: $(DEV)
	$(BIN)/python .ci/audit.py

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy domain application infrastructure interfaces

imports: $(DEV)
	$(BIN)/lint-imports

format: $(DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Load benchmark on PostgreSQL: Conduit vs a raw-asyncpg reference, with wrk (bench/results/).
bench: $(DEV)
	$(BIN)/python -m bench $(BENCH_ARGS)

## The same benchmark in 5 seconds per endpoint on 2,000 articles: a smoke check.
bench-quick: $(DEV)
	$(BIN)/python -m bench --duration 5 --warmup 1 --articles 2000 $(BENCH_ARGS)

## Re-pin every dependency (runtime and dev) from pyproject.toml.
lock: $(DEV)
	$(BIN)/uv pip compile -q pyproject.toml --python-version 3.11 --universal -o requirements.lock --custom-compile-command "make lock"
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 --universal -o requirements-dev.lock --custom-compile-command "make lock"

clean:
	rm -rf $(VENV) tests/e2e/node_modules .mypy_cache .ruff_cache .pytest_cache
