"""Topic pages: ``topics/<slug>`` for every topic a page is filed under, and ``topics/index``.

The pages are *virtual documents*: real Sphinx documents (searchable, in the PDF, in
navigation when ``topics/index`` is in a toctree) whose sources are generated into the
doctree folder (``<doctrees>/_cx_generated/``), never into the writer's source folder.
At ``env-get-outdated`` (after Sphinx discovered the real files, before it reads) the
generated files are registered with the project and marked added/changed/kept, so
an incremental build re-reads only a topic page whose title or summary changed; the
lists on them are placeholders filled at write time (:mod:`~cx_handbook.site.listings`).

Trade-off: ``html-collect-pages`` would be simpler but HTML-only (no search, no PDF,
no navigation); writing files into ``docs/`` would dirty the writer's checkout. This
uses ``Project``'s docname↔path mapping, an internal of Sphinx 9, through
:func:`cx_handbook.core.compat.add_generated_document` (pinned and tested); the path it
records is relative to the source folder, so no output holds the build machine's path.

A page of your own at ``topics/<slug>.md`` (or ``topics/index.md``) replaces the
generated one; put ``{topic-pages} <slug>`` in it to keep the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..core.compat import add_generated_document, set_search_filename
from ..core.i18n import gettext
from ..core.warnings import WarningKind, warn
from ..model.data import SiteData, get_site_data, term_folder, title_from_slug
from ..model.page import get_front_matter
from ..model.siteindex import DocChanges, connect_before_read, get_site_index

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

TOPICS_DIR = "topics"
GENERATED_DIR = "_cx_generated"
TOPICS_INDEX = f"{TOPICS_DIR}/index"


def topic_docname(slug: str) -> str:
    """The docname of a topic's page (the hero's tag row links here)."""
    return f"{TOPICS_DIR}/{slug}"


def topic_title(app: Sphinx, slug: str) -> str:
    """The topic's title from ``_data/topics.yml``, else one made from the slug."""
    topic = get_site_data(app).topic(slug)
    return topic.title if topic else title_from_slug(slug)


def used_topics(env: BuildEnvironment, data: SiteData | None = None) -> list[str]:
    """Every topic slug a listed (not ``weight: 0``) page is filed under, sorted.

    With the site's *data*, a topic's old name (a term page's alias) counts as the topic.
    """
    index = get_site_index(env)
    slugs = {slug for model in index.pages.values() if not model.is_hidden for slug in model.topics}
    return sorted({data.topic_slug(s) for s in slugs} if data else slugs)


def _page(app: Sphinx, front: dict[str, object], body: str) -> str:
    """A generated page; its title is its H1 whether or not MyST makes one from front matter."""
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    heading = "" if app.config.myst_title_to_header else f"# {front['title']}\n\n"
    return f"---\n{head}---\n\n{heading}{body}"


def topic_sources(app: Sphinx, slugs: list[str], *, orphan: bool = False) -> dict[str, str]:
    """The generated Markdown of each topic page and of the topics index.

    *orphan* topic pages are in no toctree (the site has its own list of topics).
    """
    sources: dict[str, str] = {}
    for slug in slugs:
        topic = get_site_data(app).topic(slug)
        front: dict[str, object] = {"title": topic_title(app, slug)}
        if orphan:
            front["orphan"] = True
        lead = topic and (topic.summary or topic.deck)
        if lead:
            front["description"] = lead
        sources[topic_docname(slug)] = _page(app, front, f"```{{topic-pages}} {slug}\n```\n")
    entries = "\n".join(slug for slug in slugs)
    sources[TOPICS_INDEX] = _page(
        app,
        {
            "title": gettext("Topics"),
            "description": gettext("Every topic the pages of this site are filed under."),
            "orphan": True,
        },
        f"```{{topic-list}}\n```\n\n```{{toctree}}\n:hidden:\n\n{entries}\n```\n",
    )
    return sources


def has_own_page(app: Sphinx, docname: str, real: set[str]) -> bool:
    """True when the site has its own page for *docname*: the file, or Hugo's term page."""
    if docname in real:
        return True
    hugo_page = f"{docname.removesuffix('/index')}/_index"
    return hugo_page in real or hugo_page in getattr(app, "_cx_excluded", {})


