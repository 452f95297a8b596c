"""furo's navigation tree, computed once per build instead of once per page.

furo asks Sphinx for the whole global toctree on every page (``toctree(collapse=False,
titles_only=True, maxdepth=-1, includehidden=True)``) and then rewrites it with
BeautifulSoup to add its CSS-only expand/collapse checkboxes. Both steps cost time in
proportion to the size of the site, so a build costs pages × site size: quadratic.

Only three things in that HTML differ from page to page: the relative ``href`` of each
link (which depends only on the page's folder), the ``current`` classes on the path to
the page, and the ``checked`` state of the checkboxes on that path. So we

1. render the tree once, through Sphinx and furo's own tree function, with a
   marker in each place that varies, and cut it into static text and *slots*;
2. per folder, fill the href slots once (``builder.get_relative_uri``);
3. per page, copy that list and change only the slots on the page's path, then join.

The result is byte-for-byte the HTML furo would have made (a test compares them). We
hook furo from outside: before its ``html-page-context`` handler we hand it a
``toctree`` whose navigation call costs nothing, and after it we set
``furo_navigation_tree`` ourselves. The furo and Sphinx internals this relies on are in
:mod:`..core.compat`; a furo that computes its tree differently stops the build at its
start, and a page whose ``toctree()`` is not Sphinx's gets a warning, never a quiet slow
path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from ..core.compat import (
    FURO_NAVIGATION_CALL,
    CompatError,
    check_furo_navigation,
    furo_navigation_tree,
    is_notfound_toctree,
    is_sphinx_toctree,
    toctree_helper_origin,
)
from ..core.warnings import LOGGER, WARNING_TYPE
from .section_limit import LargeSections, large_sections

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

_NO_PAGE = "\x00cx-navigation-no-current-page"
_HREF_MARK = re.compile(r"cxnavhref(\d+)x")
# After our one BeautifulSoup pass every varying attribute reads ` name="\x01N\x01"`.
_SLOT = re.compile(r' [a-z-]+="\x01(\d+)\x01"')
_LEVEL = re.compile(r"toctree-l(\d+)")
# How docutils' HTML writer escapes attribute values.
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"}
)


@dataclass
class _Link:
    """An internal link of the tree and the slots that change with the current page."""

    docname: str
    anchor: str
    href_marker: str = ""
    href_part: int = -1
    #: (part index, is li) of the a, li and ul elements from the link up to the root
    branch: list[tuple[int, bool]] = field(default_factory=list)
    #: part indices of checkboxes of the li elements on the branch
    checkboxes: list[int] = field(default_factory=list)


@dataclass
class NavigationTemplate:
    """furo's navigation HTML as static parts and page-dependent slots."""

    parts: list[str]
    #: part index -> (off, on[, on and current-page]) texts of that slot
    variants: dict[int, tuple[str, ...]]
    links: list[_Link]
    by_doc: dict[str, list[_Link]]
    hrefs_by_folder: dict[str, list[str]] = field(default_factory=dict)
    sections: LargeSections = field(default_factory=lambda: LargeSections({}, {}))
    #: pages shown either side of the current page in a large section
    neighbours: int = 2
    #: page titles, for the pages of large sections (not in the tree)
    titles: dict[str, str] = field(default_factory=dict)

    def render(self, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        """The navigation tree exactly as furo renders it for *pagename*.

        A page of a large section (:mod:`.section_limit`) is not in the tree: its
        landing page is marked current and opens to the page and its neighbours.
        """
        if pagename not in self.by_doc and pagename in self.sections.landing_of:
            shown = self._with_neighbours(builder, pagename)
            if shown is not None:
                return shown
        return "".join(self._filled(builder, pagename, pagename, mark_page=True))

    def _filled(
        self, builder: StandaloneHTMLBuilder, pagename: str, current: str, *, mark_page: bool
    ) -> list[str]:
        """The parts for *pagename*, with the path to *current* marked current."""
        parts = self._parts_for_folder(builder, pagename)
        current_lis: list[int] = []
        for link in self.by_doc.get(current, ()):
            parts[link.href_part] = _href(builder, pagename, link)
            if link.anchor:
                continue
            for index, is_li in link.branch:
                parts[index] = self.variants[index][1]
                if is_li:
                    current_lis.append(index)
            for index in link.checkboxes:
                parts[index] = self.variants[index][1]
        if current_lis and mark_page:
            last = max(current_lis)  # furo marks the last current li in document order
            parts[last] = self.variants[last][2]
        return parts

    def _with_neighbours(self, builder: StandaloneHTMLBuilder, pagename: str) -> str | None:
        """The tree with the page's landing page open to the page and its neighbours."""
        doc = pagename
        while doc in self.sections.landing_of:
            landing = self.sections.landing_of[doc]
            links = [link for link in self.by_doc.get(landing, ()) if not link.anchor]
            if links:
                break
            doc = landing  # a section inside a large section: show the inner landing page
        else:
            return None
        link = links[0]
        parts = self._filled(builder, pagename, landing, mark_page=False)
        li_part = next(index for index, is_li in link.branch if is_li)
        level = int(_LEVEL.search(self.variants[li_part][0])[1]) + 1
        items = []
        for neighbour in self.sections.neighbours(doc, self.neighbours):
            title = _text(self.titles.get(neighbour, neighbour))
            if neighbour == pagename:
                items.append(
                    f'<li class="toctree-l{level} current current-page">'
                    f'<a class="current reference internal" href="#">{title}</a></li>'
                )
                continue
            uri = (builder.get_relative_uri(pagename, neighbour) or "#").translate(
                _ATTRIBUTE_ESCAPES
            )
            current = " current" if neighbour == doc else ""
            items.append(
                f'<li class="toctree-l{level}{current}">'
                f'<a class="reference internal{current}" href="{uri}">{title}</a></li>'
            )
        head = "".join(parts[: link.href_part + 1])
        tail = "".join(parts[link.href_part + 1 :])
        end = tail.index("</a>") + len("</a>")
        return f"{head}{tail[:end]}<ul>{''.join(items)}</ul>{tail[end:]}"

    def _parts_for_folder(self, builder: StandaloneHTMLBuilder, pagename: str) -> list[str]:
        folder = pagename.rpartition("/")[0]
        hrefs = self.hrefs_by_folder.get(folder)
        if hrefs is None:
            neutral = f"{folder}/{_NO_PAGE}" if folder else _NO_PAGE
            hrefs = [_href(builder, neutral, link) for link in self.links]
            self.hrefs_by_folder[folder] = hrefs
        parts = self.parts.copy()
        for link, href in zip(self.links, hrefs, strict=True):
            parts[link.href_part] = href
        return parts


def _text(text: str) -> str:
    """*text* escaped as docutils' HTML writer escapes text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _href(builder: StandaloneHTMLBuilder, pagename: str, link: _Link) -> str:
    uri = builder.get_relative_uri(pagename, link.docname) + link.anchor
    return f' href="{(uri or "#").translate(_ATTRIBUTE_ESCAPES)}"'


def build_template(builder: StandaloneHTMLBuilder) -> NavigationTemplate | None:
    """Render the global tree once, through Sphinx and furo, and cut it into slots."""
    from bs4 import BeautifulSoup

    tree = global_toctree_for_doc(
        builder.env, _NO_PAGE, builder, tags=builder.tags, **FURO_NAVIGATION_CALL
    )
    if tree is None:
        return None
    uri_to_doc = {builder.get_relative_uri(_NO_PAGE, d): d for d in builder.env.all_docs}
    sections = large_sections(builder.env)
    if sections.pages:
        _prune_large_sections(tree, sections, uri_to_doc)
    links: list[_Link] = []
    for ref in tree.findall(nodes.reference):
        refuri = ref.get("refuri", "")
        anchor = ref.get("anchorname", "")
        target = refuri[: len(refuri) - len(anchor)] if anchor else refuri
        if target not in uri_to_doc:
            continue  # an external URL entry: the same on every page
        ref["refuri"] = f"cxnavhref{len(links)}x"
        links.append(_Link(uri_to_doc[target], anchor))

    html = furo_navigation_tree(builder.render_partial(tree)["fragment"])
    soup = BeautifulSoup(html, "html.parser")
    slot_texts: list[tuple[str, ...]] = []

    def slot(texts: tuple[str, ...]) -> str:
        slot_texts.append(texts)
        return f"\x01{len(slot_texts) - 1}\x01"

    marked: dict[int, str] = {}  # id(tag) -> its slot marker
    for a in soup.find_all("a", href=_HREF_MARK):
        link = links[int(_HREF_MARK.fullmatch(a["href"])[1])]
        a["href"] = link.href_marker = slot(("",))
        for tag in (a, *a.find_parents(["li", "ul"])):
            if id(tag) not in marked:
                marked[id(tag)] = _mark_current(tag, slot)
            link.branch.append((marked[id(tag)], tag.name == "li"))
            box = tag.find("input", class_="toctree-checkbox", recursive=False)
            if tag.name == "li" and box is not None:
                if id(box) not in marked:
                    box["checked"] = marked[id(box)] = slot(("", ' checked=""'))
                link.checkboxes.append(marked[id(box)])
    template = _cut(str(soup), links, slot_texts)
    template.sections = sections
    template.neighbours = builder.config.handbook_nav_neighbours
    env = builder.env
    template.titles = {
        doc: env.titles[doc].astext() for doc in sections.landing_of if doc in env.titles
    }
    return template


def _prune_large_sections(
    tree: nodes.Element, sections: LargeSections, uri_to_doc: dict[str, str]
) -> None:
    """Leave only the landing page of each large section in the tree, not its pages."""
    for ref in list(tree.findall(nodes.reference)):
        if ref.get("anchorname") or uri_to_doc.get(ref.get("refuri", "")) not in sections.pages:
            continue
        item = ref.parent.parent if ref.parent is not None else None
        if isinstance(item, nodes.list_item):
            for child in list(item.children):
                if isinstance(child, nodes.bullet_list):
                    item.remove(child)


def _mark_current(tag: Any, slot: Callable[[tuple[str, ...]], str]) -> str:
    """Replace *tag*'s class attribute by a slot with and without ``current``."""
    classes = list(tag.get("class", []))
    if tag.name == "li":  # Sphinx appends current after toctree-lN; furo adds the rest
        on = [classes[0], "current", *classes[1:]]
        texts = (_class(classes), _class(on), _class([*on, "current-page"]))
    elif tag.name == "a":
        texts = (_class(classes), _class(["current", *classes]))
    else:
        texts = (_class(classes) if classes else "", _class(["current", *classes]))
    tag["class"] = marker = slot(texts)
    return marker


def _class(classes: list[str]) -> str:
    return f' class="{" ".join(classes)}"'


def _cut(html: str, links: list[_Link], slot_texts: list[tuple[str, ...]]) -> NavigationTemplate:
    """Split the marked HTML into parts; slots become part indices."""
    pieces = _SLOT.split(html)
    parts: list[str] = []
    variants: dict[int, tuple[str, ...]] = {}
    part_of_slot: dict[str, int] = {}
    for position, piece in enumerate(pieces):
        if position % 2 == 0:
            parts.append(piece)
            continue
        texts = slot_texts[int(piece)]
        part_of_slot[f"\x01{piece}\x01"] = len(parts)
        variants[len(parts)] = texts
        parts.append(texts[0])
    by_doc: dict[str, list[_Link]] = {}
    for link in links:
        link.href_part = part_of_slot[link.href_marker]
        link.branch = [(part_of_slot[m], is_li) for m, is_li in link.branch]
        link.checkboxes = [part_of_slot[m] for m in link.checkboxes]
        by_doc.setdefault(link.docname, []).append(link)
    return NavigationTemplate(parts, variants, links, by_doc)


def _toctree_wrapper(original: Callable[..., str]) -> Callable[..., str]:
    """``toctree()`` as Sphinx gives it, except that furo's navigation call is free."""

    def toctree(**kwargs: Any) -> str:
        if all(kwargs.get(key) == value for key, value in FURO_NAVIGATION_CALL.items()):
            return ""
        return original(**kwargs)

    return toctree


def _without_large_lists(original: Callable[..., str], limit: int) -> Callable[..., str]:
    """The 404 page's own ``toctree()``, with the pages of large sections left out.

    sphinx-notfound-page renders the whole tree with site-root links, so the fast
    navigation does not serve it; a list of more than *limit* pages is dropped from it
    (its landing page stays), as :func:`_prune_large_sections` does for every page.
    """

    def toctree(**kwargs: Any) -> str:
        html = original(**kwargs)
        if limit <= 0 or not all(kwargs.get(k) == v for k, v in FURO_NAVIGATION_CALL.items()):
            return html
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "html.parser")
        large = [
            ul for ul in soup.find_all("ul") if len(ul.find_all("li", recursive=False)) > limit
        ]
        for ul in large:
            if ul.parent is not None and ul.parent.name == "li":
                ul.decompose()
        return str(soup)

    return toctree


