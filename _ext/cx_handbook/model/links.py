"""The one resolver of links to pages of this site, however the link is written.

Calls to action, front-matter cards, page listings, topic tags, Markdown links, Hugo
``ref``/``relref`` targets and raw-HTML ``href`` attributes all name pages the way the
original CMS did. :func:`find_page` knows every form, tried in this order:

1. a path: relative to the page (``../toolkit/``), else from the site root
   (``/work/``, ``/work``, ``work.md``, ``work/index``, ``/about/_index.md``), each as
   ``x/index``, then ``x``, then Hugo's section page ``x/_index``;
2. a page's ``aliases`` entry (``/old/path/``);
3. the last part of the path as a page's ``slug`` (``/news/the-slug``);
4. the last part as a file name (Hugo's ``ref "2013-12-12-x.md"``, ``page.md#anchor``).

Steps 2-4 compare without case; when several pages match, the first by docname wins.
Front-matter data comes from the model (:func:`.page.get_front_matter`).

Which page a link names can only be known once every page has been read, so
:func:`page_link` makes a ``pending_xref`` (``reftype="cx-link"``), and Sphinx's
``missing-reference`` event, where the builder is known, makes it a link with the
builder's own URI (``../work.html`` in HTML, ``#document-work`` in single-page HTML).
Markdown links that MyST could not place become such links before MyST resolves them
(:class:`AdoptSiteLinks`); raw-HTML ``href`` attributes are rewritten with
:func:`find_page` by :mod:`..content.raw_html`.

A link to a page that does not exist warns once (``handbook.ref``) at the file and
line, and keeps its text. What the reader gets depends on the link's *missing*:

* ``"text"`` (Markdown links, Hugo refs, raw HTML): the text, without a link;
* ``"site"`` (calls to action and front-matter cards, which are buttons): a link to
  the same path under ``html_baseurl`` (or the path as written when that is empty);
* ``"quiet"`` (topic tags): the text, without a warning, since a topic without a page
  is the topic index's business, not the page's.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..core.warnings import WarningKind, warn
from .hugo import hugo_config
from .page import get_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

REFTYPE = "cx-link"
#: Classes of the text inside a resolved Markdown link (as MyST gives its own).
MARKDOWN_LINK_CLASSES = ("std", "std-doc")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_PAGE_SUFFIXES = (".html", ".htm", ".md", ".rst")

Missing = Literal["site", "text", "quiet"]


def is_site_path(url: str) -> bool:
    """True for links into this site (``/work/``, ``../toolkit/``), not ``https:``/``#x``."""
    return bool(url) and not _SCHEME.match(url) and not url.startswith(("//", "#", "?"))


def is_page_path(url: str) -> bool:
    """A site path that can name a page: no suffix, or ``.md``/``.html`` (not ``x.pdf``)."""
    path = split_fragment(url)[0].rstrip("/")
    suffix = posixpath.splitext(posixpath.basename(path))[1].lower()
    is_file = suffix[1:].isalpha() and suffix not in _PAGE_SUFFIXES
    return is_site_path(url) and not is_file


def split_fragment(url: str) -> tuple[str, str]:
    """``/x/?a=1#top`` → ``("/x/", "top")``."""
    path, _, fragment = url.partition("#")
    return path.partition("?")[0], fragment


def _normalise(path: str) -> str:
    """``/Work/index.html`` → ``Work``; ``/about/_index.md`` → ``about``; ``/`` → ``""``."""
    path = unquote(path).strip().strip("/")
    for suffix in _PAGE_SUFFIXES:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)]
            break
    for index in ("index", "_index"):
        if path == index or path.endswith(f"/{index}"):
            path = path[: -len(index)].rstrip("/")
    return path


def _join(fromdoc: str, name: str) -> str:
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(fromdoc), name))
    return "" if joined == "." else joined.lstrip("/")


def find_page(
    env: BuildEnvironment, fromdoc: str, target: str, *, exact: bool = False
) -> str | None:
    """The docname *target* names (any form in the module docstring), or None.

    With *exact* only the path forms count (topic tags: a topic's slug is not a page).
    """
    path, _fragment = split_fragment(target.strip())
    name = _normalise(path)
    names = [name] if path.startswith("/") else [_join(fromdoc, name), name]
    docs = env.found_docs
    for candidate in dict.fromkeys(names):
        # ``x/index`` (Sphinx's section page), ``x`` itself, then ``x/_index`` (Hugo's).
        forms = (f"{candidate}/index", candidate, f"{candidate}/_index")
        for docname in forms if candidate else [env.config.root_doc]:
            if docname in docs:
                return docname
    if exact or not name:
        return None
    wanted = {n.lower() for n in names}
    last = name.rsplit("/", 1)[-1].lower()
    other = _other_names(env)
    by_alias = [other.aliases[n] for n in wanted if n in other.aliases]
    if by_alias:
        return min(by_alias)
    return other.slugs.get(last) or other.basenames.get(last)


