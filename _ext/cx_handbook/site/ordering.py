"""``order`` and ``weight`` in navigation; drafts dropped from toctrees.

Choice (documented in ``docs/writing/site-structure.md``): the toctree is sorted when
its page is read, not in the resolved navigation. Because
:mod:`~cx_handbook.model.siteindex` knows every page's front matter *before* reading,
:class:`SortTocTrees` (a transform on the ``toctree`` nodes, before the toctree
collector reads them at ``doctree-read``) sorts the entries Sphinx's own directive
parsed, so the order is stored in the pickled doctree, ``env.toctree_includes``
(previous/next links) and every builder's navigation alike. Works with parallel reads
(the index is on the environment before the read forks). Only the dropping of drafts
happens in the directive (:class:`HandbookTocTree`), before Sphinx would warn about an
excluded document.

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

from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join
from sphinx.util.nodes import explicit_title_re

from ..core.compat import set_toctree_entries, toctree_entries
from ..core.warnings import info
from ..model.page import get_front_matter
from ..model.siteindex import DocChanges, connect_before_read, get_site_index

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def nav_key(docname: str, env: BuildEnvironment) -> tuple[Any, ...]:
    """What a page contributes to navigation: its order, weight and title."""
    model = get_site_index(env).get(docname)
    return (model.order, model.weight, model.title)


class HandbookTocTree(TocTree):
    """Sphinx's toctree directive, without the entries of drafts and expired pages."""

    def run(self) -> list[nodes.Node]:
        """Drop drafts (with an info message, not an "excluded document" warning)."""
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
                info(f"toctree entry '{target}' dropped because {reason}", self.get_location())
                continue
            kept.append(line, *self.content.info(offset))
        self.content = kept
        return super().run()


class SortTocTrees(SphinxTransform):
    """Drop ``weight: 0`` pages from every toctree and sort the others by ``order``."""

    # Before DoctreeReadEvent (880): at doctree-read the toctree collector copies the
    # entries into env.toctree_includes.
    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        """Rewrite the entries of each toctree node of the page."""
        index = get_site_index(self.env)
        for toctree in self.document.findall(addnodes.toctree):
            included = set(toctree["includefiles"])
            entries = [
                (title, doc)
                for title, doc in toctree_entries(toctree)
                if doc not in included or not index.get(doc).is_hidden
            ]
            set_toctree_entries(toctree, sort_by_order(entries, index))


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
    """Drop drafts and sort toctrees; re-read parents when a child's order changes."""
    app.add_directive("toctree", HandbookTocTree, override=True)
    app.add_transform(SortTocTrees)
    app.connect("doctree-read", _mark_hidden_orphan, priority=900)
    connect_before_read(app, _reread_parents, priority=200)
    app.connect("env-updated", _rewrite_all_on_nav_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
