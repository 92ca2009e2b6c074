# lexdesk — the two commands a newcomer types are `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test setup system test-system venv check format lint types pytest bench eval clean

## run: install everything, ingest corpus_samples/ and its registries, start the API and UI
run: setup
	$(BIN)/lexdesk ingest corpus_samples || [ $$? -eq 3 ]
	$(BIN)/lexdesk import all corpus_samples/registries || [ $$? -eq 3 ]
	$(BIN)/lexdesk start

## test: install everything and run format check, lint, types and tests
test: test-system venv check

setup: system venv

system:
	bash tools/setup-system.sh

# What the tests start for real: PostgreSQL (casework store), LibreOffice (generated
# documents converted to PDF), Chromium (browser tests), a JDK and Maven (OpenSearch
# nodes from Maven Central), docker-compose (validates docker-compose.yml).
TEST_PACKAGES = postgresql libreoffice-writer-nogui chromium docker-compose \
	openjdk-17-jdk-headless maven

test-system:
	EXTRA_PACKAGES="$(TEST_PACKAGES)" bash tools/setup-system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

check: format lint types pytest

format:
	$(BIN)/ruff format --check .

lint:
	$(BIN)/ruff check .

types:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

## bench: time each stage against the bare library call (see docs/benchmarks.md)
bench: setup
	$(BIN)/lexdesk bench

clean:
	rm -rf $(VENV) lexdesk-data .pytest_cache .mypy_cache .ruff_cache
