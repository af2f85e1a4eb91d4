# One command sets a fresh machine up and runs everything: `make test`, `make demo`, `make crawl`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_REFERENCE := $(abspath ../shared/reference)
# Tests and CI use the shared copy of the council register when it is there.
export CASECRAWL_REGISTER_DIR ?= $(if $(wildcard $(SHARED_REFERENCE)/uk_local_authorities_current.csv),$(SHARED_REFERENCE),)

.PHONY: install test lint crawl demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check casecrawl pipelines tests bench
	$(BIN)/ruff format --check casecrawl pipelines tests bench

# The crawls of the test suite run on every core (pytest-xdist).
test: lint
	$(BIN)/pytest -q -n auto

crawl: $(STAMP)
	$(BIN)/casecrawl crawl

demo: $(STAMP)
	$(BIN)/casecrawl demo

bench: $(STAMP)
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/councils.py
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/refresh.py
	$(BIN)/python bench/faults.py

clean:
	rm -rf $(VENV) build *.egg-info
