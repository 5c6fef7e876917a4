# Wegwijzer: `make run` and `make test` are the whole quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON     ?= python3
RASA_VENV  := .venv-rasa
APP_VENV   := .venv
RASA_PY    := $(RASA_VENV)/bin/python
APP_PY     := $(APP_VENV)/bin/python
# The operator's command (bot/cli.py), installed into the app environment by the set-up.
WEGWIJZER  := $(APP_VENV)/bin/wegwijzer
SPACY_DIR  := var/spacy_nl
PIP_FLAGS  := --disable-pip-version-check --progress-bar on
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2


.PHONY: browser-tools cluster-tools deploy-tools help setup run run-cluster test check lint typecheck train generate check-generated migrate retention bench bench-turns soak eval lock-rasa lock-app clean

help:
	@echo "make run    set everything up, then start Rasa and the app (Ctrl-C stops)"
	@echo "make run-cluster  the same on PostgreSQL and Redis with 2 Rasa + 2 apps behind nginx"
	@echo "make test   the same set-up, then every test"
	@echo "make check  the fast loop: lint, types and every test that needs no Rasa, browser or PostgreSQL"
	@echo "make bench  benchmarks; reports under reports/"
	@echo "make eval   understanding per evaluation set, with the baseline and rasa test nlu"
	@echo "make soak   make run under steady load for SOAK_SECONDS (1800); reports/soak.md"
	@echo "make generate  regenerate the Rasa files that follow from the catalogue"

## Set-up: each step runs only when its inputs changed.

$(RASA_VENV)/.installed: requirements/rasa.txt
	@echo "==> [1/4] Rasa engine environment in $(RASA_VENV) (first time: a few minutes)"
	@test -x $(RASA_PY) || $(PYTHON) -m venv $(RASA_VENV)
	$(RASA_PY) -m pip install $(PIP_FLAGS) --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	$(RASA_PY) -m pip install $(PIP_FLAGS) -r requirements/rasa.txt
	@touch $@

$(APP_VENV)/.installed: requirements/app.txt pyproject.toml
	@echo "==> [2/4] App environment in $(APP_VENV)"
	@test -x $(APP_PY) || $(PYTHON) -m venv $(APP_VENV)
	$(APP_PY) -m pip install $(PIP_FLAGS) --require-hashes -r requirements/app.txt
	@# The project itself, editable (it reads catalogue/, web/, migrations/ from here):
	@# the `wegwijzer` command. setuptools is pinned above, so nothing is downloaded.
	$(APP_PY) -m pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	@touch $@

$(SPACY_DIR)/meta.json: bot/build_spacy.py $(RASA_VENV)/.installed
	@echo "==> [3/4] Dutch spaCy pipeline in $(SPACY_DIR)"
	$(RASA_PY) -m bot.build_spacy --out $(SPACY_DIR)

# Files generated from the catalogue must be current before training on them.
check-generated: $(APP_VENV)/.installed
	@$(APP_PY) -m bot.generate --check

generate: $(APP_VENV)/.installed
	$(APP_PY) -m bot.generate

train: $(RASA_VENV)/.installed $(APP_VENV)/.installed $(SPACY_DIR)/meta.json check-generated
	@echo "==> [4/4] Rasa model (trained only when data or config changed)"
	@$(WEGWIJZER) train

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed $(SPACY_DIR)/meta.json train

# Browser tests drive Debian's Chromium (never a downloaded browser) and axe-core from npm.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	@echo "==> Debian's Chromium for the browser tests (apt-get)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The take-home slip's tests read its PDF (pdftotext) and decode its QR codes (zbarimg).
PDFTOTEXT := /usr/bin/pdftotext
ZBARIMG := /usr/bin/zbarimg

$(PDFTOTEXT) $(ZBARIMG):
	@echo "==> poppler-utils and zbar-tools for the slip tests (apt-get)"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils zbar-tools

node_modules/.installed: package.json package-lock.json
	@echo "==> axe-core from the npm registry"
	npm ci --no-audit --no-fund
	@touch $@

browser-tools: $(CHROMIUM) $(PDFTOTEXT) $(ZBARIMG) node_modules/.installed

# The cluster tests run PostgreSQL and Redis from Debian's packages (no test needs nginx;
# make run-cluster installs it when missing). Debian starts the packaged services: stop
# them, the tests start their own on free ports.
cluster-tools:
	@if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then \
	  echo "==> PostgreSQL and Redis for the cluster tests (apt-get)"; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server && \
	  { service postgresql stop; service redis-server stop; true; } >/dev/null 2>&1; \
	fi

