"""A build in which nothing changed leaves the site's extra pages as they are.

Sphinx writes the search page, the search index and extensions' pages (the 404 page of
sphinx-notfound-page) on every HTML build, even when no page was read, removed or
written. Both pages show the whole navigation (the 404 page through furo's slow path):
at 500 pages they are most of the cost of a ``sphinx-build`` with nothing to do. So
when this build read no page, removed none and wrote none, and both files are there
from an earlier build, they and the search index are not written again: they would be
the same bytes. Any read, removal or written page (a changed template or configuration
makes Sphinx write every page) writes them as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.compat import wrap_event_handlers
from ..model.siteindex import DocChanges, connect_before_read

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: The HTML builders whose extra pages this keeps (their ``search`` flag and indexer).
HTML_BUILDERS = frozenset({"html", "dirhtml"})
NOTFOUND_MODULE = "notfound.extension"


def _start(app: Sphinx) -> None:
    app._cx_changed = False
    if app.builder.name in HTML_BUILDERS:
        wrap_event_handlers(app, "html-collect-pages", NOTFOUND_MODULE, _unless_unchanged)


def _changed(app: Sphinx, *args: Any) -> None:
    app._cx_changed = True


def _note_reads(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if docnames:
        app._cx_changed = True


def _note_removals(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> None:
    if docs.removed:
        app._cx_changed = True


def _unchanged(app: Sphinx) -> bool:
    """True when this build changed nothing and the extra pages exist from the last one."""
    builder = app.builder
    if getattr(app, "_cx_changed", True) or builder.name not in HTML_BUILDERS:
        return False
    extra = ["search"] if builder.search else []
    extra.append(getattr(app.config, "notfound_pagename", "404"))
    return all(Path(builder.get_outfilename(page)).is_file() for page in extra)


def _unless_unchanged(collect: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(collect)  # keeps its module: the live preview wraps it again
    def collect_unless_unchanged(app: Sphinx) -> Any:
        return [] if _unchanged(app) else collect(app)

    return collect_unless_unchanged


def _keep_search_page(app: Sphinx) -> list[Any]:
    """Before the extra pages are written: skip the search page and index if unchanged."""
    builder = app.builder
    if _unchanged(app) and builder.search:
        builder.search = False  # gen_additional_pages writes search.html only when set
        builder.indexer = None  # dump_search_index writes nothing without one
        app._cx_search_kept = True
    return []


def _restore(app: Sphinx, exception: Exception | None) -> None:
    """The next build of a long-lived application starts as Sphinx left the builder."""
    if getattr(app, "_cx_search_kept", False):
        app.builder.search = True
        app._cx_search_kept = False
    app._cx_changed = False


def setup(app: Sphinx) -> ExtensionMetadata:
    """Leave search.html, 404.html and the search index alone when nothing changed."""
    app.connect("builder-inited", _start)
    # Last: site/topics adds its generated pages back to the build (off the removed set).
    connect_before_read(app, _note_removals, priority=999)
    app.connect("env-before-read-docs", _note_reads)
    app.connect("doctree-resolved", _changed)
    # Before sphinx-notfound-page (500) and the other pages of extensions.
    app.connect("html-collect-pages", _keep_search_page, priority=100)
    app.connect("build-finished", _restore)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
