# The CX Handbook. Two commands from a fresh clone: `make html` and `make test`.
# `make help` lists every target.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SRCDIR      := docs
BUILDDIR    := _build
STRICT      ?= 1
# -W turns warnings into errors, --keep-going reports them all, -n checks every reference.
ifeq ($(STRICT),1)
STRICTOPTS  := -W --keep-going -n
else
STRICTOPTS  := -n
endif
SPHINXOPTS  ?=
JOBS        ?= 1
SPHINX      := $(SPHINXBUILD) -c . -j $(JOBS) $(STRICTOPTS) $(SPHINXOPTS)

# Stamps record which requirements file the venv was built from; a changed file reinstalls.
RUNTIME_STAMP := $(VENV)/.stamp-runtime
TEST_STAMP    := $(VENV)/.stamp-test

# Everything a build reads: a change to any of these makes `make html` rebuild.
SOURCES := conf.py $(shell find $(SRCDIR) _ext _static _templates -type f \
             -not -path '*/__pycache__/*' 2>/dev/null)
HTML_STAMP := $(BUILDDIR)/html/.built-strict$(STRICT)

.DEFAULT_GOAL := help
.PHONY: help html test a11y browser lint clean distclean venv

help: ## List the targets
	@echo "CX Handbook: make <target>"
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'
	@echo "Options: STRICT=0 (warnings are not errors), JOBS=2 (parallel build)"

$(RUNTIME_STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements-test.txt requirements.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(RUNTIME_STAMP) ## Create .venv from the pinned requirements (html does this for you)

html: $(HTML_STAMP) ## Build the site into _build/html (STRICT=0 for a lenient build)
	@echo "Site: $(BUILDDIR)/html/index.html (up to date)"

$(HTML_STAMP): $(RUNTIME_STAMP) $(SOURCES)
	$(SPHINX) -b html $(SRCDIR) $(BUILDDIR)/html
	@touch $@

# The browser suite needs Debian's chromium and the pinned axe-core (npm ci into
# node_modules/). Both are installed when missing, so a fresh machine passes.
AXE_STAMP := node_modules/.stamp-axe

$(AXE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory _apt PKG="npm"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser: $(AXE_STAMP) ## Install what the browser suite needs (Debian chromium, axe-core)
	@command -v chromium >/dev/null || $(MAKE) --no-print-directory _apt PKG="chromium"

# apt-get as root, with sudo otherwise; a clear message where neither works.
_apt:
	@echo "Installing Debian package(s): $(PKG)"
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PKG); \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq $(PKG); \
	else echo "Please install $(PKG) (Debian: apt-get install $(PKG)) and run make again." >&2; exit 1; fi

test: $(TEST_STAMP) browser ## Run the whole test suite, browser suite included
	$(BIN)/ruff check _ext tests conf.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

a11y: $(TEST_STAMP) browser ## Run only the browser suite (axe, keyboard, requests, weight)
	$(BIN)/python -m pytest tests/a11y $(PYTEST_ARGS)

lint: $(TEST_STAMP) ## Ruff over the code
	$(BIN)/ruff check _ext tests conf.py
	$(BIN)/ruff format --check _ext tests conf.py

clean: ## Remove build output
	rm -rf $(BUILDDIR)

distclean: clean ## Remove build output, the virtual environment and node_modules
	rm -rf $(VENV) node_modules
