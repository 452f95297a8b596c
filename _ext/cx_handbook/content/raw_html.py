"""Raw HTML in pages passes through, sanitised by nh3 (the ammonia sanitiser).

MyST keeps HTML blocks and inline tags as ``nodes.raw`` (inline tags one node per
tag, ``<a href="…">`` and ``</a>`` apart). :class:`SanitiseRawHtml` cleans each one:
scripts, styles sheets, inline event handlers and ``javascript:`` URLs go; links,
tables, emphasis, ``<p style="text-decoration: line-through">`` and the like stay.
Anything removed is reported (``handbook.raw_html``) at the page's line.

An embedded frame (``<iframe src="…" title="…">``: a map, a video, a slide deck) becomes
a link to what it showed, named by its title, as the ``youtube`` shortcode does: the page
makes no request to another host and the address is kept. A frame with no ``src`` is
removed and reported. (An ``<img>`` on another host is made a link before MyST reads
the page: :func:`..sources.markdown_repair.remote_images_as_links`.)

A site path in an ``<a href>`` (``/work/``, or a Hugo ``ref`` target such as ``x.md``)
is found by the one link resolver (:func:`..model.links.find_page`) and rewritten to
the builder's URI for that page when the page is resolved (:func:`resolve_site_hrefs`,
on ``doctree-resolved``, where the builder is known). A path naming no page loses
its ``href``, keeps its text, and warns once (``handbook.ref``).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import nh3
from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core.warnings import WarningKind, warn
from ..model.links import find_page, is_page_path, missing_page_message, split_fragment
from ..sources.markdown_repair import html_attributes, open_elements

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: ``label`` names a raw checkbox (``<input id="x">`` + ``<label for="x">``, axe label).
TAGS = set(nh3.ALLOWED_TAGS) | {"input", "label", "section"}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "style"} | {
    f"aria-{name}" for name in ("label", "hidden", "describedby", "labelledby", "expanded")
}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "hreflang", "target", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
}
STYLE_PROPERTIES = {
    "text-decoration",
    "font-weight",
    "font-style",
    "text-align",
    "color",
    "background-color",
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
VOID = {"area", "br", "col", "hr", "img", "input", "wbr"}
_SINGLE_TAG = re.compile(r"^\s*<(/?)([a-zA-Z][\w-]*)\b[^<>]*?(/?)>\s*$", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HREF = re.compile(r"""(?P<lead><a\b[^>]*?\s)href=(?P<q>["'])(?P<url>[^"']*)(?P=q)""", re.I)
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\son\w+\s*=|javascript:|vbscript:", re.I
)


_IFRAME = re.compile(r"<iframe\b(?P<attrs>[^>]*)>.*?</iframe\s*>", re.I | re.DOTALL)


def frames_as_links(html_text: str) -> str:
    """Each ``<iframe src="…">`` as a link to its ``src``, named by its ``title``.

    A scheme-relative ``src`` (``//host/…``) gets ``https:``. A frame without a web
    address is left for the sanitiser to remove (and report).
    """

    def link(match: re.Match[str]) -> str:
        attrs = html_attributes(match.group("attrs"))
        src = attrs.get("src", "").strip()
        if src.startswith("//"):
            src = "https:" + src
        if not re.match(r"https?://", src, re.I):
            return match.group(0)
        host = urlsplit(src).hostname or src
        title = " ".join(attrs.get("title", "").split())
        text = f"{title} ({host})" if title else f"Embedded content on {host}"
        return f'<a class="cx-media-link" href="{html.escape(src)}">▶ {html.escape(text)}</a>'

    return _IFRAME.sub(link, html_text)


def clean(html_text: str, *, strip_comments: bool = True) -> str:
    """*html_text* sanitised (a whole fragment)."""
    return nh3.clean(
        html_text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties=STYLE_PROPERTIES,
        strip_comments=strip_comments,
    )


def clean_tag(html_text: str) -> str:
    """One tag on its own (``<a href="…">`` or ``</a>``), sanitised without closing it."""
    match = _SINGLE_TAG.match(html_text)
    if match is None:
        return clean(html_text)
    closing, name = match.group(1), match.group(2).lower()
    if name not in TAGS:
        return ""
    if closing:
        return f"</{name}>"
    if name in VOID or match.group(3):
        return clean(html_text)
    cleaned = clean(html_text.strip() + f"</{name}>")
    return cleaned.removesuffix(f"</{name}>")


def _is_html_block(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.raw)
        and "html" in node.get("format", "").split()
        and not isinstance(node.parent, nodes.TextElement)
    )