@dataclass(frozen=True)
class OtherNames:
    """Every page's other names, lower-cased, each naming the first page by docname."""

    aliases: dict[str, str]
    slugs: dict[str, str]
    basenames: dict[str, str]


def _other_names(env: BuildEnvironment) -> OtherNames:
    """The pages' aliases, slugs and file names, gathered once per build (when written)."""
    names: OtherNames | None = getattr(env, "cx_other_names", None)
    if names is None:
        names = OtherNames({}, {}, {})
        for docname in sorted(env.found_docs):
            model = get_front_matter(env, docname)
            for alias in model.aliases:
                names.aliases.setdefault(_normalise(alias).lower(), docname)
            names.slugs.setdefault((model.slug or "").strip("/").lower(), docname)
            names.basenames.setdefault(_normalise(docname).rsplit("/", 1)[-1].lower(), docname)
        env.cx_other_names = names
    return names


def _forget_other_names(app: Sphinx, env: BuildEnvironment, *args: Any) -> None:
    """Pages and their front matter may change from one build to the next."""
    env.cx_other_names = None


def page_link(
    target: str,
    children: list[nodes.Node],
    *,
    docname: str,
    line: int | None,
    classes: list[str] | None = None,
    text_classes: list[str] | None = None,
    missing: Missing = "text",
    exact: bool = False,
) -> addnodes.pending_xref:
    """A link to the page *target* names, made when the page is written.

    *classes* go on the link. With *text_classes* (even ``[]``) the children sit in a
    ``<span>`` with those classes; without, they are the link's content directly.
    """
    return addnodes.pending_xref(
        "",
        nodes.inline("", "", *children),
        refdomain="",
        reftype=REFTYPE,
        reftarget=target,
        refdoc=docname,
        refexplicit=True,
        refwarn=False,
        cx_classes=list(classes or []),
        cx_text_classes=None if text_classes is None else list(text_classes),
        cx_missing=missing,
        cx_exact=exact,
        cx_line=line,
    )


def missing_page_message(
    target: str, text: str, consequence: str, left_out: str | None = None
) -> str:
    """The one warning for a link to a page that does not exist (or is *left_out*)."""
    shown = f" (link text {text!r})" if text and text != target else ""
    if left_out:
        return (
            f"link {target!r} names a page left out of this build because {left_out}"
            f"{shown}; {consequence}. Publish that page, or link somewhere else"
        )
    return (
        f"link {target!r} names no page in this handbook{shown}; {consequence}. "
        "Write the path of a page here (such as '/toolkit/') or a full https:// URL"
    )


def hugo_ref_not_found_url(app: Sphinx, target: str) -> str | None:
    """Where Hugo sends a ``ref`` to no page: its ``refLinksNotFoundURL``, if the site has one.

    Only a link to a ``.md`` file counts as a ``ref``: in Hugo a plain Markdown link to
    one never worked, so every such link was a ``ref`` (the expansion keeps its target).
    """
    url = hugo_config(app).ref_not_found_url
    path = split_fragment(target.strip())[0]
    return url if url and path.lower().endswith(".md") else None


def left_out_reason(app: Sphinx, fromdoc: str, target: str) -> str | None:
    """Why the page *target* names is not built (a draft, expired), if it is one of those."""
    excluded: dict[str, str] = getattr(app, "_cx_excluded", {})
    if not excluded:
        return None
    name = _normalise(split_fragment(target.strip())[0])
    if not name:
        return None
    names = {_join(fromdoc, name), name}
    for docname, reason in excluded.items():
        forms = {docname, docname.removesuffix("/index"), docname.removesuffix("/_index")}
        if names & forms or posixpath.basename(docname) == posixpath.basename(name):
            return reason
    return None


