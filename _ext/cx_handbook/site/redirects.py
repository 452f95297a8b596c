"""Old URLs keep working: ``slug`` and ``aliases`` become redirect pages.

The redirect pages are written by sphinx-reredirects (pinned). It reads its
``redirects`` setting when HTML pages are collected (``html-collect-pages``), after
every page has been read, so this module fills the setting from all pages' front
matter just before (priority 400 < 500) and never touches ``conf.py``'s own entries,
which win on conflict. The setting is changed only in the write phase, so the saved
environment never sees it and incremental builds are not invalidated.

* ``aliases: [/resources/customer-experience-toolkit/]`` → the redirect page
  ``resources/customer-experience-toolkit/index.html`` (what a server returns for
  that folder URL), as Hugo writes aliases;
* ``slug: customer-experience-toolkit`` on ``toolkit/ct.md`` → the page's old name in
  its folder: ``toolkit/customer-experience-toolkit.html`` and
  ``toolkit/customer-experience-toolkit/index.html``; no redirect when the slug is
  already the file's name.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..core.warnings import WarningKind, warn
from ..model.page import get_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def alias_sources(alias: str) -> list[str]:
    """``/a/b/`` (or ``a/b``, ``/a/b.html``) → the redirect's output name(s) without suffix."""
    path = alias.strip().split("#")[0].split("?")[0].strip("/")
    if not path:
        return []
    if path.endswith(".html"):
        return [path.removesuffix(".html")]
    return [f"{path}/index"]


def slug_sources(docname: str, slug: str) -> list[str]:
    """The old names a page had under *slug* in its own folder."""
    slug = slug.strip().strip("/")
    folder = posixpath.dirname(docname)
    if not slug or slug == posixpath.basename(docname):
        return []
    base = posixpath.join(folder, slug) if folder else slug
    return [base, f"{base}/index"]


def page_redirects(env: BuildEnvironment) -> dict[str, str]:
    """Redirect source → docname, from every page's ``slug`` and ``aliases``."""
    result: dict[str, str] = {}
    for docname in sorted(env.all_docs):
        model = get_front_matter(env, docname)
        wanted = [(s, model.key_line("slug")) for s in slug_sources(docname, model.slug or "")]
        for position, alias in enumerate(model.aliases):
            line = model.key_line("aliases", position)
            wanted += [(s, line) for s in alias_sources(alias)]
        for source, line in wanted:
            if source in env.all_docs or source.removesuffix("/index") in env.all_docs:
                if source.removesuffix("/index") != docname:
                    warn(
                        WarningKind.REDIRECT,
                        f"old URL '{source}' is a page of this site; no redirect written. "
                        "Remove the alias or rename one of the pages",
                        (docname, line),
                    )
                continue
            if result.get(source, docname) != docname:
                warn(
                    WarningKind.REDIRECT,
                    f"old URL '{source}' is also claimed by '{result[source]}'; "
                    "it keeps redirecting there. Remove one of the aliases",
                    (docname, line),
                )
                continue
            result[source] = docname
    return result


def _feed_reredirects(app: Sphinx) -> list[object]:
    env = app.env
    own = dict(app.config.redirects or {})
    # Relative targets: sphinx-reredirects would turn "/x.html" from a top-level
    # source into a root-absolute URL, which breaks sites not served at the root.
    generated = {
        source: posixpath.relpath(
            app.builder.get_target_uri(docname), posixpath.dirname(source) or "."
        )
        for source, docname in page_redirects(env).items()
        if source not in own
    }
    app.config.redirects = {**generated, **own}
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load sphinx-reredirects and feed it the pages' old URLs."""
    app.setup_extension("sphinx_reredirects")
    app.connect("html-collect-pages", _feed_reredirects, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
