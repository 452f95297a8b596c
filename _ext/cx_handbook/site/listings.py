"""Lists of pages built from every page's front matter.

Directives (each leaves a placeholder, filled when the page is written, once every
page has been read, like Sphinx's own toctree):

* ``{focus-areas}``: a card per ``templateKey: area`` page, sorted by ``order`` then
  title: icon, linked title, description;
* ``{featured-pages}``: pages with ``weight: 2``: linked title and lead;
* ``{topic-pages} <slug>``: the pages filed under a topic (topic pages use it);
* ``{author-pages} <slug>``: the pages an author wrote (Hugo author term pages use it);
  both list more than ``handbook_nav_section_limit`` pages as titles, a list per year;
* ``{topic-list}``: every topic, linked to its page, with its summary.

``weight: 0`` pages are never listed. The placeholder is replaced by a post-transform
that runs before Sphinx resolves references, so each title is a ``std:doc``
cross-reference that every builder (HTML, single-page HTML, LaTeX, text) resolves
in its own way. A page holding a listing is rewritten whenever the front matter the
listings show changes (``env-updated``), so incremental builds stay right.

Each card is one list item with one link (one tab stop); CSS stretches the link
over the card so the whole card is clickable.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..content.cards import card_list, card_node
from ..core.assets import add_stylesheet
from ..core.i18n import N_, gettext
from ..core.icons import icon_node
from ..core.writers import SKIP, add_node
from ..model.data import SiteData, load_site_data, site_data_of, title_from_slug
from ..model.links import page_link
from ..model.page import FrontMatter, get_front_matter
from .i18n import is_translated_build, translated_lead, translated_title
from .section_limit import pages_by_year
from .topics import TOPICS_DIR, topic_docname

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

KINDS = ("focus-areas", "featured-pages", "topic-pages", "author-pages", "topic-list")
EMPTY = {
    "author-pages": N_("No pages by this author yet."),
    "focus-areas": N_("No focus areas yet."),
    "featured-pages": N_("No featured pages yet."),
    "topic-pages": N_("No pages are filed under this topic yet."),
    "topic-list": N_("No topics yet."),
}


class cx_listing(nodes.General, nodes.Element):
    """Placeholder for a listing; replaced before any writer sees it."""


class ListingDirective(SphinxDirective):
    """Base of the listing directives: leaves a placeholder and notes the page."""

    kind: ClassVar[str] = ""
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        """Leave a placeholder to fill once every page is read."""
        node = cx_listing(kind=self.kind, slug=(self.arguments or [""])[0])
        self.set_source_info(node)
        self.env.cx_listing_docs = getattr(self.env, "cx_listing_docs", set())
        self.env.cx_listing_docs.add(self.env.current_document.docname)
        return [node]


def _directive(kind: str) -> type[ListingDirective]:
    return type(f"{kind.title().replace('-', '')}Directive", (ListingDirective,), {"kind": kind})


# -- what is listed -----------------------------------------------------------------


def page_title(env: BuildEnvironment, docname: str) -> str:
    """The page's title: translated, else front matter, else first heading, else docname."""
    translated = translated_title(env, docname)
    if translated:
        return translated
    model = get_front_matter(env, docname)
    if model.title:
        return model.title
    title = env.titles.get(docname)
    return title.astext() if title is not None and title.astext() else docname


def page_lead(env: BuildEnvironment, docname: str) -> str | None:
    """The page's lead: translated, else the front matter's."""
    return translated_lead(env, docname) or get_front_matter(env, docname).lead


def listed_pages(env: BuildEnvironment) -> list[tuple[str, FrontMatter]]:
    """Every page that may appear in listings (not ``weight: 0``), by docname."""
    return [
        (docname, model)
        for docname in sorted(env.all_docs)
        if not (model := get_front_matter(env, docname)).is_hidden
    ]


