# Backprop from Scratch: every command installs what it needs first.
#
#   make serve   build the site and serve it with live reload on :8000
#   make build   build the site into site/ (strict: any warning fails)
#   make test    unit tests, every code block of the docs, a strict build
#   make bench   the engine against a hand-fused numpy loop

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
# Fixed dates make two builds of one commit identical (sitemap).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install serve build test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: install
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: install
	$(BIN)/mkdocs build --strict

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf site .cache .pytest_cache
