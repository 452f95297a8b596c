"""``order`` and ``weight`` in navigation; drafts dropped from toctrees.

Choice (documented in ``docs/writing/site-structure.md``): the toctree directive is
extended, not the resolved navigation. Because :mod:`~cx_handbook.model.siteindex` knows
every page's front matter *before* reading, a toctree can sort its entries while it
is parsed, so the order is stored in the pickled doctree, ``env.toctree_includes``
(previous/next links) and every builder's navigation alike. Works with parallel reads
(the index is on the environment before the read forks).

* entries whose pages carry ``order`` are sorted by (order, title) among the slots
  they occupy; entries without ``order`` keep the place they were written in;
* ``weight: 0`` pages are dropped from toctrees and marked ``orphan`` (still built,
  reachable by URL, no "isn't included in any toctree" warning);
* drafts and expired pages (left out by :mod:`~cx_handbook.model.siteindex`) are dropped
  with an info message instead of Sphinx's "excluded document" warning.

Incremental builds: when a page's ``order``/``weight``/``title`` changes, the pages
whose toctrees list it are re-read (``env-get-outdated``), and, because every page's
sidebar shows the navigation, every page is rewritten (``env-updated``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util import docname_join
from sphinx.util.nodes import explicit_title_re

from ..core.warnings import info
from ..model.page import get_front_matter
from ..model.siteindex import DocChanges, connect_before_read, get_site_index

if TYPE_CHECKING:
    from sphinx import addnodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def nav_key(docname: str, env: BuildEnvironment) -> tuple[Any, ...]:
    """What a page contributes to navigation: its order, weight and title."""
    model = get_site_index(env).get(docname)
    return (model.order, model.weight, model.title)


class HandbookTocTree(TocTree):
    """Sphinx's toctree, aware of ``order``, ``weight: 0`` and drafts."""

    def parse_content(self, toctree: addnodes.toctree) -> None:
        """Drop drafts, parse as Sphinx does, then drop hidden pages and sort by order."""
        index = get_site_index(self.env)
        current = self.env.current_document.docname
        kept = StringList()
        for offset, line in enumerate(self.content):
            match = explicit_title_re.match(line)
            target = (match.group(2) if match else line).strip()
            for suffix in self.config.source_suffix:
                target = target.removesuffix(suffix)
            docname = docname_join(current, target) if target else ""
            reason = index.excluded.get(docname)
            if reason is not None:
                info(f"toctree entry '{target}' dropped because {reason}", toctree)
                continue
            kept.append(line, *self.content.info(offset))
        self.content = kept
        super().parse_content(toctree)
        hidden = {d for d in toctree["includefiles"] if index.get(d).is_hidden}
        entries = [e for e in toctree["entries"] if e[1] not in hidden]
        toctree["entries"] = sort_by_order(entries, index)
        toctree["includefiles"] = [
            d for _title, d in toctree["entries"] if d in toctree["includefiles"]
        ]


def sort_by_order(entries: list[tuple[str | None, str]], index: Any) -> list[Any]:
    """Sort the entries whose pages carry ``order``; the others keep their places."""
    slots = [i for i, (_t, doc) in enumerate(entries) if index.get(doc).order is not None]
    ordered = sorted(
        (entries[i] for i in slots),
        key=lambda e: (index.get(e[1]).order, (index.get(e[1]).title or e[1]).lower()),
    )
    result = list(entries)
    for slot, entry in zip(slots, ordered, strict=True):
        result[slot] = entry
    return result


def _mark_hidden_orphan(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    if get_front_matter(app.env, docname).is_hidden:
        app.env.metadata[docname]["orphan"] = True


def _reread_parents(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> list[str]:
    """Re-read the pages whose toctrees list a page whose order/weight/title changed."""
    before: dict[str, Any] = getattr(env, "cx_nav_keys", {})
    now = {docname: nav_key(docname, env) for docname in env.found_docs}
    env.cx_nav_keys = now
    moved = {d for d in now.keys() | before.keys() if now.get(d) != before.get(d)}
    moved -= docs.added
    env.cx_nav_changed = bool(moved) and bool(before)
    parents = {
        parent
        for parent, children in env.toctree_includes.items()
        if moved.intersection(children) or parent in moved
    }
    # a page hidden last time is in no toctree: re-read the pages that list it in source
    if moved - set().union(*env.toctree_includes.values(), set()):
        parents |= set(env.toctree_includes)
    return sorted(parents & env.found_docs)


def _rewrite_all_on_nav_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if getattr(env, "cx_nav_changed", False):
        env.cx_nav_changed = False
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    """Replace the toctree directive; re-read parents when a child's order changes."""
    app.add_directive("toctree", HandbookTocTree, override=True)
    app.connect("doctree-read", _mark_hidden_orphan, priority=900)
    connect_before_read(app, _reread_parents, priority=200)
    app.connect("env-updated", _rewrite_all_on_nav_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
