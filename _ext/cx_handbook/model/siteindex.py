"""Every page's front matter, known before any page is read.

Site-level behaviour needs to know about *other* pages before a page is read: a
toctree sorts its children by their ``order``, drafts must be left out before Sphinx
looks for files, topic pages must exist before the toctree that lists them is read.
So the source files' front matter is scanned up front through the one read per file
stamp of :func:`~cx_handbook.model.page.read_page_file` (YAML only, no Markdown
parsing; the models are the very ones ``source-read`` later hands to
:func:`~cx_handbook.model.page.get_front_matter`, and its problems are reported there):

* at ``config-inited`` drafts and expired pages are added to ``exclude_patterns``
  (an info message names each file), so Sphinx never reads them; this reads every
  file whose stamp changed since the last build;
* at ``env-get-outdated`` (every build, after Sphinx found the files) the index is
  stored as ``env.cx_site_index`` for the directives and the toctree, from the same
  reads (no file is parsed again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.project import Project

from ..core.warnings import info
from .page import FrontMatter, empty_front_matter, read_page_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


@dataclass
class SiteIndex:
    """The front matter of every page Sphinx will build, plus the pages left out."""

    pages: dict[str, FrontMatter] = field(default_factory=dict)
    #: docname → why it is left out ("a draft", "expired on 2025-01-01")
    excluded: dict[str, str] = field(default_factory=dict)

    def get(self, docname: str) -> FrontMatter:
        """The page's scanned front matter (empty for unknown pages)."""
        return self.pages.get(docname) or empty_front_matter()


def exclusion_reason(model: FrontMatter, config: Config, now: datetime) -> str | None:
    """Why a page stays out of the build (``draft: true``, past ``expirydate``), or None."""
    if model.draft and not config.handbook_build_drafts:
        return "it is a draft (draft: true)"
    if model.is_expired(now) and not config.handbook_build_expired:
        expiry = model.expirydate.date().isoformat() if model.expirydate else "?"
        return f"it expired on {expiry} (expirydate)"
    return None


def _discover(app: Sphinx, config: Config) -> Project:
    project = Project(app.srcdir, config.source_suffix)
    project.discover([*config.exclude_patterns, *config.templates_path], config.include_patterns)
    return project


def _exclude_drafts(app: Sphinx, config: Config) -> None:
    """Leave drafts and expired pages out of the build, with an info message each."""
    project = _discover(app, config)
    now = datetime.now(UTC)
    for docname in sorted(project.docnames):
        path = Path(project.doc2path(docname, absolute=True))
        reason = exclusion_reason(read_page_file(app, path).model, config, now)
        if reason is None:
            continue
        relative = str(project.doc2path(docname, absolute=False))
        # A new list: the value may be Sphinx's shared default, kept across applications.
        config.exclude_patterns = [*config.exclude_patterns, relative]
        app._cx_excluded_paths = {**getattr(app, "_cx_excluded_paths", {}), str(path): reason}
        app._cx_excluded = {**getattr(app, "_cx_excluded", {}), docname: reason}


def _report_excluded(app: Sphinx) -> None:
    """One info message per page left out (logged once the environment exists)."""
    for path, reason in getattr(app, "_cx_excluded_paths", {}).items():
        # The page is not a document of the build, so the message starts with its path.
        info(
            f"{path}: left out of the build because {reason}; remove the key (or set "
            "handbook_build_drafts / handbook_build_expired in conf.py) to publish it"
        )


def scan_site(app: Sphinx, env: BuildEnvironment) -> SiteIndex:
    """Read the front matter of every page Sphinx found (real files only)."""
    index = SiteIndex(excluded=dict(getattr(app, "_cx_excluded", {})))
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        index.pages[docname] = read_page_file(app, path).model
    return index


def get_site_index(env: BuildEnvironment) -> SiteIndex:
    """The index made at the start of this build (empty before)."""
    return getattr(env, "cx_site_index", None) or SiteIndex()


@dataclass(frozen=True)
class DocChanges:
    """The docnames Sphinx found added, changed and removed, before it reads.

    The sets are Sphinx's own (``env-get-outdated``): a handler may add to them (a
    page to read) or discard from them.
    """

    added: set[str]
    changed: set[str]
    removed: set[str]


BeforeRead = Callable[["Sphinx", "BuildEnvironment", DocChanges], "list[str] | None"]
SCAN_PRIORITY = 100


def connect_before_read(app: Sphinx, handler: BeforeRead, *, priority: int) -> None:
    """Run *handler* at ``env-get-outdated``, in *priority* order; it returns pages to re-read.

    Handlers with a *priority* above :data:`SCAN_PRIORITY` run after the scan, so
    :func:`get_site_index` is this build's index; one below it runs first (to drop a
    cache from the previous build).
    """

    def on_get_outdated(
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        return list(handler(app, env, DocChanges(added, changed, removed)) or [])

    app.connect("env-get-outdated", on_get_outdated, priority=priority)


def _scan(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> None:
    env.cx_site_index = scan_site(app, env)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Scan front matter before reading; leave drafts and expired pages out."""
    app.add_config_value("handbook_build_drafts", False, "env", types=frozenset({bool}))
    app.add_config_value("handbook_build_expired", False, "env", types=frozenset({bool}))
    # After Sphinx merged every extension's source suffix (priority 800).
    app.connect("config-inited", _exclude_drafts, priority=900)
    app.connect("builder-inited", _report_excluded)
    # First among env-get-outdated handlers: topics and ordering read the index.
    connect_before_read(app, _scan, priority=SCAN_PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
