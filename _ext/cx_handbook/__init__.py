"""The CX Handbook's Sphinx extensions.

One module per capability, each with its own ``setup()``; this ``setup()`` only wires
them together. Add a capability by appending its module to :data:`CAPABILITIES`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Capability modules, in the order their ``setup()`` runs.
CAPABILITIES: tuple[str, ...] = (
    "assets",
    "checks",
    "data",
    "frontmatter",
    "icons",
    "navigation",
    "resources",
    "pdf",
    "theme",
    "links",
    "cta",
    "hero",
    "meta",
    "shortcodes",
    "hugo_refs",
    "markdown_repair",
    "raw_html",
    "timeline",
    "siteindex",
    "topics",
    "ordering",
    "listings",
    "cards",
    "redirects",
    "a11y",
    "findable",
)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Set up every capability module and declare the whole extension's safety."""
    read_safe = write_safe = True
    for name in CAPABILITIES:
        metadata = import_module(f"{__name__}.{name}").setup(app) or {}
        read_safe &= bool(metadata.get("parallel_read_safe", False))
        write_safe &= bool(metadata.get("parallel_write_safe", False))
    return {
        "version": __version__,
        "env_version": 2,  # 2: front-matter key lines moved into the model
        "parallel_read_safe": read_safe,
        "parallel_write_safe": write_safe,
    }
