# Backprop from Scratch: every command installs what it needs first.
#
#   make serve   build the site and serve it with live reload on :8000
#                (another port: make serve PORT=8001)
#   make build   build the site into site/ (strict: any warning fails)
#   make test    unit tests, every code block of the docs, a strict build
#   make lint    ruff, the linter and formatter (also part of make test)
#   make bench   the engine against a hand-fused numpy loop

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
# Fixed dates make two builds of one commit identical (sitemap).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install serve build test lint format bench build-times clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Served at the root of the local address, whatever the hosted path is.
PORT ?= 8000
serve: install
	SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:$(PORT)

build: install
	$(BIN)/mkdocs build --strict

test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python scripts/bench.py

# Clean build, then a build with nothing changed: the cost of the cache.
build-times: install
	$(BIN)/python scripts/build_times.py

clean:
	rm -rf site .cache .pytest_cache
