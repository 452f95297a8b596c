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
  already the file's name;
* ``url: /services/data-gov/`` (Hugo serves the page there) → a redirect like an alias;
* in a Hugo site, the URL Hugo would serve every page at: ``/news/first-post/``, a
  section's ``/news/``, the home page ``/`` (``index.html``), or the section's
  ``permalinks`` pattern from ``config.yml`` (``/2024/03/01/first-post/``), so links
  into the old site keep working;
* ``redirectto: <URL or page>`` → the page itself sends its reader there at once
  (``<meta http-equiv="refresh">``), an address under the site's ``baseURL`` to the page
  of this site when there is one.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import TYPE_CHECKING, Any

from ..core.warnings import WarningKind, warn
from ..model.hugo import get_hugo_site, hugo_config
from ..model.links import find_page
from ..model.page import FrontMatter, get_front_matter, is_unsafe_url
from .sections import SECTION_PAGE, is_section_page

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
    # Hugo ignores ``slug`` on a section's (or taxonomy term's) ``_index`` page.
    if not slug or slug == posixpath.basename(docname) or is_section_page(docname):
        return []
    base = posixpath.join(folder, slug) if folder else slug
    return [base, f"{base}/index"]


def permalink_path(docname: str, model: FrontMatter, pattern: str) -> str | None:
    """The path Hugo's ``permalinks`` *pattern* gives the page (None: a part is unknown).

    ``news: ":year/:month/:day/:slug/"`` → ``2024/03/01/first-post``; ``:slug`` is the
    page's ``slug``, else its file name (as Hugo falls back), ``:section`` the folder.
    """
    stem = posixpath.basename(docname)
    parts = {
        ":slug": (model.slug or stem).strip("/"),
        ":filename": stem,
        ":section": docname.split("/", 1)[0],
        ":title": stem,
    }
    if model.date is not None:
        parts.update(
            {
                ":year": f"{model.date.year:04d}",
                ":month": f"{model.date.month:02d}",
                ":day": f"{model.date.day:02d}",
            }
        )
    path = pattern
    for token in sorted(re.findall(r":[a-z]+", pattern), key=len, reverse=True):
        if token not in parts:
            return None
        path = path.replace(token, parts[token])
    return path.strip("/") or None


def hugo_sources(docname: str, model: FrontMatter, permalinks: dict[str, str]) -> list[str]:
    """The redirect names for the URL Hugo serves the page at (its "pretty" folder URL).

    ``news/first-post`` is at ``/news/first-post/`` (``news/first-post/index.html``), a
    section's ``news/_index`` at ``/news/``, the home page ``_index`` at ``/``; a section
    in ``config.yml``'s ``permalinks`` at its pattern's path.
    """
    folder, stem = posixpath.split(docname)
    if stem == SECTION_PAGE:
        return [f"{folder}/index" if folder else "index"]
    if stem == "index" or model.url:
        return []  # a folder's index is at the folder already; ``url`` is its own redirect
    section = docname.split("/", 1)[0] if folder else ""
    pattern = permalinks.get(section)
    if pattern:
        path = permalink_path(docname, model, pattern)
        return [f"{path}/index"] if path else []
    slug = (model.slug or "").strip().strip("/")
    return [f"{posixpath.join(folder, slug) if slug else docname}/index"]


def page_redirects(
    env: BuildEnvironment, permalinks: dict[str, str] | None = None
) -> dict[str, str]:
    """Redirect source → docname, from every page's ``slug``, ``aliases`` and ``url``.

    With *permalinks* (a Hugo site's ``config.yml``), also from the URL Hugo serves each
    page at, without a warning when that URL is already a page of the site.
    """
    result: dict[str, str] = {}
    hugo = permalinks is not None
    for docname in sorted(env.all_docs):
        model = get_front_matter(env, docname)
        section = docname.split("/", 1)[0] if "/" in docname else ""
        wanted: list[tuple[str, int | None, bool]] = []
        if not (hugo and section in (permalinks or {})):
            line = model.key_line("slug")
            wanted += [(s, line, True) for s in slug_sources(docname, model.slug or "")]
        for position, alias in enumerate(model.aliases):
            line = model.key_line("aliases", position)
            wanted += [(s, line, True) for s in alias_sources(alias)]
        if model.url and not re.match(r"^[a-z][a-z0-9+.-]*:", model.url, re.I):
            wanted += [(s, model.key_line("url"), True) for s in alias_sources(model.url)]
        if hugo:
            wanted += [(s, None, False) for s in hugo_sources(docname, model, permalinks or {})]
        for source, line, written in wanted:
            own_folder = not written and source.removesuffix("/index") == docname
            if source in env.all_docs or (
                source.removesuffix("/index") in env.all_docs and not own_folder
            ):
                if written and source.removesuffix("/index") != docname:
                    warn(
                        WarningKind.REDIRECT,
                        f"old URL '{source}' is a page of this site; no redirect written. "
                        "Remove the alias or rename one of the pages",
                        (docname, line),
                    )
                continue
            if result.get(source, docname) != docname:
                if written:
                    warn(
                        WarningKind.REDIRECT,
                        f"old URL '{source}' is also claimed by '{result[source]}'; "
                        "it keeps redirecting there. Remove one of the aliases",
                        (docname, line),
                    )
                continue
            result[source] = docname
    return result


def redirect_target(app: Sphinx, pagename: str, target: str) -> str:
    """Where a ``redirectto`` sends the reader: a page of this site, or the URL as written.

    An address under the Hugo site's ``baseURL`` (``https://digital.gov/topics/mobile/``)
    is a page of this site when the site has it.
    """
    target = target.strip()
    path = target
    base = hugo_config(app).base_url.rstrip("/")
    if base and target.startswith(base):
        path = target[len(base) :] or "/"
    elif re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
        return target
    docname = find_page(app.env, pagename, path)
    return target if docname is None else app.builder.get_relative_uri(pagename, docname)


def _refresh_moved_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A page with ``redirectto`` sends its reader on at once (its text stays for the rest)."""
    model = get_front_matter(app.env, pagename)
    if not model.redirectto or is_unsafe_url(model.redirectto):
        return
    url = html.escape(redirect_target(app, pagename, model.redirectto), quote=True)
    tag = f'<meta http-equiv="refresh" content="0; url={url}">\n'
    context["metatags"] = context.get("metatags", "") + tag


def _feed_reredirects(app: Sphinx) -> list[object]:
    env = app.env
    own = dict(app.config.redirects or {})
    permalinks = hugo_config(app).permalinks if get_hugo_site(app) is not None else None
    # Relative targets: sphinx-reredirects would turn "/x.html" from a top-level
    # source into a root-absolute URL, which breaks sites not served at the root.
    generated = {
        source: posixpath.relpath(
            app.builder.get_target_uri(docname), posixpath.dirname(source) or "."
        )
        for source, docname in page_redirects(env, permalinks).items()
        if source not in own
    }
    app.config.redirects = {**generated, **own}
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load sphinx-reredirects and feed it the pages' old URLs."""
    app.setup_extension("sphinx_reredirects")
    app.connect("html-collect-pages", _feed_reredirects, priority=400)
    app.connect("html-page-context", _refresh_moved_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