def _fast_navigation(app: Sphinx) -> bool:
    """True when furo renders this build's HTML pages and the fast navigation is on.

    furo is loaded as an extension when it is the HTML theme; only then does its
    ``html-page-context`` handler compute a navigation tree.
    """
    return (
        app.config.handbook_fast_navigation
        and app.builder.format == "html"
        and "furo" in app.extensions
    )


def _check_furo(app: Sphinx) -> None:
    """Stop the build at its start when furo no longer computes its tree as we replace."""
    if _fast_navigation(app):
        check_furo_navigation()


def _before_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _fast_navigation(app):
        return
    helper = context.get("toctree")
    if is_sphinx_toctree(helper):
        context["toctree"] = _toctree_wrapper(helper)
        context["cx_fast_navigation"] = True
    elif helper is not None and is_notfound_toctree(helper):
        context["toctree"] = _without_large_lists(helper, app.config.handbook_nav_section_limit)
    elif helper is not None:
        # sphinx-notfound-page's 404 page keeps furo's computation on purpose (its links
        # start at the site root); any other helper is one compat does not know.
        LOGGER.warning(
            f"the toctree() of this page is {toctree_helper_origin(helper)}, not Sphinx "
            "9.0.4's (cx_handbook.core.compat.is_sphinx_toctree); furo computes its "
            "navigation the slow way here. Re-check core/compat.py, or set "
            "handbook_fast_navigation = False",
            type=WARNING_TYPE,
            subtype="compat",
            location=pagename,
        )


