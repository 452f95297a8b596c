"""Pointing the handbook at a Hugo site: ``make html SRCDIR=path/to/site/content``.

When the source folder is a Hugo content folder (:func:`..sources.hugo_site.find_hugo_site`),
the build takes the site as Hugo would:

* the home page is ``content/_index.md`` when the folder has no ``index.md``
  (``root_doc`` becomes ``_index``, with an info message);
* site data (:mod:`.data`) is read from ``data/`` beside ``content/`` when the source
  folder has no ``handbook_data_dir`` of its own;
* images and files are on the site's ``params.cdnurl`` (``handbook_hugo_cdn_url``);
* drafts and expired pages are left out as Hugo leaves them out, unless the site's
  ``buildDrafts`` / ``buildExpired`` (or ``handbook_build_drafts`` /
  ``handbook_build_expired`` in conf.py) publish them;
* MyST's "non-consecutive header level" warning is off: Hugo pages skip levels under
  their title, and the built page nests them without a gap (:func:`quiet_heading_levels`);
* the site's ``baseURL`` becomes ``html_baseurl`` (the address the site is published at:
  canonical links, sitemap, the 404 page) unless ``handbook_hugo_use_baseurl = False``.

A source folder without a home page at all stops the build at once with what to do,
not with Sphinx's "unable to load the master document" after reading every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ..core.warnings import LOGGER, info
from ..sources.hugo_site import HUGO_HOME, HugoConfig, HugoSite, find_hugo_site
from ..sources.shortcode_syntax import DEFAULT_CDN_URL

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def get_hugo_site(app: Sphinx) -> HugoSite | None:
    """The Hugo site around the source folder (found once per application), or None."""
    if not hasattr(app, "_cx_hugo_site"):
        app._cx_hugo_site = find_hugo_site(Path(app.srcdir))
    return app._cx_hugo_site


def hugo_config(app: Sphinx) -> HugoConfig:
    """The Hugo site's configuration (Hugo's defaults when there is none)."""
    site = get_hugo_site(app)
    return site.config if site is not None else HugoConfig()


def _has_page(srcdir: Path, docname: str, suffixes: object) -> bool:
    return any((srcdir / f"{docname}{suffix}").is_file() for suffix in suffixes)  # type: ignore[attr-defined]


def choose_home_page(app: Sphinx, config: Config) -> None:
    """``content/_index.md`` is the home page of a Hugo content folder without ``index.md``."""
    srcdir = Path(app.srcdir)
    suffixes = list(config.source_suffix)
    if _has_page(srcdir, config.root_doc, suffixes):
        return
    if _has_page(srcdir, HUGO_HOME, suffixes):
        info(f"{srcdir}: no {config.root_doc}.md, so Hugo's home page {HUGO_HOME}.md is the root")
        config.root_doc = HUGO_HOME
        return
    # Sphinx reports any exception with its traceback; this is the writer's mistake, so
    # the build stops with the one line that says what to do (exit status 2).
    LOGGER.error(
        f"{srcdir}: this source folder has no home page: neither {config.root_doc}.md nor "
        f"Hugo's {HUGO_HOME}.md is there. Point SRCDIR at the folder holding the home page "
        "(a Hugo site's content/ folder), or set root_doc in conf.py"
    )
    raise SystemExit(2)


def use_hugo_base_url(app: Sphinx, config: Config) -> None:
    """The Hugo site's ``baseURL`` is where the built site is published."""
    base_url = hugo_config(app).base_url
    if not base_url or not config.handbook_hugo_use_baseurl:
        return
    base_url = base_url if base_url.endswith("/") else f"{base_url}/"
    old_prefix = urlparse(config.html_baseurl or "").path or "/"
    config.html_baseurl = base_url
    # conf.py derives the 404 page's prefix from html_baseurl: follow it.
    if getattr(config, "notfound_urls_prefix", None) == old_prefix:
        config.notfound_urls_prefix = urlparse(base_url).path or "/"


def use_hugo_cdn_url(app: Sphinx, config: Config) -> None:
    """Images and files are on the site's own CDN (``params.cdnurl``), unless conf.py says."""
    cdn_url = hugo_config(app).cdn_url
    if cdn_url and config.handbook_hugo_cdn_url == DEFAULT_CDN_URL:
        config.handbook_hugo_cdn_url = cdn_url


def follow_hugo_build_options(app: Sphinx, config: Config) -> None:
    """``buildDrafts: true`` / ``buildExpired: true`` in config.yml publish those pages too."""
    hugo = hugo_config(app)
    if hugo.build_drafts:
        config.handbook_build_drafts = True
    if hugo.build_expired:
        config.handbook_build_expired = True


#: MyST's warning for a heading that skips a level (``# Title`` then ``### Part``).
HEADING_LEVEL_WARNING = "myst.header"


def quiet_heading_levels(app: Sphinx, config: Config) -> None:
    """A Hugo site's pages skip heading levels as Hugo allows; the output never does.

    Hugo shows the title as the page's ``<h1>`` and the body's headings as written, so
    ``### Part`` under the title is common. Sphinx nests each heading one level below
    the one before it, so the built page has ``<h2>`` there and no gap: the warning
    would tell the writer of nothing a reader meets.
    """
    if get_hugo_site(app) is not None and HEADING_LEVEL_WARNING not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, HEADING_LEVEL_WARNING]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Take a Hugo content folder's home page and address before anything reads them."""
    app.add_config_value("handbook_hugo_use_baseurl", True, "env", types=frozenset({bool}))
    # After Sphinx merged every extension's source suffix (800), before drafts (900).
    app.connect("config-inited", choose_home_page, priority=850)
    app.connect("config-inited", use_hugo_base_url, priority=100)
    app.connect("config-inited", use_hugo_cdn_url, priority=100)
    # Before drafts and expired pages are left out (model.siteindex, 900).
    app.connect("config-inited", follow_hugo_build_options, priority=100)
    app.connect("config-inited", quiet_heading_levels, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