def _content(contnode: nodes.Element) -> list[nodes.Node]:
    if isinstance(contnode, nodes.inline) and not contnode["classes"]:
        return list(contnode.children)
    return [contnode]


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    if node.get("reftype") != REFTYPE:
        return None
    target: str = node["reftarget"]
    refdoc: str = node["refdoc"]
    classes: list[str] = node.get("cx_classes", [])
    content = _content(contnode)
    docname = find_page(env, refdoc, target, exact=node.get("cx_exact", False))
    if docname is not None:
        fragment = split_fragment(target)[1] or None
        text_classes = node.get("cx_text_classes")
        if text_classes is not None or len(content) != 1:
            content = [nodes.inline("", "", *content, classes=list(text_classes or []))]
        ref = make_refnode(app.builder, refdoc, docname, fragment, content[0])
        ref["classes"].extend(classes)
        if "reftitle" in node:
            ref["reftitle"] = node["reftitle"]
        return ref
    missing = node.get("cx_missing", "text")
    location = (refdoc, node.get("cx_line") or node.line)
    if missing == "site":
        base = app.config.html_baseurl
        refuri = urljoin(base if base.endswith("/") else f"{base}/", target.lstrip("/"))
        refuri = refuri if base else target
        warn(
            WarningKind.REF,
            missing_page_message(target, contnode.astext(), f"it points to {refuri!r} instead"),
            location,
        )
        return nodes.reference("", "", *content, refuri=refuri, classes=classes)
    not_found_url = hugo_ref_not_found_url(app, target) if missing == "text" else None
    if not_found_url:
        consequence = f"it points to {not_found_url!r} (refLinksNotFoundURL) instead"
        reason = left_out_reason(app, refdoc, target)
        warn(
            WarningKind.REF,
            missing_page_message(target, contnode.astext(), consequence, reason),
            location,
        )
        return nodes.reference("", "", *content, refuri=not_found_url, classes=classes)
    if missing == "text":
        warn(
            WarningKind.REF,
            missing_page_message(
                target,
                contnode.astext(),
                "its text is kept without a link",
                left_out_reason(app, refdoc, target),
            ),
            location,
        )
        if len(content) == 1:
            return content[0]
        return nodes.inline("", "", *content)
    return nodes.inline("", "", *content, classes=[f"{c}--plain" for c in classes])


class AdoptSiteLinks(SphinxPostTransform):
    """Links to a page path that nothing resolves yet become :func:`page_link` nodes.

    Two kinds: plain references whose URL is a site path (made by directives, such as
    ``{resource}``'s ``:url:`` or ``{button-link}``), and Markdown links.

    MyST resolves ``[text](page.md)`` itself when the file sits beside the page. Other
    targets (``/section/page``, a slug, an alias, Hugo's ``ref`` targets) reach MyST's
    resolver as ``reftype="myst"`` cross-references; this transform runs just before it
    and takes those that name a page here, or that name nothing MyST knows (which warn
    once, as ``handbook.ref``, instead of ``myst.xref_missing``). Links to labels and to
    files (``x.pdf``) stay MyST's.
    """

    default_priority = 8  # MyST's resolver is 9, Sphinx's 10

    def run(self, **kwargs: Any) -> None:
        """Turn every site-path reference and MyST cross-reference to a page into a site link."""
        fromdoc = self.env.current_document.docname
        for ref in list(self.document.findall(nodes.reference)):
            url = ref.get("refuri", "")
            if ref.get("internal") or ref.get("refid") or not is_page_path(url):
                continue
            line = _line_of(ref)
            link = page_link(
                url, list(ref.children), docname=fromdoc, line=line, classes=ref["classes"]
            )
            link.source, link.line = ref.source, line
            ref.parent.replace(ref, link)  # its classes are the link's, set on resolving
        std = self.env.domaindata.get("std", {})
        labels = {*std.get("labels", {}), *std.get("anonlabels", {})}
        html_ids: set[str] | None = None
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget", "")
            if node.get("reftype") != "myst" or node.get("refdomain") or not is_page_path(target):
                continue
            if node.get("reflocalid"):  # ``[x](#anchor)`` to an id on this page: MyST's
                continue
            refdoc = node.get("refdoc", fromdoc)
            if html_ids is None:
                html_ids = raw_html_ids(self.document)
            if target in html_ids and find_page(self.env, refdoc, target) is None:
                # ``[x](#part-7)`` to ``<h2 id="part-7">`` in the page's own raw HTML
                anchor = nodes.reference("", "", *node.children, refuri=f"#{target}")
                anchor["classes"] = list(node["classes"])
                node.replace_self(anchor)
                continue
            if find_page(self.env, refdoc, target) is None and target.lower() in labels:
                continue
            node["reftype"], node["refdomain"], node["refdoc"] = REFTYPE, "", refdoc
            node.attributes.update(
                cx_classes=list(node["classes"]),
                cx_text_classes=list(MARKDOWN_LINK_CLASSES),
                cx_missing="text",
                cx_exact=False,
                cx_line=_line_of(node),
            )
            node["classes"] = []
            if node.children and isinstance(node[0], nodes.inline):
                node[0]["classes"] = []


_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


def raw_html_ids(document: nodes.document) -> set[str]:
    """The ``id`` attributes written in the page's raw HTML (``<h2 id="part-7">``)."""
    return {
        match.group(1)
        for raw in document.findall(nodes.raw)
        if "html" in raw.get("format", "").split()
        for match in _HTML_ID.finditer(raw.astext())
    }


def _line_of(node: nodes.Node | None) -> int | None:
    """The line of *node*, or of the nearest enclosing node that knows one."""
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None


def setup(app: Sphinx) -> ExtensionMetadata:
    """Resolve site links when pages are written."""
    app.add_post_transform(AdoptSiteLinks)
    app.connect("missing-reference", _resolve)
    app.connect("env-before-read-docs", _forget_other_names)
    app.connect("env-updated", _forget_other_names)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
