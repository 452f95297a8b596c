"""Large sections: the navigation shows their neighbours only; their landing page lists all.

furo's sidebar lists every page of the site on every page. In a site of thousands of
pages (digital.gov's news section alone has 2,076) that makes each page megabytes.
A section whose toctree lists more than ``handbook_nav_section_limit`` pages (50 by
default; 0 for no limit) is *large*:

* in the navigation (:mod:`.navigation`) it is its landing page only, and on one of
  its pages the landing page opens to that page and its neighbours
  (``handbook_nav_neighbours`` either side, 2 by default);
* its landing page lists all its pages, grouped by year (the ``date`` of each page,
  newest year first; pages without a date last, under "Undated"), in the toctree's
  order within a year, so every page is still one click from the navigation. A Hugo
  section (known before reading) gets a generated page per year instead
  (``news/pages-2019``), and its landing page links the years: one list of 2,000
  links would break the page-weight budget on its own.

The listing is standard nodes (a section per year holding a bullet list of links),
added when the landing page is resolved, so every builder shows it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes

from ..model.page import get_front_matter
from ..model.siteindex import DocChanges, connect_before_read, get_site_index
from .topics import register_generated

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

DEFAULT_LIMIT = 50
DEFAULT_NEIGHBOURS = 2
UNDATED = "Undated"


@dataclass(frozen=True)
class LargeSections:
    """The large sections of a build: landing page → its pages, and page → landing page."""

    pages: dict[str, list[str]]
    landing_of: dict[str, str]

    def neighbours(self, docname: str, count: int) -> list[str]:
        """*docname* and up to *count* pages either side of it in its section."""
        children = self.pages[self.landing_of[docname]]
        position = children.index(docname)
        return children[max(0, position - count) : position + count + 1]


def large_sections(env: BuildEnvironment) -> LargeSections:
    """The sections whose toctrees list more pages than ``handbook_nav_section_limit``."""
    limit = env.config.handbook_nav_section_limit
    pages: dict[str, list[str]] = {}
    landing_of: dict[str, str] = {}
    if limit <= 0:
        return LargeSections(pages, landing_of)
    year_pages = getattr(env, "cx_year_pages", {})
    for landing, children in env.toctree_includes.items():
        kept = [d for d in dict.fromkeys(children) if d in env.all_docs and d not in year_pages]
        if len(kept) > limit:
            pages[landing] = kept
            for doc in kept:
                landing_of.setdefault(doc, landing)
    return LargeSections(pages, landing_of)


def pages_by_year(
    env: BuildEnvironment, docnames: list[str], date_of: Callable[[str], Any] | None = None
) -> list[tuple[str, list[str]]]:
    """*docnames* grouped by the year of their ``date``: newest year first, undated last."""
    if date_of is None:
        date_of = lambda doc: get_front_matter(env, doc).date  # noqa: E731
    groups: dict[str, list[str]] = {}
    for docname in docnames:
        when = date_of(docname)
        groups.setdefault(str(when.year) if when else UNDATED, []).append(docname)
    years = sorted((y for y in groups if y != UNDATED), reverse=True)
    return [(year, groups[year]) for year in [*years, *([UNDATED] if UNDATED in groups else [])]]


def year_docname(landing: str, year: str) -> str:
    """The page listing one year of a large Hugo section: ``news/_index`` → ``news/pages-2019``."""
    folder = posixpath.dirname(landing)
    name = f"pages-{year.lower()}"
    return f"{folder}/{name}" if folder else name


def _link_list(app: Sphinx, fromdoc: str, docs: list[str]) -> nodes.bullet_list:
    env, builder = app.env, app.builder
    items = nodes.bullet_list(classes=["cx-section-pages__list"])
    for doc in docs:
        title = env.titles[doc].astext() if doc in env.titles else doc
        ref = nodes.reference("", title, internal=True)
        ref["refuri"] = builder.get_relative_uri(fromdoc, doc)
        items += nodes.list_item("", nodes.paragraph("", "", ref))
    return items


def section_listing(app: Sphinx, docname: str, children: list[str]) -> nodes.section:
    """Every page of a large section: links under a heading per year, or a page per year.

    When the section has its year pages (a Hugo section, see :func:`_register_year_pages`),
    the landing page links each year's page with its count; else it lists every page.
    """
    env = app.env
    year_pages: dict[str, tuple[str, str]] = getattr(env, "cx_year_pages", {})
    listing = nodes.section("", ids=["cx-section-pages"], classes=["cx-section-pages"])
    listing += nodes.title("", f"All {len(children)} pages in this section")
    groups = pages_by_year(env, children)
    if all(year_docname(docname, year) in year_pages for year, _docs in groups):
        years = nodes.bullet_list(classes=["cx-section-pages__years"])
        for year, docs in groups:
            ref = nodes.reference("", f"{year} ({len(docs)} pages)", internal=True)
            ref["refuri"] = app.builder.get_relative_uri(docname, year_docname(docname, year))
            years += nodes.list_item("", nodes.paragraph("", "", ref))
        listing += years
        return listing
    for year, docs in groups:
        group = nodes.section("", ids=[f"cx-section-pages-{year.lower()}"])
        group += nodes.title("", year)
        group += _link_list(app, docname, docs)
        listing += group
    return listing


def year_listing(app: Sphinx, docname: str, landing: str, year: str) -> nodes.Element:
    """A year page's list: that year's pages of its section, and the way back."""
    children = _sections(app).pages.get(landing, [])
    docs = dict(pages_by_year(app.env, children)).get(year, [])
    box = nodes.container("", classes=["cx-section-pages"])
    back = nodes.reference("", "All years", internal=True)
    back["refuri"] = app.builder.get_relative_uri(docname, landing)
    box += nodes.paragraph("", "", back)
    box += _link_list(app, docname, docs)
    return box


# -- a page per year for large Hugo sections (generated documents) ---------------------


def _register_year_pages(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> None:
    """Generate one page per year for each large Hugo section (known before reading).

    A year's list is light where the whole section's is not (digital.gov's 2,076 news
    items are 90 KB compressed). The pages are generated documents like topic pages.
    """
    limit = env.config.handbook_nav_section_limit
    sections: dict[str, list[str]] = getattr(env, "cx_sections", {})
    previous: dict[str, tuple[str, str]] = getattr(env, "cx_year_pages", {})
    index = get_site_index(env)
    year_pages: dict[str, tuple[str, str]] = {}
    sources: dict[str, str] = {}
    for landing, children in sections.items():
        children = [d for d in children if d not in previous]
        if limit <= 0 or len(children) <= limit:
            continue
        name = index.get(landing).title or posixpath.dirname(landing) or "Home"
        for year, _docs in pages_by_year(env, children, lambda d: index.get(d).date):
            docname = year_docname(landing, year)
            if docname in env.found_docs and docname not in previous:
                continue  # the site has a page of that name
            year_pages[docname] = (landing, year)
            front = {"title": f"{name}: {year}", "orphan": True}
            head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            heading = "" if app.config.myst_title_to_header else f"# {front['title']}\n\n"
            sources[docname] = f"---\n{head}---\n\n{heading}"
    env.cx_year_pages = year_pages
    register_generated(app, env, docs, sources, "cx_virtual_years")


def _list_section_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add the year-grouped list of its pages to a large section's landing page."""
    parent = doctree.next_node(nodes.section) or doctree
    year_page = getattr(app.env, "cx_year_pages", {}).get(docname)
    if year_page is not None:
        parent += year_listing(app, docname, *year_page)
        return
    children = _sections(app).pages.get(docname)
    if children:
        parent += section_listing(app, docname, children)


def _sections(app: Sphinx) -> LargeSections:
    """The build's large sections, worked out once per write phase."""
    builder: Any = app.builder
    cached = builder.__dict__.get("_cx_large_sections")
    if cached is None:
        cached = builder._cx_large_sections = large_sections(app.env)
    return cached


def _forget(app: Sphinx, *args: Any) -> None:
    builder = getattr(app, "builder", None)
    if builder is not None:
        builder.__dict__.pop("_cx_large_sections", None)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Settings for large sections, and the year-grouped list on their landing pages."""
    app.add_config_value("handbook_nav_section_limit", DEFAULT_LIMIT, "env", types=frozenset({int}))
    app.add_config_value(
        "handbook_nav_neighbours", DEFAULT_NEIGHBOURS, "html", types=frozenset({int})
    )
    app.connect("doctree-resolved", _list_section_pages)
    # after the topic pages (150) and Hugo's sections (160)
    connect_before_read(app, _register_year_pages, priority=170)
    app.connect("env-updated", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
