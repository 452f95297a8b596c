"""Links to pages of this site, written as paths (``/work/``) or slugs.

Front matter and directives name pages the way the original CMS did: a site-root
path (``/work/``), a Hugo ``slug`` or ``alias``, or a path relative to the page.
Which page that is can only be known once every page has been read, so
:func:`site_link` emits a ``pending_xref`` (``reftype="cx-link"``) and
:func:`_resolve` turns it into a link when the builder writes, with the builder's
own relative URI (``../work.html`` in HTML, ``#document-work`` in single-page
HTML, a hyperlink in LaTeX).

A path that names no page here:

* ``fallback="site"`` (calls to action): links to the same path under
  ``html_baseurl`` (``/work/`` → ``https://example.gov/cx-handbook/work/``), or the
  path as written when ``html_baseurl`` is empty, and warns (``handbook.ref``) so the
  writer can fix it. Never a ``#`` link.
* ``fallback="text"`` (topic tags): the label as plain text, silently, because a
  topic page that does not exist is the topic index's business, not the page's.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes

from ..core.warnings import WarningKind, warn
from .page import get_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

REFTYPE = "cx-link"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_PAGE_SUFFIXES = (".html", ".htm", ".md", ".rst")

Fallback = Literal["site", "text"]


def is_site_path(url: str) -> bool:
    """True for links into this site (``/work/``, ``../toolkit/``), not ``https:``/``#x``."""
    return bool(url) and not _SCHEME.match(url) and not url.startswith(("//", "#", "?"))


def _split_fragment(url: str) -> tuple[str, str]:
    path, _, fragment = url.partition("#")
    return path.partition("?")[0], fragment


def _normalise(path: str) -> str:
    """``/Work/index.html`` → ``Work``; ``/`` → ``""``."""
    path = path.strip().strip("/")
    for suffix in _PAGE_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")].rstrip("/")
    return path


def find_page(env: BuildEnvironment, fromdoc: str, url: str, *, by_slug: bool = True) -> str | None:
    """The docname a site path names, or None.

    Tried in order: the docname itself (``work``, ``work/index``, relative to
    *fromdoc* unless it starts with ``/``), a page whose ``aliases`` list the path,
    and (with *by_slug*) the one page whose ``slug`` is the path's last part.
    """
    path, _fragment = _split_fragment(url)
    absolute = path.startswith("/")
    name = _normalise(path)
    if not absolute:
        name = _normalise(posixpath.normpath(posixpath.join(posixpath.dirname(fromdoc), name)))
        if name == ".":
            name = ""
    docs = env.found_docs
    candidates = [f"{name}/index", name] if name else [env.config.root_doc]
    for candidate in candidates:
        if candidate in docs:
            return candidate
    if not by_slug or not name:
        return None
    store = getattr(env, "cx_frontmatter", {})
    for docname in sorted(store):
        if docname in docs and name in {_normalise(a) for a in store[docname].aliases}:
            return docname
    last = name.rsplit("/", 1)[-1]
    slugged = sorted(d for d in store if d in docs and get_front_matter(env, d).slug == last)
    return slugged[0] if len(slugged) == 1 else None


def doc_xref(docname: str, text: str, **attributes: Any) -> addnodes.pending_xref:
    """A ``std:doc`` cross-reference to ``/<docname>`` showing *text*.

    Each builder resolves it its own way; *attributes* go on the node (``refdoc``,
    ``refwarn``, ``classes``).
    """
    return addnodes.pending_xref(
        "",
        nodes.inline(text, text),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=True,
        **attributes,
    )


def site_link(
    url: str,
    children: list[nodes.Node],
    *,
    docname: str,
    line: int | None,
    classes: list[str],
    fallback: Fallback,
    by_slug: bool = True,
) -> addnodes.pending_xref:
    """A link to the site page *url* names, resolved when the page is written."""
    return addnodes.pending_xref(
        "",
        nodes.inline("", "", *children),
        refdomain="",
        reftype=REFTYPE,
        reftarget=url,
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
        cx_classes=list(classes),
        cx_fallback=fallback,
        cx_by_slug=by_slug,
        cx_line=line,
    )


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    if node.get("reftype") != REFTYPE:
        return None
    url: str = node["reftarget"]
    refdoc: str = node["refdoc"]
    classes: list[str] = node.get("cx_classes", [])
    children = list(contnode.children)
    target = find_page(env, refdoc, url, by_slug=node.get("cx_by_slug", True))
    if target is not None:
        _path, fragment = _split_fragment(url)
        refuri = app.builder.get_relative_uri(refdoc, target)
        if fragment:
            refuri = f"{refuri}#{fragment}"
        return nodes.reference("", "", *children, internal=True, refuri=refuri, classes=classes)
    if node.get("cx_fallback") == "text":
        return nodes.inline("", "", *children, classes=[f"{c}--plain" for c in classes])
    base = app.config.html_baseurl
    refuri = urljoin(base if base.endswith("/") else f"{base}/", url.lstrip("/")) if base else url
    warn(
        WarningKind.REF,
        f"link {url!r} names no page in this handbook; it points to {refuri!r} instead. "
        "Write the path of a page here (such as '/toolkit/') or a full https:// URL",
        (refdoc, node.get("cx_line")),
    )
    return nodes.reference("", "", *children, refuri=refuri, classes=classes)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Resolve site links when pages are written."""
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
