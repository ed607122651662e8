# Connect with Care: the two commands a newcomer needs are `make serve` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
BUILDER ?= mkdocs

.PHONY: help serve build build-zensical generate check test fuzz bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

serve: ## Preview the site at http://127.0.0.1:8000/ (installs what it needs)
	@scripts/bootstrap site
	$(PY) -m mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: ## Build the site into site/ with --strict (MkDocs; BUILDER=zensical builds with Zensical)
ifeq ($(BUILDER),zensical)
	@$(MAKE) --no-print-directory build-zensical
else ifeq ($(BUILDER),mkdocs)
	@scripts/bootstrap site
	$(PY) -m mkdocs build --strict --site-dir site
else
	@echo "make build: BUILDER must be mkdocs or zensical, not '$(BUILDER)'" >&2; exit 2
endif

build-zensical: ## Build the site into site/ with Zensical, from a scratch copy of docs/ with the generated pages
	@scripts/bootstrap test
	$(PY) scripts/zensical_build.py --site-dir site

generate: ## Write every generated page (checklists, tools, whole guide) into OUT= (default build/generated/), for builders without hooks
	@scripts/bootstrap site
	PYTHONPATH=hooks $(PY) -m cwc_checklists --out $(or $(OUT),build/generated)

check: ## Fast checks of a change, no browser: data, tips, strict build, links, spelling, Markdown, .github
	@scripts/bootstrap test
	$(PY) scripts/check.py

test: check ## Run `make check`, then every test (installs what it needs, Chromium included)
	@scripts/bootstrap test
	@scripts/ensure-chromium
	@scripts/ensure-node-tools
	$(PY) -m pytest -n auto --maxprocesses 2  # two workers, by module (tests/conftest.py)

fuzz: ## Long property-based run of the checklist loader (20,000 examples per property; hours)
	@scripts/bootstrap test
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_loader_properties.py -p no:cacheprovider -q

bench: ## Print speed and quality figures: build time (bench/build), Lighthouse scores (bench/lighthouse; minutes)
	@scripts/bootstrap test
	@scripts/ensure-chromium
	@scripts/ensure-node-tools
	$(PY) bench/build; status=$$?; $(PY) bench/lighthouse || status=1; exit $$status

lock: ## Re-pin requirements/*.lock after changing pyproject.toml
	@scripts/bootstrap test
	$(PY) -m pip install -q pip-tools
	$(PY) -m piptools compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements/site.lock pyproject.toml
	$(PY) -m piptools compile -q --generate-hashes --strip-extras --allow-unsafe --extra test -o requirements/test.lock pyproject.toml

clean: ## Remove the built site and caches
	rm -rf site .pytest_cache .hypothesis
