"""Sphinx configuration for the CX Handbook.

Site owners change the values in the first block (organisation, logo, base URL);
everything below it wires the extensions together and rarely needs touching.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "_ext"))

from cx_handbook.sources.markdown import MYST_EXTENSIONS  # noqa: E402 (needs _ext on the path)

# -- Site owner settings -----------------------------------------------------

project = "CX Handbook"
handbook_subtitle = "Customer experience for government digital services"
handbook_organization = "Digital Services Team"
handbook_logo = "_static/logo.svg"
author = handbook_organization
copyright = f"{date.today().year}, {handbook_organization}"
language = "en"
# The edition: on the PDF's cover ("Version 1.0 · <month year>") and required by EPUB.
release = "1.0"
version = release
# Where the site is published (sitemap, canonical links, the 404 page's links). On Read
# the Docs the platform's own URL wins.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://example.gov/cx-handbook/")
# The repository readers can propose changes in ("Edit this page" on every page).
handbook_repository = "https://github.com/example-gov/cx-handbook"
handbook_branch = "main"

# -- PDF handbook (`make pdf`) -------------------------------------------------

# Document metadata of the PDF (Title is `project`, Author is `author`).
handbook_pdf_subject = handbook_subtitle
handbook_pdf_keywords = [
    "customer experience",
    "CX",
    "government",
    "digital services",
    "handbook",
]
# The root page's chapter title in the PDF (the cover already shows `project`).
handbook_pdf_introduction_title = "Introduction"

# -- Languages (`make gettext`, `make html` builds every language) --------------

# The pages are written in English; each other language is built into <site>/<code>/
# from the catalogs in locales/<code>/LC_MESSAGES/ (docs/writing/translating.md).
handbook_source_language = "en"
handbook_languages = {"en": "English", "es": "Español"}
locale_dirs = [str(ROOT / "locales")]
# One catalog per page (locales/es/LC_MESSAGES/focus-areas/customer-experience.po).
gettext_compact = False

# -- Sources -----------------------------------------------------------------

# conf.py lives at the repository root and the pages in docs/: every build runs
# ``sphinx-build -c . docs <out>`` (the Makefile does), so URLs start at the site root.
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_last_updated_by_git",
    "cx_handbook",
]

# -- MyST --------------------------------------------------------------------

myst_enable_extensions = list(MYST_EXTENSIONS)
# The front-matter ``title`` becomes the page's H1. MyST renders the front matter from
# the handbook's own one read of it (cx_handbook.model.page): no second YAML parse.
myst_title_to_header = True
# ``[Strategy](#strategy)`` style links resolve to headings down to H3.
myst_heading_anchors = 3
# Substitutions stay off: Hugo's ``{{< … >}}`` must never be read as one.

# -- HTML (furo, customised from outside) ------------------------------------

html_theme = "furo"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]
html_logo = handbook_logo
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# The handbook has no index entries: an empty "Index" page would only be a dead end.
html_use_index = False

_ink = "#1b1b1b"
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": False,
    # "Edit this page" links to the page's source in the repository.
    "source_repository": handbook_repository,
    "source_branch": handbook_branch,
    "source_directory": "docs/",
    "top_of_page_buttons": ["edit"],
    "light_css_variables": {
        "color-brand-primary": "#1a4480",
        "color-brand-content": "#005ea2",
        "color-brand-visited": "#54278f",
        "color-foreground-primary": _ink,
        "color-admonition-background": "#f0f0f0",
        "font-stack": ("'Source Sans Pro', 'Helvetica Neue', Helvetica, Roboto, Arial, sans-serif"),
    },
    "dark_css_variables": {
        "color-brand-primary": "#73b3e7",
        "color-brand-content": "#99c8ed",
        "color-brand-visited": "#d5bfff",
        "color-foreground-primary": "#f0f0f0",
    },
}

# -- Handbook features -------------------------------------------------------

# Headings such as "## 0-6 months" become a timeline (per page: front matter
# ``handbook: {detect_timelines: false}``).
handbook_detect_timelines = True
# -- Being found: sitemap, 404 page, robots.txt, last updated ----------------

# sitemap.xml lists every page under html_baseurl (robots.txt, written by
# cx_handbook.site.findable, points crawlers at it).
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "404.html"]
# Each language writes its own sitemap under its own address (robots.txt names both);
# sphinx-sitemap's "{lang}" alternates assume another layout, so they stay off.
sitemap_locales = [None]
# The 404 page links its CSS and navigation from the site root, so it works at any depth.
notfound_urls_prefix = urlparse(html_baseurl).path or "/"
# "Last updated" in the footer comes from each page's last git commit. A page not in git
# (a draft, a test project) simply shows no date.
html_last_updated_fmt = "%d %B %Y"
git_untracked_check_dependencies = False

# -- Copy button -------------------------------------------------------------

copybutton_prompt_text = r"\$ "
copybutton_prompt_is_regexp = True

# -- Content checks (`make check`) --------------------------------------------------

# Rule ids to silence for the whole site (docs/writing/checks.md lists them).
handbook_check_ignore: list[str] = []
# Flesch-Kincaid grade a page should not exceed (a warning above it).
handbook_check_reading_grade = 8
# Longest sentence, in words, before a warning.
handbook_check_sentence_words = 25

# -- External links (`make linkcheck`) -----------------------------------------------

# Government sites are slow and rate-limit robots: few workers, a patient timeout,
# one retry, and give up on a site that keeps answering 429 after two minutes.
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_workers = 3
linkcheck_rate_limit_timeout = 120.0
# Anchors on external pages are often drawn by JavaScript: checking them would
# report working links as broken.
linkcheck_anchors = False
linkcheck_ignore = [
    # Our own placeholder address (html_baseurl) until the site is published.
    r"^https://example\.gov/",
    # Local addresses in examples.
    r"^https?://(localhost|0\.0\.0\.0)(:\d+)?/",
    # LinkedIn answers robots with status 999 whatever the page.
    r"^https://(www\.)?linkedin\.com/",
]

# -- Strictness ----------------------------------------------------------------

nitpicky = True
