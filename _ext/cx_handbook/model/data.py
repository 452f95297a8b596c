"""Site data files: ``_data/authors.yml`` and ``_data/topics.yml`` (digital.gov's shapes).

The folder is ``handbook_data_dir`` in ``conf.py`` (relative to the source folder,
``_data`` by default); a Hugo site's ``data/`` beside ``content/`` when the source
folder has none (:mod:`.hugo`). Missing files are fine: bylines then show slugs and
topic pages a title made from the slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..sources.hugo_site import HUGO_HOME as HUGO_TERM_PAGE
from .hugo import get_hugo_site, hugo_config
from .page import FrontMatter, clean_text, read_page_file
from .siteindex import SCAN_PRIORITY, connect_before_read

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


@dataclass(frozen=True)
class Author:
    """A person credited in bylines."""

    slug: str
    display_name: str
    agency: str = ""
    #: the author's own page (a Hugo term page ``authors/<slug>/_index``), if any
    docname: str | None = None


@dataclass(frozen=True)
class Topic:
    """A topic pages can be filed under."""

    slug: str
    title: str
    summary: str = ""
    deck: str = ""
    #: the topic's own page (a Hugo term page ``topics/<slug>/_index``), if any
    docname: str | None = None


@dataclass(frozen=True)
class SiteData:
    """Authors and topics known to the site, keyed by slug."""

    authors: dict[str, Author]
    topics: dict[str, Topic]
    #: a topic's old names → its slug (the ``aliases`` of a Hugo term page)
    topic_aliases: dict[str, str] = field(default_factory=dict)

    def author(self, slug: str) -> Author | None:
        """The author with *slug*, or None."""
        return self.authors.get(slug)

    def topic(self, slug: str) -> Topic | None:
        """The topic with *slug* (or with an old name of it), or None."""
        return self.topics.get(self.topic_slug(slug))

    def topic_slug(self, slug: str) -> str:
        """The topic's own slug: *slug*, or the topic whose term page has it as an alias."""
        return slug if slug in self.topics else self.topic_aliases.get(slug, slug)


def _load_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def load_site_data(data_dir: Path) -> SiteData:
    """Read ``authors.yml`` and ``topics.yml`` from *data_dir* (either may be absent)."""
    authors = {
        str(slug): Author(
            slug=str(slug),
            display_name=clean_text((entry or {}).get("display_name")) or str(slug),
            agency=clean_text((entry or {}).get("agency_full_name")) or "",
        )
        for slug, entry in _load_yaml(data_dir / "authors.yml").items()
    }
    topics = {
        str(slug): Topic(
            slug=str(slug),
            title=clean_text((entry or {}).get("title")) or title_from_slug(str(slug)),
            summary=clean_text((entry or {}).get("summary")) or "",
            deck=clean_text((entry or {}).get("deck")) or "",
        )
        for slug, entry in _load_yaml(data_dir / "topics.yml").items()
    }
    return SiteData(authors, topics)


def title_from_slug(slug: str) -> str:
    """``customer-experience`` → ``Customer experience``."""
    words = slug.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize() or slug


def data_dir(app: Sphinx) -> Path:
    """The site's data folder: ``handbook_data_dir``, else a Hugo site's ``data/``."""
    own = Path(app.srcdir) / app.config.handbook_data_dir
    site = get_hugo_site(app)
    if not own.is_dir() and site is not None and site.data_dir is not None:
        return site.data_dir
    return own


def term_folder(app: Sphinx, taxonomy: str, default: str) -> str:
    """The content folder of a Hugo taxonomy's term pages (``config.yml`` ``taxonomies``)."""
    return hugo_config(app).taxonomies.get(taxonomy, default)


def term_pages(app: Sphinx, folder: str) -> dict[str, tuple[str, FrontMatter]]:
    """Hugo taxonomy term pages ``<folder>/<term>/_index.md``: term → (docname, front matter).

    Read through the one front-matter cache; a term page left out of the build (expired)
    still names its term, it only has no page to link to.
    """
    root = Path(app.srcdir) / folder
    terms: dict[str, tuple[str, FrontMatter]] = {}
    if not root.is_dir():
        return terms
    for path in sorted(root.glob(f"*/{HUGO_TERM_PAGE}.md")):
        docname = f"{folder}/{path.parent.name}/{HUGO_TERM_PAGE}"
        terms[path.parent.name] = (docname, read_page_file(app, path).model)
    return terms


def _with_term_pages(app: Sphinx, data: SiteData) -> SiteData:
    """Authors and topics named by the site's own term pages, over the data files."""
    excluded = set(getattr(app, "_cx_excluded", {}))
    topics = dict(data.topics)
    aliases: dict[str, str] = {}
    folder = term_folder(app, "topic", "topics")
    for slug, (docname, model) in term_pages(app, folder).items():
        for alias in model.aliases:
            parts = alias.strip("/").split("/")
            if len(parts) == 2 and parts[0] == folder and parts[1] != slug:
                aliases.setdefault(parts[1], slug)
        known = topics.get(slug)
        topics[slug] = Topic(
            slug=slug,
            title=model.title or (known.title if known else title_from_slug(slug)),
            summary=model.summary or (known.summary if known else ""),
            deck=model.deck or (known.deck if known else ""),
            docname=None if docname in excluded else docname,
        )
    authors = dict(data.authors)
    for slug, (docname, model) in term_pages(app, term_folder(app, "author", "authors")).items():
        known = authors.get(slug)
        authors[slug] = Author(
            slug=slug,
            display_name=model.person_name or (known.display_name if known else slug),
            agency=model.agency_full_name or model.agency or (known.agency if known else ""),
            docname=None if docname in excluded else docname,
        )
    aliases = {old: new for old, new in aliases.items() if old not in topics}
    return SiteData(authors, topics, aliases)


def get_site_data(app: Sphinx) -> SiteData:
    """The site's data, read once per build (an edited file is read again next build).

    The data files, and a Hugo site's taxonomy term pages (``topics/<slug>/_index.md``,
    ``authors/<slug>/_index.md``), which name their topic or author and win over the files.
    """
    cached: SiteData | None = getattr(app, "_cx_site_data", None)
    if cached is None:
        cached = _with_term_pages(app, load_site_data(data_dir(app)))
        app._cx_site_data = cached
    return cached


def site_data_of(env: BuildEnvironment) -> SiteData:
    """The site data of this build, kept on the environment (for code without the app)."""
    data: SiteData | None = getattr(env, "cx_site_data", None)
    return data if data is not None else SiteData({}, {})


def _keep_on_env(app: Sphinx, env: BuildEnvironment, docs: object) -> None:
    env.cx_site_data = get_site_data(app)


def _forget_site_data(app: Sphinx, *args: object) -> None:
    """Drop the cached data, so this build reads the files as they are now."""
    app._cx_site_data = None


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``handbook_data_dir``; read the data files afresh for every build."""
    app.add_config_value("handbook_data_dir", "_data", "env", types=frozenset({str}))
    app.connect("builder-inited", _forget_site_data)
    # Every build of a reused app (sphinx.testing, a live preview) starts its read at
    # env-get-outdated, where topic pages are made from topics.yml: forget before that.
    connect_before_read(app, _forget_site_data, priority=0)
    connect_before_read(app, _keep_on_env, priority=SCAN_PRIORITY + 1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
