"""Raw HTML in pages passes through, sanitised by nh3 (the ammonia sanitiser).

MyST keeps HTML blocks and inline tags as ``nodes.raw`` (inline tags one node per
tag, ``<a href="…">`` and ``</a>`` apart). :class:`SanitiseRawHtml` cleans each one:
scripts, styles sheets, inline event handlers and ``javascript:`` URLs go; links,
tables, emphasis, ``<p style="text-decoration: line-through">`` and the like stay.
Anything removed is reported (``handbook.raw_html``) at the page's line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import nh3
from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core.warnings import WarningKind, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

TAGS = set(nh3.ALLOWED_TAGS) | {"input", "section"}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "style"} | {
    f"aria-{name}" for name in ("label", "hidden", "describedby", "labelledby", "expanded")
}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "hreflang", "target", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
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
URL_SCHEMES = {"http", "https", "mailto", "tel", "cx-ref"}
VOID = {"area", "br", "col", "hr", "img", "input", "wbr"}
_SINGLE_TAG = re.compile(r"^\s*<(/?)([a-zA-Z][\w-]*)\b[^<>]*?(/?)>\s*$", re.DOTALL)
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form)\b|\son\w+\s*=|javascript:|vbscript:", re.I
)


def clean(html_text: str) -> str:
    """*html_text* sanitised (a whole fragment)."""
    return nh3.clean(
        html_text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties=STYLE_PROPERTIES,
        strip_comments=True,
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


class SanitiseRawHtml(SphinxTransform):
    """Clean every raw HTML node of the page."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        """Sanitise every raw HTML node."""
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            text = raw.astext()
            cleaned = clean_tag(text)
            if _UNSAFE.search(text):
                warn(
                    WarningKind.RAW_HTML,
                    "raw HTML contained a script, an event handler or a script URL, "
                    "which were removed; use Markdown or a directive instead",
                    raw,
                )
            if cleaned != text:
                raw.replace(raw[0], nodes.Text(cleaned))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sanitise raw HTML in every page."""
    app.add_transform(SanitiseRawHtml)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