def _after_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not context.get("cx_fast_navigation"):
        return
    if "furo_navigation_tree" not in context:
        raise CompatError("furo", "its html-page-context handler set no furo_navigation_tree")
    builder = app.builder
    template = prepare_navigation(app)
    context["furo_navigation_tree"] = template.render(builder, pagename) if template else ""


def prepare_navigation(app: Sphinx) -> NavigationTemplate | None:
    """Render the build's tree if not yet done (a live preview does it while idle)."""
    builder = app.builder
    if not _fast_navigation(app):
        return None
    template = builder.__dict__.get("_cx_navigation")
    if template is None:
        template = build_template(builder) or False
        builder._cx_navigation = template
        builder._cx_navigation_key = navigation_key(builder.env)
    return template or None


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    """A new read may mean a new tree: keep the last one only while its key still holds.

    A one-off build has no tree yet here; a long-lived application (the live preview)
    keeps its tree across builds in which no title or toctree changed.
    """
    builder = getattr(app, "builder", None)
    if builder is None or "_cx_navigation" not in builder.__dict__:
        return
    if builder.__dict__.get("_cx_navigation_key") != navigation_key(env):
        builder.__dict__.pop("_cx_navigation", None)


def navigation_signature(env: BuildEnvironment) -> str:
    """A digest of everything the navigation tree shows: page titles and toctree structure."""
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.titles)
    includes = sorted((doc, list(kids)) for doc, kids in env.toctree_includes.items())
    return hashlib.sha256(repr((titles, includes)).encode()).hexdigest()


