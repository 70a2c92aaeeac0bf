# Two commands set everything up on a machine with Python 3.11 and make:
#   make demo   create .venv, install, and run the main job on the seed fixtures (fresh SQLite file)
#   make test   install the dev extras and run ruff, mypy and the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: demo test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	rm -f $(DEMO_DB)
	$(BIN)/reconcile --db sqlite:///$(DEMO_DB) run fixtures/gold --aliases fixtures/aliases.json

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check reconcile tests benchmarks migrations
	$(BIN)/ruff format --check reconcile tests benchmarks migrations

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy reconcile

test: lint typecheck
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DEMO_DB) reconcile.egg-info .pytest_cache .mypy_cache .ruff_cache
