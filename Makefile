# Two commands for a newcomer: `make serve` and `make test`. Everything else is a step they call.
# Each step is a file target, so a second run only redoes what changed.

SHELL := /bin/sh
# A step that fails leaves no target behind that a second run would take for done.
.DELETE_ON_ERROR:
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast bench browser spreadsheet deps clean help

help:
	@echo "make serve      build and serve the site at http://127.0.0.1:8000 with live reload"
	@echo "make test       run the whole test suite (installs what it needs)"
	@echo "make test-fast  the unit tests and doctests, in about 20 s: no site build, no browser,"
	@echo "                no LibreOffice, fewer Hypothesis examples (pytest -m 'not site and not browser and not runtime and not spreadsheet')"
	@echo "make build      write the static site to site/"
	@echo "make bench      measure the built site in headless Chromium"

# The virtual environment, on the Python scripts/find-python.sh picks (3.13, the runtime's, if
# there is one); remade from scratch when that script changes.
# (pyvenv.cfg, not bin/python, is the target: that is a symlink with the interpreter's old date.)
$(VENV)/pyvenv.cfg: scripts/find-python.sh
	@interpreter=$$(sh scripts/find-python.sh) && "$$interpreter" -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# (The distribution was once named `calculators`: a venv that has it installed drops it first.)
$(STAMP): $(VENV)/pyvenv.cfg pyproject.toml
	@$(PY) -m pip uninstall --quiet --yes calculators >/dev/null 2>&1 || true
	$(PY) -m pip install --quiet -e '.[site,dev]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

deps: $(STAMP) node_modules/.package-lock.json

# Debian's Chromium for the browser tests (no browser download is possible here).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: /usr/bin/chromium is missing; run 'sudo apt-get install chromium' for the browser tests"; fi

# Debian's LibreOffice Calc (headless, about 24 MB) for the workbook tests: a real spreadsheet
# engine recalculates the .xlsx download (tests/spreadsheet_engine.py).
spreadsheet:
	@if [ -x /usr/bin/soffice ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; \
	else echo "note: /usr/bin/soffice is missing; run 'sudo apt-get install libreoffice-calc-nogui' for the workbook tests"; fi

# `python -m mkdocs`, run here: the site's own macros/ and hooks/ import from this folder.
serve: deps
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: deps
	$(PY) -m mkdocs build --strict

# On two pytest-xdist workers, each taking whole test files (a file's module fixtures stay on one
# worker); the site is built once for both (tests/conftest.py, run_once).
test: deps browser spreadsheet
	$(BIN)/pytest -n 2 --dist loadfile

# The lane for the edit-test loop: the core, view and plugin unit tests and the doctests, without
# the tests that build the site (marker `site`), drive Chromium (`browser`; tests/conftest.py
# marks both), boot the real Pyodide runtime in Node (`runtime`) or run LibreOffice
# (`spreadsheet`), and with Hypothesis' `fast` profile, on two workers like `make test`.
# `make test` stays the full run.
test-fast: deps
	$(BIN)/pytest -n 2 --dist loadfile -m "not site and not browser and not runtime and not spreadsheet" --hypothesis-profile=fast

bench: deps browser
	$(PY) -m bench

clean:
	rm -rf site .venv node_modules .pytest_cache .hypothesis build dist *.egg-info