# tests/unit/test_deploy.py runs `systemd-analyze verify` and `nginx -t` (with a throwaway
# certificate from openssl) on deploy/. Debian starts the packaged nginx: stop it.
deploy-tools:
	@if ! command -v systemd-analyze >/dev/null || ! test -x /usr/sbin/nginx || ! command -v openssl >/dev/null; then \
	  echo "==> systemd, nginx and openssl for the deploy/ tests (apt-get)"; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd nginx openssl && \
	  { service nginx stop; true; } >/dev/null 2>&1; \
	fi

run: setup
	@$(WEGWIJZER) run

# The scaled-out shape: PostgreSQL, Redis, 2 Rasa + 2 app instances, nginx (Debian packages).
run-cluster: setup
	@$(WEGWIJZER) run-cluster

## Tests: static checks, then every test (unit, protocol, Rasa data, end to end).

lint: $(APP_VENV)/.installed
	$(APP_PY) -m ruff check .
	$(APP_PY) -m ruff format --check .

typecheck: $(APP_VENV)/.installed
	$(APP_PY) -m mypy

# Coverage of our packages, measured in process (the floor, fail_under, is in pyproject.toml).
COV_FLAGS := --cov --cov-report=term:skip-covered
# `make check COV=1` measures coverage in the fast loop too (about half again as long).
COV ?=
# The tiers are marked by folder (tests/conftest.py); these need Rasa, Chromium or PostgreSQL.
SLOW_TIERS := e2e or browser or cluster

test: setup browser-tools cluster-tools deploy-tools lint typecheck
	$(APP_PY) -m pytest $(COV_FLAGS)

# The fast loop: no set-up beyond the app environment, no Rasa, no browser, no PostgreSQL.
check: $(APP_VENV)/.installed lint typecheck
	$(APP_PY) -m pytest -m "not ($(SLOW_TIERS))" --ignore=tests/e2e --ignore=tests/cluster -n 2 --hypothesis-profile=quick $(if $(COV),$(COV_FLAGS))

migrate: $(APP_VENV)/.installed
	$(WEGWIJZER) migrate

retention: $(APP_VENV)/.installed
	$(WEGWIJZER) retention

# Understanding per evaluation set (Rasa beside the TF-IDF baseline) and `rasa test nlu`.
eval: setup
	$(WEGWIJZER) eval

bench: setup
	@echo "==> Benchmarks (BENCH_SECONDS=$${BENCH_SECONDS:-60} per load phase); report in reports/"
	$(APP_PY) -m bench.run

# Turn time within one long conversation, with and without the session cap.
bench-turns: setup
	$(APP_PY) -m bench.turns

# Not part of make test: 30 minutes of conversations and referrals against make run's launcher.
soak: setup
	@echo "==> Soak for $${SOAK_SECONDS:-1800} s (SOAK_SECONDS); report in reports/soak.md"
	$(APP_PY) -m bench.soak

## Maintenance: regenerate the pinned lists after editing requirements/*.in.

lock-rasa:
	rm -rf /tmp/wegwijzer-lock-rasa && $(PYTHON) -m venv /tmp/wegwijzer-lock-rasa
	/tmp/wegwijzer-lock-rasa/bin/pip install --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	/tmp/wegwijzer-lock-rasa/bin/pip install -r requirements/rasa.in
	/tmp/wegwijzer-lock-rasa/bin/pip freeze --all --exclude rasa --exclude rasa-sdk --exclude pip > requirements/rasa.txt

# Every package with the hashes of its files (pip-tools); the pins already in app.txt are
# kept, so adding a line to app.in moves nothing else. The set-up installs with --require-hashes.
PIP_TOOLS := pip-tools==7.6.2

lock-app:
	rm -rf /tmp/wegwijzer-lock-app && $(PYTHON) -m venv /tmp/wegwijzer-lock-app
	/tmp/wegwijzer-lock-app/bin/pip install $(PIP_FLAGS) $(PIP_TOOLS)
	/tmp/wegwijzer-lock-app/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --output-file requirements/app.txt requirements/app.in

clean:
	rm -rf $(RASA_VENV) $(APP_VENV) var models node_modules reports .pytest_cache .mypy_cache .ruff_cache .coverage
