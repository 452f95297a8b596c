"""Hugo sections: every ``_index.md`` is its section's landing page and lists its pages.

In a Hugo content folder a folder holding ``_index.md`` is a *section*; its pages are
the files below it whose nearest ``_index.md`` is that one (deeper folders without an
``_index.md`` belong to it too), and its sub-sections are the ``_index.md`` pages one
section down. Hugo lists them in its default order (:func:`hugo_order`): ``weight``
first (a weight of 0 or none is unset and comes after every weighted page), then the
date, newest first, then the title, then the file path.

Each landing page gets a toctree of its section, in that order, added to its text
when it is read (``source-read``, after shortcodes): shown under "In this section", as
Hugo's list pages show their pages, or hidden for a large section, whose landing page
lists its pages by year (:mod:`.section_limit`). So navigation, previous/next
links and the PDF follow Hugo's structure without a toctree written in any page;
``weight: 0`` pages are still dropped from it by :mod:`.ordering`. When a section's
pages or their order change, its landing page is read again.

Hugo makes a section of every top-level folder, with or without ``_index.md``; a
folder without one gets a generated landing page (titled from the folder, in the
doctree folder like the topic pages), so ``/resources/`` is a page as it was in Hugo.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import yaml

from ..model.data import title_from_slug
from ..model.page import FrontMatter
from ..model.siteindex import DocChanges, SiteIndex, connect_before_read, get_site_index
from .topics import register_generated

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

SECTION_PAGE = "_index"
_OLDEST = datetime.min.replace(tzinfo=UTC)


def is_section_page(docname: str) -> bool:
    """True for a Hugo section's landing page (``news/_index``, ``_index``)."""
    return posixpath.basename(docname) == SECTION_PAGE


def parent_section(docname: str, sections: set[str]) -> str | None:
    """The landing page of the nearest section above *docname* (None for the home page)."""
    folder = posixpath.dirname(docname)
    if is_section_page(docname):
        if not folder:
            return None
        folder = posixpath.dirname(folder)
    while True:
        candidate = posixpath.join(folder, SECTION_PAGE) if folder else SECTION_PAGE
        if candidate in sections:
            return candidate
        if not folder:
            return None
        folder = posixpath.dirname(folder)


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return _OLDEST
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def hugo_order(docname: str, model: FrontMatter) -> tuple[Any, ...]:
    """Hugo's default page order: weight (0 is unset, last), date newest first, title, path."""
    weight = model.weight or 0
    return (
        weight == 0,
        weight,
        -_aware(model.date).timestamp(),
        (model.title or "").lower(),
        docname,
    )


def section_tree(index: SiteIndex) -> dict[str, list[str]]:
    """Each section's landing page → its pages and sub-sections, in Hugo's order."""
    sections = {d for d in index.pages if is_section_page(d)}
    children: dict[str, list[str]] = {s: [] for s in sections}
    for docname in index.pages:
        parent = parent_section(docname, sections)
        if parent is not None:
            children[parent].append(docname)
    for docs in children.values():
        docs.sort(key=lambda d: hugo_order(d, index.get(d)))
    return children


IN_THIS_SECTION = "In this section"


def section_toctree(children: list[str], *, hidden: bool) -> str:
    """The toctree a landing page gets for its section (absolute docnames).

    Shown, as Hugo's list pages show their pages, unless *hidden* (a large section's
    landing page lists its pages by year instead, :mod:`.section_limit`).
    """
    entries = "\n".join(f"/{docname}" for docname in children)
    options = ":hidden:\n" if hidden else f":maxdepth: 1\n:caption: {IN_THIS_SECTION}\n"
    return f"\n\n```{{toctree}}\n{options}\n{entries}\n```\n"


def implicit_sections(index: SiteIndex, root_doc: str) -> list[str]:
    """Top-level folders with pages but no ``_index.md``: Hugo makes their section page.

    Only in a Hugo content folder (its home page ``_index.md`` is the root).
    """
    if root_doc != SECTION_PAGE:
        return []
    folders = {d.split("/", 1)[0] for d in index.pages if "/" in d}
    return sorted(
        f"{f}/{SECTION_PAGE}" for f in folders if f"{f}/{SECTION_PAGE}" not in index.pages
    )


def _generate_implicit_sections(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> None:
    """Give each top-level folder without ``_index.md`` the section page Hugo gives it."""
    index = get_site_index(env)
    sources = {}
    for docname in implicit_sections(index, app.config.root_doc):
        if docname in getattr(app, "_cx_excluded", {}):
            continue  # the site's own page is a draft or expired: Hugo shows none either
        folder = posixpath.dirname(docname)
        head = yaml.safe_dump({"title": title_from_slug(folder)}, allow_unicode=True)
        sources[docname] = f"---\n{head}---\n"
    register_generated(app, env, docs, sources, "cx_virtual_sections")
    for docname in sources:
        index.pages.setdefault(
            docname, FrontMatter(title=title_from_slug(posixpath.dirname(docname)))
        )


def _note_sections(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> list[str]:
    """Work out every section's pages; read a landing page again when they changed."""
    before: dict[str, list[str]] = getattr(env, "cx_sections", {})
    now = section_tree(get_site_index(env))
    env.cx_sections = now
    changed = [s for s, children in now.items() if before.get(s) != children]
    return sorted(set(changed) & env.found_docs - docs.added)


def _add_section_toctree(app: Sphinx, docname: str, source: list[str]) -> None:
    children = getattr(app.env, "cx_sections", {}).get(docname)
    if children:
        limit = app.config.handbook_nav_section_limit
        hidden = 0 < limit < len(children)
        source[0] = source[0].rstrip("\n") + section_toctree(children, hidden=hidden)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Give every Hugo section's landing page a toctree of its pages, in Hugo's order."""
    connect_before_read(app, _generate_implicit_sections, priority=155)
    connect_before_read(app, _note_sections, priority=160)
    app.connect("source-read", _add_section_toctree, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