def _register_topic_pages(app: Sphinx, env: BuildEnvironment, docs: DocChanges) -> None:
    """Generate and register the topic pages as documents of the project.

    A topic with a Hugo term page (``topics/<slug>/_index.md``) has that page, and
    ``topics/_index.md`` is then the list of topics: neither is generated.
    """
    real = set(env.found_docs)
    own_index = has_own_page(app, TOPICS_INDEX, real)
    generated = topic_sources(app, used_topics(env, get_site_data(app)), orphan=own_index)
    sources = {d: text for d, text in generated.items() if not has_own_page(app, d, real)}
    register_generated(app, env, docs, sources, "cx_virtual_sources")


#: The environment attributes holding each kind of generated page (docname → source).
GENERATED_KINDS = ("cx_virtual_sources", "cx_virtual_sections", "cx_virtual_years")


def register_generated(
    app: Sphinx, env: BuildEnvironment, docs: DocChanges, sources: dict[str, str], kind: str
) -> None:
    """Write *sources* into the doctree folder and make each a document of the project.

    *kind* (one of :data:`GENERATED_KINDS`) keeps this build's sources on the
    environment, so the next build re-reads only a page whose source changed.
    """
    previous: dict[str, str] = getattr(env, kind, {})
    folder = Path(app.doctreedir) / GENERATED_DIR
    for docname, text in sources.items():
        path = folder / f"{docname}.md"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        add_generated_document(env.project, docname, path)
        docs.removed.discard(docname)
        if docname not in env.all_docs:
            docs.added.add(docname)
        elif previous.get(docname) != text:
            docs.changed.add(docname)
    setattr(env, kind, sources)


def generated_pages(env: BuildEnvironment) -> set[str]:
    """Every page this build generated (topic pages, Hugo's implicit section pages, year pages)."""
    return {docname for kind in GENERATED_KINDS for docname in getattr(env, kind, {})}


def _no_source_link_for_generated_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A generated page has no Markdown of the writer's to show or to edit."""
    if pagename in generated_pages(app.env):
        context["sourcename"] = ""
        context["page_source_suffix"] = ""
        context["show_source"] = False


def _name_generated_pages_in_search(app: Sphinx) -> list[Any]:
    """The search index names a generated page ``topics/<slug>.md``, not its build path."""
    for docname in generated_pages(app.env):
        set_search_filename(app.builder, docname, f"{docname}.md")
    return []  # no pages of our own to add


def _exclude_generated_folder(app: Sphinx, config: Config) -> None:
    """Never read the generated sources as pages of their own (doctrees inside docs/)."""
    folder = (Path(app.doctreedir) / GENERATED_DIR).resolve()
    if folder.is_relative_to(Path(app.srcdir).resolve()):
        generated = f"{folder.relative_to(Path(app.srcdir).resolve()).as_posix()}/**"
        config.exclude_patterns = [*config.exclude_patterns, generated]  # never the default


TERM_LISTINGS = {"topic": "topic-pages", "author": "author-pages"}


def _list_term_pages(app: Sphinx, docname: str, source: list[str]) -> None:
    """A Hugo term page (``topics/<slug>/_index``) lists the pages filed under its term."""
    parts = docname.split("/")
    if len(parts) != 3 or parts[2] != "_index":
        return
    for taxonomy, listing in TERM_LISTINGS.items():
        default = "topics" if taxonomy == "topic" else "authors"
        if parts[0] == term_folder(app, taxonomy, default):
            source[0] = source[0].rstrip("\n") + f"\n\n```{{{listing}}} {parts[1]}\n```\n"


def _warn_unknown_topics(app: Sphinx, doctree: nodes.document) -> None:
    """Warn at the ``topics:`` line for each slug neither topics.yml nor a term page knows."""
    docname = app.env.current_document.docname
    model = get_front_matter(app.env, docname)
    data = get_site_data(app)
    if not data.topics and not model.topics:
        return
    for position, slug in enumerate(model.topics):
        if data.topic(slug) is None:
            warn(
                WarningKind.TOPIC,
                f"topic '{slug}' has no page {term_folder(app, 'topic', TOPICS_DIR)}/{slug}/"
                f"_index.md and is not in {app.config.handbook_data_dir}/topics.yml; its page "
                f"is titled '{title_from_slug(slug)}'. Fix the slug, or add the topic "
                "(title, summary)",
                (docname, model.key_line("topics", position) or model.key_line("topics")),
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Generate topic pages before reading; warn about topics without data."""
    app.connect("config-inited", _exclude_generated_folder)
    connect_before_read(app, _register_topic_pages, priority=150)
    app.connect("doctree-read", _warn_unknown_topics)
    app.connect("source-read", _list_term_pages, priority=600)
    app.connect("html-page-context", _no_source_link_for_generated_pages)
    app.connect("html-collect-pages", _name_generated_pages_in_search)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
