# One command sets a fresh machine up and runs everything: `make test`, `make demo`, `make crawl`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_REFERENCE := $(abspath ../shared/reference)
# Tests and CI use the shared copy of the council register when it is there.
export CASECRAWL_REGISTER_DIR ?= $(if $(wildcard $(SHARED_REFERENCE)/uk_local_authorities_current.csv),$(SHARED_REFERENCE),)

.PHONY: install test lint chromium crawl demo notebooks report-picture bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check casecrawl pipelines tests bench docs
	$(BIN)/ruff format --check casecrawl pipelines tests bench docs

# The report test opens report.html in Debian's chromium, installed here when missing (never
# a browser downloaded at run time).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		as_root=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$as_root apt-get update -qq && $$as_root apt-get install -y -qq chromium >/dev/null; }

# The crawls of the test suite run on every core (pytest-xdist).
test: lint chromium
	$(BIN)/pytest -q -n auto

crawl: $(STAMP)
	$(BIN)/casecrawl crawl

demo: $(STAMP)
	$(BIN)/casecrawl demo

# Runs notebooks/explore.ipynb headless against data/latest; the executed copy goes to
# data/notebooks/ (never committed).
notebooks: $(STAMP)
	$(BIN)/python -m casecrawl.analysis.notebook notebooks/explore.ipynb --data data

# docs/report.png, the README's picture of `casecrawl report` (a report of the replica).
report-picture: $(STAMP) chromium
	$(BIN)/python docs/make_report_picture.py

bench: $(STAMP)
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/reparse.py
	$(BIN)/python bench/councils.py
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/refresh.py
	$(BIN)/python bench/faults.py

clean:
	rm -rf $(VENV) build *.egg-info