def focus_areas(env: BuildEnvironment) -> list[str]:
    """``templateKey: area`` pages sorted by order (pages without one last), then title."""
    areas = [(d, m) for d, m in listed_pages(env) if m.template_key == "area"]
    areas.sort(
        key=lambda dm: (
            dm[1].order is None,
            dm[1].order or 0,
            page_title(env, dm[0]).lower(),
        )
    )
    return [d for d, _ in areas]


def featured_pages(env: BuildEnvironment) -> list[str]:
    """``weight: 2`` pages, by title."""
    docs = [d for d, m in listed_pages(env) if m.is_featured]
    return sorted(docs, key=lambda d: page_title(env, d).lower())


def topic_pages(env: BuildEnvironment, slug: str) -> list[str]:
    """The pages filed under topic *slug* (or an old name of it), by title."""
    data = site_data_of(env)
    docs = [d for d, m in listed_pages(env) if slug in {data.topic_slug(t) for t in m.topics}]
    return sorted(docs, key=lambda d: page_title(env, d).lower())


def author_pages(env: BuildEnvironment, slug: str) -> list[str]:
    """The pages *slug* wrote (front matter ``authors``), newest first, then by title."""
    docs = [d for d, m in listed_pages(env) if slug in m.authors]
    docs.sort(key=lambda d: page_title(env, d).lower())
    return sorted(docs, key=lambda d: get_front_matter(env, d).date_key, reverse=True)


def listing_signature(env: BuildEnvironment) -> tuple[Any, ...]:
    """Everything listings show; a change means pages with listings must be rewritten."""
    return tuple(
        (
            d,
            page_title(env, d),
            page_lead(env, d),
            m.order,
            m.weight,
            m.template_key,
            m.icon,
            *m.topics,
            *m.authors,
        )
        for d, m in ((d, get_front_matter(env, d)) for d in sorted(env.all_docs))
    )


# -- rendering -------------------------------------------------------------------------


def doc_link(fromdoc: str, docname: str, text: str) -> addnodes.pending_xref:
    """A link to *docname* showing *text*, made by the one link resolver for each builder."""
    return page_link(
        f"/{docname}", [nodes.Text(text)], docname=fromdoc, line=None, text_classes=["doc"]
    )


def card(
    fromdoc: str,
    docname: str,
    title: str,
    text: str | None,
    *,
    icon: str | None = None,
) -> nodes.list_item:
    """One card: optional decorative icon, the linked title (the one tab stop), text."""
    heading: list[nodes.Node] = []
    if icon and (svg := icon_node(icon, css_class="cx-card__icon")) is not None:
        heading.append(svg)
    heading.append(doc_link(fromdoc, docname, title))
    return card_node(heading, text, linked=True)


def mark_source_language(env: BuildEnvironment, item: nodes.Element, docname: str) -> None:
    """``lang`` of the source language on a listed page's words its catalog leaves as they are.

    Only in a translated build: the title and the lead, each if not translated.
    """
    if not is_translated_build(env.config):
        return
    marker = f"language-{env.config.handbook_source_language}"
    for para in item.findall(nodes.paragraph):
        if "cx-card__text" in para["classes"]:
            english = not translated_lead(env, docname)
        else:
            english = not translated_title(env, docname)
        if english and marker not in para["classes"]:
            para["classes"].append(marker)


def listed(env: BuildEnvironment, item: nodes.list_item, docname: str) -> nodes.list_item:
    """*item* (a card or a link to *docname*) with the language of its words marked."""
    mark_source_language(env, item, docname)
    return item


def links_by_year(env: BuildEnvironment, fromdoc: str, docnames: list[str]) -> nodes.Node:
    """A long listing, light enough for any page: titles only, in a list per year.

    Newest year first, newest page first within a year (see :mod:`.section_limit`).
    """
    newest = sorted(docnames, key=lambda d: _newest_first(env, d))
    years = nodes.bullet_list(classes=["cx-listing-years"])
    for year, docs in pages_by_year(env, newest):
        links = nodes.bullet_list(classes=["cx-listing-years__pages"])
        for d in docs:
            link = nodes.paragraph("", "", doc_link(fromdoc, d, page_title(env, d)))
            links += listed(env, nodes.list_item("", link), d)
        label = nodes.paragraph("", f"{year} ({len(docs)})", classes=["cx-listing-years__year"])
        years += nodes.list_item("", label, links)
    return years