def _slot(number: int) -> str:
    return f"<!--cx-slot-{number}-->"


def html_runs(document: nodes.document) -> list[list[nodes.raw]]:
    """The runs of HTML blocks that make one structure, each in source order.

    CommonMark ends an HTML block at a blank line, so ``<ul>`` … blank line … ``<li>``
    reaches us as several ``raw`` nodes, perhaps with Markdown between them (an image
    inside an ``<li>``). A block that leaves an element open starts a run; the HTML
    blocks after it among its siblings join the run until the element is closed (or
    the siblings end). What lies between them stays where it is.
    """
    runs: list[list[nodes.raw]] = []
    taken: set[int] = set()
    for first in document.findall(nodes.raw):
        if id(first) in taken or not _is_html_block(first):
            continue
        text = first.astext()
        if not open_elements(text):
            continue
        run = [first]
        for sibling in first.parent.children[first.parent.index(first) + 1 :]:
            if not _is_html_block(sibling):
                continue
            run.append(sibling)
            taken.add(id(sibling))
            text += sibling.astext()
            if not open_elements(text):
                break
        if len(run) > 1:
            runs.append(run)
    return runs


def clean_run(run: list[nodes.raw]) -> list[str] | None:
    """Sanitise a run's blocks as one fragment; each block's share of the result.

    A comment marks where each block ends, so the cleaned whole is cut back into the
    blocks (what lies between them is rendered between the shares, as written). None
    when the sanitiser moved a mark (the run is then cleaned block by block).
    """
    joined = "".join(
        _COMMENT.sub("", raw.astext()) + (_slot(n) if n < len(run) - 1 else "")
        for n, raw in enumerate(run)
    )
    cleaned = clean(joined, strip_comments=False)
    shares = re.split(r"<!--cx-slot-\d+-->", cleaned)
    marks = re.findall(r"<!--cx-slot-(\d+)-->", cleaned)
    if marks != [str(n) for n in range(len(run) - 1)]:
        return None
    return [_COMMENT.sub("", share) for share in shares]


class SanitiseRawHtml(SphinxTransform):
    """Clean every raw HTML node of the page (split HTML blocks joined first)."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        """Sanitise every raw HTML node; a structure split by blank lines as one."""
        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            if "html" in raw.get("format", "").split() and "<iframe" in text.lower():
                raw.replace(raw[0], nodes.Text(frames_as_links(text)))
        shares: dict[int, str] = {}
        for run in html_runs(self.document):
            cleaned_run = clean_run(run)
            if cleaned_run is not None:
                shares.update((id(raw), share) for raw, share in zip(run, cleaned_run, strict=True))
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            text = raw.astext()
            cleaned = shares[id(raw)] if id(raw) in shares else clean_tag(text)
            if _UNSAFE.search(text):
                warn(
                    WarningKind.RAW_HTML,
                    "raw HTML contained a script, an event handler or a script URL, "
                    "which were removed; use Markdown or a directive instead",
                    raw,
                )
            if cleaned != text:
                raw.replace(raw[0], nodes.Text(cleaned))


def resolve_site_hrefs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point each raw ``<a href>`` naming a page of this site at the builder's URI for it."""
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "html" not in raw.get("format", "").split() or "href" not in text:
            continue

        def swap(match: re.Match[str], raw: nodes.raw = raw) -> str:
            url = match.group("url")
            if not is_page_path(url):
                return match.group(0)
            target = find_page(app.env, docname, url)
            if target is None:
                message = missing_page_message(url, "", "its text is kept without a link")
                warn(WarningKind.REF, message, raw)
                return match.group("lead").rstrip()
            uri = app.builder.get_relative_uri(docname, target)
            fragment = split_fragment(url)[1]
            quote = match.group("q")
            return (
                f"{match.group('lead')}href={quote}{uri}{'#' if fragment else ''}{fragment}{quote}"
            )

        resolved = _HREF.sub(swap, text)
        if resolved != text:
            raw.replace(raw[0], nodes.Text(resolved))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sanitise raw HTML in every page, and resolve its site links when it is written."""
    app.add_transform(SanitiseRawHtml)
    app.connect("doctree-resolved", resolve_site_hrefs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