def navigation_key(env: BuildEnvironment) -> str:
    """:func:`navigation_signature` plus every toctree's options (caption, hidden, titles).

    The rendered tree is valid while this holds. Only pages with a toctree that lists
    pages (``toctree_includes``) and the root page can hold one the tree shows.
    """
    digest = hashlib.sha256(navigation_signature(env).encode())
    holders = set(env.toctree_includes) | {env.config.root_doc}
    for docname in sorted(holders & set(env.tocs)):
        for toctree in env.tocs[docname].findall(addnodes.toctree):
            options = sorted((k, repr(v)) for k, v in toctree.attributes.items())
            digest.update(repr((docname, options)).encode())
    return digest.hexdigest()


def current_navigation_key(builder: StandaloneHTMLBuilder) -> str:
    """The :func:`navigation_key` of the tree this build renders (kept or made this build)."""
    if builder.__dict__.get("_cx_navigation") is not None:
        return builder.__dict__["_cx_navigation_key"]
    return navigation_key(builder.env)


def _rewrite_all_when_navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page shows the whole tree: when it changes, every page must be written again.

    Sphinx itself only rewrites the changed page and its ancestors, which leaves stale
    titles in the sidebars of all other pages.
    """
    signature = navigation_signature(env)
    previous = getattr(env, "cx_navigation_signature", None)
    env.cx_navigation_signature = signature
    if previous is None or previous == signature:
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Compute furo's navigation tree once per build."""
    app.add_config_value("handbook_fast_navigation", True, "html", types=frozenset({bool}))
    app.connect("builder-inited", _check_furo)
    app.connect("html-page-context", _before_furo, priority=400)
    app.connect("html-page-context", _after_furo, priority=600)
    app.connect("env-updated", _forget)
    app.connect("env-get-updated", _rewrite_all_when_navigation_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
