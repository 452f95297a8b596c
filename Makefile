# The CX Handbook. Two commands from a fresh clone: `make html` and `make test`.
# `make help` lists every target.

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SRCDIR      ?= docs
BUILDDIR    ?= _build
STRICT      ?= 1
# -W turns warnings into errors, --keep-going reports them all, -n checks every reference.
ifeq ($(STRICT),1)
STRICTOPTS  := -W --keep-going -n
else
STRICTOPTS  := -n
endif
SPHINXOPTS  ?=
# -j auto: one process per core reads and writes a share of the pages (outputs/parallel.py);
# the output is a serial build's. JOBS=1 for one process.
JOBS        ?= auto
SPHINX      := $(SPHINXBUILD) -c . -j $(JOBS) $(STRICTOPTS) $(SPHINXOPTS)
# The languages the pages are translated into (conf.py: handbook_languages); each is
# built into <site>/<lang>/ and <pdf>/<lang>/ from locales/<lang>/LC_MESSAGES/, for a
# SRCDIR that has catalogs in that language (a Hugo site's content/ has none: English only).
LANGUAGES   ?= es
LOCALEDIR   := locales
BUILT_LANGUAGES = $(if $(strip $(LANGUAGES)),$$(PYTHONPATH=_ext $(BIN)/python -m cx_handbook.tools.languages $(SRCDIR) $(LANGUAGES)))

# Stamps record which requirements file the venv was built from; a changed file reinstalls.
RUNTIME_STAMP := $(VENV)/.stamp-runtime
TEST_STAMP    := $(VENV)/.stamp-test

# Everything a build reads: a change to any of these makes `make html` rebuild.
SOURCES := conf.py $(shell find $(SRCDIR) _ext _static _templates $(LOCALEDIR) -type f \
             -not -path '*/__pycache__/*' 2>/dev/null)
HTML_STAMP := $(BUILDDIR)/html/.built-strict$(STRICT)
PDF_STAMP  := $(BUILDDIR)/pdf/.built-strict$(STRICT)
# The PDF the site links to: a new or rebuilt one rewrites every page of the site.
BUILT_PDF  := $(wildcard $(BUILDDIR)/pdf/*.pdf $(BUILDDIR)/pdf/*/*.pdf)
# Typst (the PDF engine) is a wheel with nothing to take from the system, and the book's
# fonts come from PyPI; only the emoji font that pages use (:tada:) comes from the system
# (without it the book names each emoji in words).
PDF_SYSTEM_PACKAGES := fonts-noto-color-emoji

.DEFAULT_GOAL := help
.PHONY: help html gettext pdf all pdf-deps test a11y browser lint clean distclean venv bench bench-deps check livehtml linkcheck

help: ## List the targets
	@echo "CX Handbook: make <target>"
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'
	@echo "Options: STRICT=0 (warnings are not errors), JOBS=1 (one process; default auto)"

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

$(HTML_STAMP): $(RUNTIME_STAMP) $(SOURCES) $(BUILT_PDF)
	$(SPHINX) -b html $(SRCDIR) $(BUILDDIR)/html
	@for lang in $(BUILT_LANGUAGES); do \
	  echo "$(SPHINX) -D language=$$lang -b html $(SRCDIR) $(BUILDDIR)/html/$$lang"; \
	  $(SPHINX) -D language=$$lang -b html $(SRCDIR) $(BUILDDIR)/html/$$lang || exit 1; \
	done
	@touch $@

# Catalogs for translators: a .pot per page (Sphinx's gettext builder), the .po files of
# every language brought in step with them (sphinx-intl), and the extensions' own words.
gettext: $(RUNTIME_STAMP) ## Write .pot catalogs and update locales/<lang>/LC_MESSAGES/*.po (LANGUAGES=es)
	$(SPHINXBUILD) -c . -b gettext -q $(SPHINXOPTS) $(SRCDIR) $(BUILDDIR)/gettext
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d $(LOCALEDIR) -w 88 $(addprefix -l ,$(LANGUAGES))
	PYTHONPATH=_ext $(BIN)/python -m cx_handbook.tools.catalog $(LANGUAGES)

