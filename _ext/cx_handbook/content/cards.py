"""Nested card lists in front matter become sections of cards after the page body.

Real pages keep whole page sections in front matter: CT's ``work.md``
(``projects``, ``resources.projects[]``), CT's home page (``hero.announcements[]``,
``focus``, ``quote``, ``principles``) and digital.gov topic pages (``legislation``,
``featured_resources``, ``featured_links``). Each block becomes a section (heading,
intro text, a list of cards, the block's call to action) made of standard nodes, so
every builder shows them and the headings join the page's table of contents.

Links: every URL becomes an ``href``. Absolute URLs are kept; site paths (``/work/``, a
slug, an alias) go through the one link resolver (:func:`..model.links.page_link`), as
calls to action do: a path naming no page warns (``handbook.ref``) at the block's line
and points under ``html_baseurl``. A placeholder link (``/`` or ``#``, CT's "Coming
Soon") is shown as text, not as a link to the home page. Each card has one link (one
tab stop): the CTA, or the title when there is no CTA.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms import Transform

from ..core.i18n import gettext
from ..model.data import title_from_slug
from ..model.links import page_link
from ..model.page import Card, CardList, FrontMatter, get_front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

PLACEHOLDER_LINKS = frozenset({"", "/", "#"})
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


def is_placeholder(url: str | None) -> bool:
    """True for links that lead nowhere (CT's ``/`` "Coming Soon")."""
    return url is None or url.strip() in PLACEHOLDER_LINKS


#: Where a card block was written: (docname, line of its front-matter key).
Where = tuple[str, int | None]


def site_link(url: str, text: str, at: Where, classes: list[str] | None = None) -> nodes.Element:
    """A link to *url*: external as written, a site path to the page it names."""
    url = url.strip()
    classes = classes or []
    if _ABSOLUTE.match(url):
        return nodes.reference(text, text, refuri=url, classes=classes)
    docname, line = at
    return page_link(
        url,
        [nodes.Text(text)],
        docname=docname,
        line=line,
        classes=classes,
        text_classes=[],
        missing="site",
    )


def card_node(title: list[nodes.Node] | None, text: str | None, *, linked: bool) -> nodes.list_item:
    """A card: its title (holding the card's one link, if that is the title), then its text.

    *linked* marks a card whose one link CSS stretches over the whole card. Front-matter
    cards (below) and page listings (:mod:`.listings`) are both made here.
    """
    item = nodes.list_item(classes=["cx-card", "cx-card--linked"] if linked else ["cx-card"])
    if title:
        item += nodes.paragraph("", "", *title, classes=["cx-card__title"])
    if text:
        item += nodes.paragraph(text, text, classes=["cx-card__text"])
    return item


def card_list(items: list[nodes.list_item], kind: str) -> nodes.bullet_list:
    """Cards as a list, one item per card (``cx-cards cx-cards--<kind>``)."""
    listing = nodes.bullet_list(classes=["cx-cards", f"cx-cards--{kind}"])
    listing.extend(items)
    return listing


def card_item(card: Card, at: Where) -> nodes.list_item:
    """One front-matter card: title, text, and a single link (the CTA, else the title)."""
    url = card.url
    live = url is not None and not is_placeholder(url)
    title = card.title or (title_from_slug(url.strip("/").split("/")[-1]) if url else None)
    title_linked = bool(title) and live and not card.cta_text
    heading: list[nodes.Node] | None = None
    if title:
        heading = [site_link(url or "", title, at) if title_linked else nodes.Text(title)]
    item = card_node(heading, card.text, linked=title_linked or (bool(card.cta_text) and live))
    if card.cta_text:
        item += cta_paragraph(card.cta_text, url, at)
    return item


def cta_paragraph(label: str, url: str | None, at: Where) -> nodes.paragraph:
    """A call to action: a ``cx-cta`` link, or plain text when the link is a placeholder."""
    para = nodes.paragraph(classes=["cx-card__cta"])
    if is_placeholder(url):
        para += nodes.inline(label, label, classes=["cx-cta-placeholder"])
    else:
        para += site_link(url or "", label, at, ["cx-cta"])
    return para


def _front_matter_cards(cards: list[Card], at: Where) -> nodes.bullet_list:
    return card_list([card_item(c, at) for c in cards], "front-matter")


def _section(document: nodes.document, title: str, key: str) -> nodes.section:
    section = nodes.section(classes=["cx-card-block", f"cx-card-block--{key}"])
    section += nodes.title(title, title)
    section["names"].append(nodes.fully_normalize_name(title))
    document.note_implicit_target(section, section)
    return section


def block_sections(
    document: nodes.document, model: FrontMatter, docname: str
) -> list[nodes.section]:
    """Every nested block of *model* as a section, in the order the old sites showed them."""
    sections: list[nodes.section] = []

    def at(key: str) -> Where:
        return (docname, model.key_line(key))

    def add(key: str, title: str, *children: nodes.Node) -> None:
        section = _section(document, title, key)
        section.extend(c for c in children if c is not None)
        sections.append(section)

    if model.hero is not None:
        hero = model.hero
        parts: list[Any] = []
        if hero.text:
            parts.append(nodes.paragraph(hero.text, hero.text, classes=["cx-card-block__text"]))
        if hero.cta_text:
            parts.append(cta_paragraph(hero.cta_text, None, at("hero")))
        if hero.announcements:
            parts.append(_front_matter_cards(hero.announcements, at("hero")))
        if parts:
            add("hero", hero.announcements_title or gettext("Highlights"), *parts)
    named: list[tuple[str, CardList | None, str]] = [
        ("focus", model.focus, gettext("Focus")),
        ("projects", model.projects, gettext("Projects")),
        ("resources", model.resources, gettext("Resources")),
    ]
    for key, block, default in named:
        if block is not None:
            add(key, block.heading or default, *_block_children(block, at(key)))
    if model.quote is not None and (model.quote.text or model.quote.title):
        quote = nodes.block_quote(classes=["cx-quote"])
        if model.quote.text:
            quote += nodes.paragraph(model.quote.text, model.quote.text)
        add("quote", model.quote.title or gettext("Quote"), quote if model.quote.text else None)
    principles = model.principles
    if principles is not None and (principles.heading or principles.text):
        heading = principles.heading or principles.text or ""
        add(
            "principles",
            heading,
            *_block_children(principles, at("principles"), skip_text=not principles.heading),
        )
    if model.legislation is not None:
        add(
            "legislation",
            gettext("Legislation"),
            _front_matter_cards([model.legislation], at("legislation")),
        )
    if model.featured_resources is not None:
        block = model.featured_resources
        children = _block_children(block, at("featured_resources"))
        add("featured-resources", block.heading or gettext("Featured resources"), *children)
    if model.featured_links is not None:
        block = model.featured_links
        children = _block_children(block, at("featured_links"))
        add("featured-links", block.heading or gettext("Featured links"), *children)
    return sections


def _block_children(block: CardList, at: Where, *, skip_text: bool = False) -> list[nodes.Node]:
    children: list[nodes.Node] = []
    if block.text and not skip_text:
        children.append(nodes.paragraph(block.text, block.text, classes=["cx-card-block__text"]))
    if block.cards:
        children.append(_front_matter_cards(block.cards, at))
    if (cta := block.cta) is not None and cta.cta_text:
        children.append(cta_paragraph(cta.cta_text, cta.url, at))
    elif cta is not None and cta.url and not is_placeholder(cta.url):
        children.append(cta_paragraph(cta.url, cta.url, at))
    return children


class FrontMatterCards(Transform):
    """Append the page's front-matter card blocks after its body."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        """Add one section per block to the page's top section (or the page)."""
        env = self.document.settings.env
        docname = env.current_document.docname
        sections = block_sections(self.document, get_front_matter(env, docname), docname)
        if not sections:
            return
        tops = [c for c in self.document.children if isinstance(c, nodes.section)]
        parent = tops[0] if len(tops) == 1 else self.document
        parent.extend(sections)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform that adds the card blocks."""
    app.add_transform(FrontMatterCards)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
