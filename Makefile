# Two commands on a fresh machine: `make run` and `make test`.
# The first use creates .venv and installs the pinned dependencies (constraints.txt).

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed"; exit 1; }
	@echo "Setting up $(VENV) with $(PYTHON) (first run only)…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --progress-bar off -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python run.py serve

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in this one process.
# Tests marked `alone` (a proof read off a traced process) then run with nothing beside them.
TEST_WORKERS ?= auto

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not alone"
	$(BIN)/python -m pytest -m alone

bench: $(STAMP)
	$(BIN)/python run.py bench

lint: $(STAMP)
	$(BIN)/python -m ruff check bot channels nlp storage tests run.py bench
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
