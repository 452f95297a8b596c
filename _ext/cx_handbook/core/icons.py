"""Inline SVG icons from Font Awesome Free, shipped with the site.

Icons come from the ``fontawesomefree`` wheel (the official Font Awesome Free package
on PyPI, CC BY 4.0 icons): no CDN and no web font. Real pages name icons in
Font Awesome 4 and 5 (and some Pro-only) spellings; :func:`resolve_icon` maps those
to a Free 6 icon through the package's own alias and shim metadata, plus a short
table of our own for the Pro names real pages use.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import fontawesomefree
from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

FA_ROOT = Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"
STYLES = ("solid", "regular", "brands")

#: Font Awesome Pro (or renamed) icons used by real pages, mapped to Free 6 icons.
PRO_ICON_SUBSTITUTES: dict[str, str] = {
    "comments-alt": "comments",
    "comment-alt": "message",
    "conveyor-belt-alt": "boxes-stacked",
    "conveyor-belt": "boxes-stacked",
    "users-class": "users",
    "analytics": "chart-line",
    "file-alt": "file-lines",
}

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Every known name (current, alias, v4 shim) mapped to its Free 6 name."""
    table: dict[str, str] = {}
    metadata = FA_ROOT / "metadata"
    with (metadata / "icons.json").open(encoding="utf-8") as handle:
        icons = json.load(handle)
    for name, data in icons.items():
        if not data.get("free"):
            continue
        table[name] = name
        for alias in (data.get("aliases") or {}).get("names", []):
            table.setdefault(alias, name)
    with (metadata / "shims.json").open(encoding="utf-8") as handle:
        for old, _prefix, new in json.load(handle):
            if new and new in table:
                table.setdefault(old, table[new])
    for old, new in PRO_ICON_SUBSTITUTES.items():
        table.setdefault(old, new)
    return table


_FREE_NAME = re.compile(r"[a-z0-9-]+")


def resolve_icon(name: str) -> str | None:
    """The Free 6 name for *name* (``fa-``/``fas `` prefixes allowed), or None.

    A name with an SVG of its own is a Free 6 name (the alias table maps every such file
    to itself): it needs no alias table, which takes a 4 MB JSON file to load.
    """
    cleaned = name.strip().lower()
    cleaned = re.sub(r"^(fa[srlbd]?\s+)?(fa-)?", "", cleaned)
    if _FREE_NAME.fullmatch(cleaned) and _svg_source(cleaned) is not None:
        return cleaned
    return _aliases().get(cleaned)


@lru_cache(maxsize=512)
def _svg_source(name: str) -> tuple[str, str] | None:
    for style in STYLES:
        path = FA_ROOT / "svgs" / style / f"{name}.svg"
        if path.is_file():
            text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
            match = _VIEWBOX.search(text)
            inner = _SVG_OPEN.sub("", text, count=1).replace("</svg>", "")
            return (match.group(1) if match else "0 0 512 512"), inner.strip()
    return None


def icon_svg(name: str, *, label: str | None = None, css_class: str = "cx-icon") -> str | None:
    """Inline SVG markup for icon *name*, or None when the set has no such icon.

    With *label* the icon is announced (``role="img"`` and a ``<title>``); without it
    the icon is decorative and hidden from assistive technology.
    """
    resolved = resolve_icon(name)
    source = _svg_source(resolved) if resolved else None
    if source is None:
        return None
    view_box, inner = source
    classes = f"{css_class} {css_class}--{resolved}"
    if label:
        a11y = f'role="img" aria-label="{escape(label)}"'
        inner = f"<title>{escape(label)}</title>{inner}"
    else:
        a11y = 'aria-hidden="true"'
    return (
        f'<svg class="{classes}" xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" '
        f'width="1em" height="1em" fill="currentColor" focusable="false" {a11y}>'
        f"{inner}</svg>"
    )


def icon_node(
    name: str, *, label: str | None = None, css_class: str = "cx-icon"
) -> nodes.raw | None:
    """A standard ``raw`` HTML node holding the icon (other writers skip raw HTML)."""
    markup = icon_svg(name, label=label, css_class=css_class)
    if markup is None:
        return None
    return nodes.raw("", markup, format="html")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Icons have no events of their own; other modules call :func:`icon_node`."""
    return {"parallel_read_safe": True, "parallel_write_safe": True}
