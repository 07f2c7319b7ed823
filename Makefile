# zixun — the two commands that matter: `make run` and `make test` (`make test-fast` while working).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export ZIXUN_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run test test-fast lint clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "zixun needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed  ## the virtualenv with zixun and its dev tools

run: install  ## set up and serve the demo site on http://$(HOST):$(PORT)/
	$(BIN)/zixun migrate --no-input
	$(BIN)/zixun demo --if-empty
	@echo "zixun: open http://$(HOST):$(PORT)/"
	@scripts/run.sh $(HOST) $(PORT)

test: install  ## every test, on SQLite and then on a throwaway PostgreSQL server
	@scripts/test.sh

test-fast: install  ## the quick loop while working: SQLite only, no browser, no slow tests
	@scripts/test.sh --fast

lint: install
	$(BIN)/ruff check src tests bench scripts

clean:
	rm -rf $(VENV) var .pytest_cache
