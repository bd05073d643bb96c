# Conduit: `make run` serves the API on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check audit lint typecheck imports format lock clean bench bench-quick

$(BIN)/conduit: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

tests/e2e/node_modules/.bin/newman: tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

## Serve the API on http://$(HOST):$(PORT) (SQLite by default, migrations applied, /docs offline).
run: $(BIN)/conduit
	$(BIN)/conduit serve --host $(HOST) --port $(PORT)

## Every test: unit, contract, integration, API, and the RealWorld collection on SQLite and PostgreSQL.
test: $(BIN)/conduit tests/e2e/node_modules/.bin/newman
	$(BIN)/pytest

## Static checks: ruff (lint and format), mypy (strict on domain and application), import-linter.
check: lint typecheck imports

## Known vulnerabilities in the locked runtime dependencies (pip-audit, PyPI's advisories): .ci/audit.py.
audit: $(BIN)/conduit
	$(BIN)/python .ci/audit.py

lint: $(BIN)/conduit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/conduit
	$(BIN)/mypy domain application infrastructure interfaces

imports: $(BIN)/conduit
	$(BIN)/lint-imports

format: $(BIN)/conduit
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Load benchmark on PostgreSQL: Conduit vs a raw-asyncpg reference, with wrk (bench/results/).
bench: $(BIN)/conduit
	$(BIN)/python -m bench $(BENCH_ARGS)

## The same benchmark in 5 seconds per endpoint on 2,000 articles: a smoke check.
bench-quick: $(BIN)/conduit
	$(BIN)/python -m bench --duration 5 --warmup 1 --articles 2000 $(BENCH_ARGS)

## Re-pin every dependency (runtime and dev) from pyproject.toml.
lock: $(BIN)/conduit
	$(BIN)/uv pip compile -q pyproject.toml --python-version 3.11 --universal -o requirements.lock --custom-compile-command "make lock"
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 --universal -o requirements-dev.lock --custom-compile-command "make lock"

clean:
	rm -rf $(VENV) tests/e2e/node_modules .mypy_cache .ruff_cache .pytest_cache
