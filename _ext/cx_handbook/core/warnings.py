"""Typed warnings for the handbook's extensions.

Every warning our code emits goes through :func:`warn`, so that it

* names the file and line (a ``(docname, line)`` location or a node),
* carries a kind, ``handbook.<kind>``, that a site owner can silence in ``conf.py``
  with ``suppress_warnings = ["handbook.<kind>"]``,
* says what to do about it (the message should end with the fix).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

LOGGER = logging.getLogger("cx_handbook")
WARNING_TYPE = "handbook"


class WarningKind(StrEnum):
    """The kinds of warning our extensions emit (``handbook.<value>``)."""

    FRONTMATTER = "frontmatter"
    """A front-matter value is malformed, of the wrong type or out of range."""
    FRONTMATTER_UNKNOWN_KEY = "frontmatter_unknown_key"
    """A front-matter key the handbook does not know (kept, but unused)."""
    YAML = "yaml"
    """The front matter is not valid YAML."""
    UNSAFE_URL = "unsafe_url"
    """A ``javascript:``, ``data:`` or ``vbscript:`` URL was refused."""
    ICON = "icon"
    """An icon name that the bundled icon set does not have."""
    TOPIC = "topic"
    """A topic slug with no entry in ``_data/topics.yml``."""
    AUTHOR = "author"
    """An author slug with no entry in ``_data/authors.yml``."""
    TIMELINE = "timeline"
    """A timeline could not be built as written."""
    RESOURCE = "resource"
    """A resource annotation looks wrong (an ``.html`` URL marked PDF, say)."""
    SHORTCODE = "shortcode"
    """A Hugo shortcode that is unknown or malformed."""
    REF = "ref"
    """A Hugo ``ref``/``relref`` or a site link (``/work/``) whose target is not in the project."""
    MARKDOWN = "markdown"
    """Broken Markdown repaired or reported (``[a]([b](url))``, ``htps://``)."""
    IMAGE = "image"
    """An image that is not available locally."""
    RAW_HTML = "raw_html"
    """Raw HTML that lost a script, an event handler or a script URL to the sanitiser."""
    PDF = "pdf"
    """A problem while building the PDF handbook."""
    CTA = "cta"
    """A call to action that cannot be a link (no URL given)."""
    REDIRECT = "redirect"
    """A ``slug`` or ``aliases`` entry that cannot become a redirect page."""
    NO_TITLE = "no_title"
    """A page without a title: readers and screen readers get one made from its file name."""
    TRANSLATION = "translation"
    """A message catalog (``.po``) that cannot be compiled, or a translation problem."""


def warn(
    kind: WarningKind,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None = None,
    **kwargs: Any,
) -> None:
    """Emit a ``handbook.<kind>`` warning at *location* (a node or ``(docname, line)``)."""
    LOGGER.warning(message, type=WARNING_TYPE, subtype=kind.value, location=location, **kwargs)


def info(message: str, location: nodes.Node | tuple[str, int | None] | str | None = None) -> None:
    """Log an informational message (shown by default, never an error under ``-W``)."""
    LOGGER.info(message, location=location)
