"""Site-owner settings (organisation, subtitle, logo) and furo customisation from outside.

The values are read from ``conf.py``; templates receive them as ``handbook_*``
context variables, so ``_templates/`` partials never hard-code an organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.assets import add_stylesheet

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SITE_SETTINGS: dict[str, tuple[Any, str]] = {
    "handbook_organization": ("", "The organisation publishing the handbook."),
    "handbook_subtitle": ("", "A one-line subtitle for the cover and home page."),
    "handbook_logo": ("", "Path (relative to conf.py) of the organisation's logo."),
}


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for name in SITE_SETTINGS:
        context[name] = app.config[name]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the site-owner settings and the handbook's base stylesheet."""
    for name, (default, _help) in SITE_SETTINGS.items():
        app.add_config_value(name, default, "html", types=frozenset({str}))
    app.connect("html-page-context", _page_context)
    add_stylesheet(app, "cx-theme.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