def _newest_first(env: BuildEnvironment, docname: str) -> tuple[float, str]:
    when = get_front_matter(env, docname).date
    stamp = when.timestamp() if when is not None and when.tzinfo else 0.0
    if when is not None and when.tzinfo is None:
        stamp = when.replace(tzinfo=UTC).timestamp()
    return (-stamp, page_title(env, docname).lower())


def render(
    env: BuildEnvironment, node: cx_listing, fromdoc: str, data: SiteData | None = None
) -> nodes.Node:
    """The listing for *node*, as a bullet list of cards (or a short note when empty).

    *data* (the site's topics) is read from ``handbook_data_dir`` when not given.
    """
    kind, slug = node["kind"], node.get("slug", "")
    items: list[nodes.list_item] = []
    if kind == "focus-areas":
        for d in focus_areas(env):
            model = get_front_matter(env, d)
            lead = page_lead(env, d)
            items.append(
                listed(env, card(fromdoc, d, page_title(env, d), lead, icon=model.icon), d)
            )
    elif kind == "featured-pages":
        for d in featured_pages(env):
            items.append(listed(env, card(fromdoc, d, page_title(env, d), page_lead(env, d)), d))
    elif kind in ("topic-pages", "author-pages"):
        docs = topic_pages(env, slug) if kind == "topic-pages" else author_pages(env, slug)
        if 0 < env.config.handbook_nav_section_limit < len(docs):
            return links_by_year(env, fromdoc, docs)
        for d in docs:
            items.append(listed(env, card(fromdoc, d, page_title(env, d), page_lead(env, d)), d))
    elif kind == "topic-list":
        if data is None:
            data = load_site_data(Path(env.srcdir) / env.config.handbook_data_dir)
        for d in sorted(env.all_docs):
            if not d.startswith(f"{TOPICS_DIR}/") or d == f"{TOPICS_DIR}/index":
                continue
            topic_slug = d.removeprefix(f"{TOPICS_DIR}/")
            topic = data.topic(topic_slug)
            summary = topic and (topic.deck or topic.summary)
            title = topic.title if topic else title_from_slug(topic_slug)
            items.append(card(fromdoc, topic_docname(topic_slug), title, summary or None))
    if not items:
        empty = gettext(EMPTY[kind])
        return nodes.paragraph(empty, empty, classes=["cx-listing-empty"])
    return card_list(items, kind)


class FillListings(SphinxPostTransform):
    """Replace listing placeholders before references are resolved."""

    default_priority = 5  # ReferencesResolver is 10

    def run(self, **kwargs: Any) -> None:
        """Fill every placeholder of the document."""
        data: SiteData | None = None
        for node in list(self.document.findall(cx_listing)):
            fromdoc = node.get("docname") or self.env.current_document.docname
            if data is None and node["kind"] == "topic-list":
                data = site_data_of(self.env)
            node.replace_self(render(self.env, node, fromdoc, data))


def _note_docname(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    for node in doctree.findall(cx_listing):
        node["docname"] = docname


def _rewrite_listing_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    signature = listing_signature(env)
    changed = signature != getattr(env, "cx_listing_signature", None)
    env.cx_listing_signature = signature
    docs = getattr(env, "cx_listing_docs", set())
    return sorted(docs & env.found_docs) if changed else []


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "cx_listing_docs", set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    env.cx_listing_docs = getattr(env, "cx_listing_docs", set())
    env.cx_listing_docs |= getattr(other, "cx_listing_docs", set()) & docnames


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the listing directives, their placeholder and the filler."""
    add_node(app, cx_listing, html=SKIP, others=SKIP)
    for kind in KINDS:
        app.add_directive(kind, _directive(kind))
    app.add_post_transform(FillListings)
    app.connect("doctree-read", _note_docname)
    app.connect("env-updated", _rewrite_listing_pages)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    add_stylesheet(app, "cx-listings.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
