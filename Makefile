# Two commands for a newcomer: `make serve` and `make test`. Everything else is a step they call.
# Each step is a file target, so a second run only redoes what changed.

SHELL := /bin/sh
# A step that fails leaves no target behind that a second run would take for done.
.DELETE_ON_ERROR:
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: serve build test bench browser deps clean help

help:
	@echo "make serve   build and serve the site at http://127.0.0.1:8000 with live reload"
	@echo "make test    run the whole test suite (installs what it needs)"
	@echo "make build   write the static site to site/"
	@echo "make bench   measure the built site in headless Chromium"

# The virtual environment, on the Python scripts/find-python.sh picks (3.13, the runtime's, if
# there is one); remade from scratch when that script changes.
# (pyvenv.cfg, not bin/python, is the target: that is a symlink with the interpreter's old date.)
$(VENV)/pyvenv.cfg: scripts/find-python.sh
	@interpreter=$$(sh scripts/find-python.sh) && "$$interpreter" -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(VENV)/pyvenv.cfg pyproject.toml
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

serve: deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: deps
	$(BIN)/mkdocs build --strict

test: deps browser
	$(BIN)/pytest

bench: deps browser
	$(PY) -m bench

clean:
	rm -rf site .venv node_modules .pytest_cache .hypothesis build dist *.egg-info
