# Two commands on a fresh machine:
#   make run    set everything up, index the demo corpus, serve the web chat + API
#   make test   set up the same environment (plus test tools) and run the test suite
SHELL := /bin/bash
export CROSSCHECK_HOST ?= 127.0.0.1
export CROSSCHECK_PORT ?= 8000
export CROSSCHECK_DATA_DIR ?= data
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-slow setup setup-dev lint bench clean

run: setup
	$(BIN)/crosscheck serve --demo corpus/demo

test: setup-dev
	$(BIN)/python -m pytest

test-slow: setup-dev
	$(BIN)/python -m pytest -m slow

setup:
	@scripts/setup.sh

setup-dev:
	@scripts/setup.sh --dev

lint: setup-dev
	$(BIN)/ruff check index rag api eval tests benchmarks
	$(BIN)/mypy

bench: setup-dev
	$(BIN)/crosscheck bench

clean:
	rm -rf $(VENV) data .pytest_cache
