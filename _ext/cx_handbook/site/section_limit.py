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
  order within a year, so every page is still one click from the navigation.

The listing is standard nodes (a section per year holding a bullet list of links),
added when the landing page is resolved, so every builder shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..model.page import get_front_matter

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
    for landing, children in env.toctree_includes.items():
        kept = [doc for doc in dict.fromkeys(children) if doc in env.all_docs]
        if len(kept) > limit:
            pages[landing] = kept
            for doc in kept:
                landing_of.setdefault(doc, landing)
    return LargeSections(pages, landing_of)


def pages_by_year(env: BuildEnvironment, docnames: list[str]) -> list[tuple[str, list[str]]]:
    """*docnames* grouped by the year of their ``date``: newest year first, undated last."""
    groups: dict[str, list[str]] = {}
    for docname in docnames:
        when = get_front_matter(env, docname).date
        groups.setdefault(str(when.year) if when else UNDATED, []).append(docname)
    years = sorted((y for y in groups if y != UNDATED), reverse=True)
    return [(year, groups[year]) for year in [*years, *([UNDATED] if UNDATED in groups else [])]]


def section_listing(app: Sphinx, docname: str, children: list[str]) -> nodes.section:
    """Every page of a large section, as links under a heading per year."""
    env, builder = app.env, app.builder
    listing = nodes.section("", ids=["cx-section-pages"], classes=["cx-section-pages"])
    listing += nodes.title("", f"All {len(children)} pages in this section")
    for year, docs in pages_by_year(env, children):
        group = nodes.section("", ids=[f"cx-section-pages-{year.lower()}"])
        group += nodes.title("", year)
        items = nodes.bullet_list(classes=["cx-section-pages__list"])
        for doc in docs:
            title = env.titles[doc].astext() if doc in env.titles else doc
            ref = nodes.reference("", title, internal=True)
            ref["refuri"] = builder.get_relative_uri(docname, doc)
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        group += items
        listing += group
    return listing


def _list_section_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add the year-grouped list of its pages to a large section's landing page."""
    sections = _sections(app)
    children = sections.pages.get(docname)
    if not children:
        return
    parent = doctree.next_node(nodes.section) or doctree
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
    app.connect("env-updated", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
