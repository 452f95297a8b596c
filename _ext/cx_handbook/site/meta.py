"""Meta description and OpenGraph tags from front matter, through sphinxext-opengraph.

sphinxext-opengraph writes ``og:title``, ``og:type``, ``og:url`` (from
``ogp_site_url``, which defaults here to ``html_baseurl``) and ``og:description``.
By itself it derives the description from the page's first paragraphs; we hand it
the page's lead (``description``, ``summary`` or ``deck``) instead, through its
documented per-page override (an ``og:description`` page-metadata field), and
write ``<meta name="description">`` ourselves so it says the same thing (the
extension then leaves it alone). Dated pages are ``og:type = article``.
"""

from __future__ import annotations

import contextlib
import io
from html import escape
from typing import TYPE_CHECKING, Any

from ..model.page import get_front_matter

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

TWITTER_CARD = '<meta name="twitter:card" content="summary" />'


def _default_site_url(app: Sphinx, config: Config) -> None:
    if not config.ogp_site_url and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl


def _page_metadata(app: Sphinx, doctree: nodes.document) -> None:
    # Runs after Sphinx's MetadataCollector has filled env.metadata for the page.
    docname = app.env.current_document.docname
    matter = get_front_matter(app.env, docname)
    metadata = app.env.metadata[docname]
    if matter.lead:
        # sphinxext-opengraph only escapes quotes; escape the rest as its own
        # description parser does.
        metadata["og:description"] = escape(matter.lead, quote=False)
    if matter.date is not None:
        metadata.setdefault("og:type", "article")


def _meta_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Before sphinxext-opengraph (priority 500), which skips its own description
    # when the page already has one.
    if doctree is None or pagename not in app.env.all_docs:
        return
    lead = get_front_matter(app.env, pagename).lead
    tags = context.get("metatags", "")
    if lead and 'name="description"' not in tags:
        tags += f'<meta name="description" content="{escape(lead)}" />\n'
    if "twitter:card" not in tags:
        tags += TWITTER_CARD + "\n"
    context["metatags"] = tags


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load sphinxext-opengraph and feed it each page's lead."""
    # The extension print()s a note about optional social cards (matplotlib) on
    # import; we do not use them, so keep the build output clean.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", _default_site_url)
    app.connect("doctree-read", _page_metadata, priority=600)
    app.connect("html-page-context", _meta_description, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