# -- Writers' loop: live preview, content checks, external links -------------------
HOST     ?= 127.0.0.1
PORT     ?= 8000
PATHS    ?= $(SRCDIR)
CHECKOPTS ?=
LIVEDIR  ?= $(BUILDDIR)/livehtml
# One long-lived Sphinx application (cx_handbook.tools.liveserver): a save re-reads that
# page and writes the pages it affects; a change to conf.py or _ext/ restarts it and
# reads every page again. Not strict: a warning shows in the terminal, the page updates.
# One process (LIVEJOBS=1): it serves pages from threads, and a forked copy of a threaded
# process can hang; an edit is read and written in the main process anyway.
LIVEJOBS ?= 1
livehtml: $(RUNTIME_STAMP) ## Live preview on http://127.0.0.1:8000 (PORT=8001, SRCDIR=folder), reloaded on every change
	PYTHONPATH=_ext $(BIN)/python -m cx_handbook.tools.liveserver $(SRCDIR) $(LIVEDIR) \
	  --host $(HOST) --port $(PORT) --jobs $(LIVEJOBS) $(SPHINXOPTS) \
	  --restart-on conf.py --restart-on _ext --watch _static --watch _templates

check: $(RUNTIME_STAMP) ## Check pages for problems readers notice (PATHS=docs/x.md, CHECKOPTS=--strict)
	PYTHONPATH=_ext $(BIN)/python -m cx_handbook.checks $(CHECKOPTS) $(PATHS)

linkcheck: $(RUNTIME_STAMP) ## Check every external link (needs the network; report in _build/linkcheck)
	$(SPHINXBUILD) -c . -b linkcheck -n $(SPHINXOPTS) $(SRCDIR) $(BUILDDIR)/linkcheck

pdf: $(PDF_STAMP) ## Build the PDF handbooks into _build/pdf/<project>.pdf and _build/pdf/<lang>/<project>-<lang>.pdf
	@echo "PDF: $$(ls $(BUILDDIR)/pdf/*.pdf $(BUILDDIR)/pdf/*/*.pdf) (up to date)"

$(PDF_STAMP): $(RUNTIME_STAMP) $(SOURCES) | pdf-deps
	$(SPHINX) -b handbookpdf $(SRCDIR) $(BUILDDIR)/pdf
	@for lang in $(BUILT_LANGUAGES); do \
	  echo "$(SPHINX) -D language=$$lang -b handbookpdf $(SRCDIR) $(BUILDDIR)/pdf/$$lang"; \
	  $(SPHINX) -D language=$$lang -b handbookpdf $(SRCDIR) $(BUILDDIR)/pdf/$$lang || exit 1; \
	done
	@touch $@

all: ## Build the PDF, then the site (which links to the PDF)
	@$(MAKE) --no-print-directory pdf
	@$(MAKE) --no-print-directory html

# A no-op when Typst loads and the system packages are there; otherwise _apt
# installs them (root, or sudo) or says what to install.
pdf-deps: $(RUNTIME_STAMP) ## Check (and install when missing) the emoji font the PDF uses
	@missing=""; \
	if command -v dpkg >/dev/null 2>&1; then \
	  for pkg in $(PDF_SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" \
	      || missing="$$missing $$pkg"; \
	  done; \
	fi; \
	if [ -n "$$missing" ] || ! $(BIN)/python -c "import typst" >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory _apt PKG="$${missing:-$(PDF_SYSTEM_PACKAGES)}"; \
	fi

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

test: $(TEST_STAMP) pdf-deps browser ## Run the whole test suite (PDF and browser suites included)
	$(BIN)/ruff check _ext tests bench conf.py
	$(BIN)/python -m pytest --ignore=tests/a11y $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/a11y $(PYTEST_ARGS)

# The browser suite runs in a process of its own: Playwright's threads in the same
# process as the live-preview tests (which fork) deadlocked a forked child at exit.
a11y: $(TEST_STAMP) browser ## Run only the browser suite (axe, keyboard, requests, weight)
	$(BIN)/python -m pytest tests/a11y $(PYTEST_ARGS)

lint: $(TEST_STAMP) ## Ruff over the code
	$(BIN)/ruff check _ext tests bench conf.py
	$(BIN)/ruff format --check _ext tests bench conf.py

# The comparators (MkDocs Material, Zensical, Hugo) live in bench/.venv, pinned in
# bench/requirements.txt; a changed file reinstalls.
BENCH_VENV  := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.stamp-bench

$(BENCH_STAMP): bench/requirements.txt
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

bench-deps: $(BENCH_STAMP) ## Install what the benchmark compares against into bench/.venv

bench: $(TEST_STAMP) $(BENCH_STAMP) ## Benchmark against plain Sphinx, MkDocs Material, Zensical, Hugo (BENCH_ARGS="--sizes 100,500 --runs 1")
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean: ## Remove build output
	rm -rf $(BUILDDIR)

distclean: clean ## Remove build output, the virtual environment and node_modules
	rm -rf $(VENV) node_modules
