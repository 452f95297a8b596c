"""Resource cards: annotated links a reader can judge before clicking.

Two ways in, one card:

* the ``resource`` directive (title; ``:url:``, ``:type:``, ``:size:``, ``:pages:``,
  ``:date:``, ``:publisher:``; body = description) and its ``resources`` container;
* :class:`ResourceDetector`, a doctree transform that turns bullet-list items such as
  ``[Title (PDF, 420 kb, 11 pages, 2021)](url) – Publisher`` into the same cards.

A card is made of standard docutils nodes carrying CSS classes (``container``,
``paragraph``, ``reference``, ``inline``), so every builder renders it; in HTML it is
styled by ``_static/cx-resources.css``. The only custom node, :class:`visually_hidden`,
holds the text a screen reader hears inside the link (`` (PDF, 420 KB, 11 pages)``):
HTML writes it as a ``visually-hidden`` span, the other writers skip it because the
badges already print the same facts.

A card is one tab stop: its title link is stretched over the whole card. A
description that links elsewhere follows the card as a note in the same list item
(:func:`resource_nodes`), so its links stay reachable without a second stop inside.

Cards stay list items: a list holding resources gets the class ``cx-resource-list``
and is laid out as a grid; its other items stay where they were, as list items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.assets import add_stylesheet
from ..core.i18n import N_, _, translate_fact
from ..core.icons import icon_svg
from ..core.warnings import WarningKind, warn
from ..core.writers import SKIP, add_node
from ..model.page import clean_text, get_front_matter, is_unsafe_url
from ..sources.annotations import (
    Annotation,
    annotation_from_fields,
    link_facts,
    plausibility_problems,
    split_link_text,
    split_publisher,
    type_from_url,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CARD_CLASS = "cx-resource-card"
NOTE_CLASS = "cx-resource-note"
LIST_CLASS = "cx-resource-list"
ITEM_CLASS = "cx-resource-item"
ICONS_CSS = "cx-resource-icons.css"
#: MyST's task-list item (``- [ ] Review [Guide (PDF, 2 MB)](…)``): a task, never a card.
TASK_ITEM_CLASS = "task-list-item"

#: The icon of each file type (Font Awesome Free names, drawn by icons.py).
TYPE_ICONS: dict[str, str] = {
    "PDF": "file-pdf",
    N_("Word document"): "file-word",
    N_("Excel spreadsheet"): "file-excel",
    N_("PowerPoint presentation"): "file-powerpoint",
    "CSV": "file-csv",
    "ZIP": "file-zipper",
    "EPUB": "book",
    N_("Text file"): "file-lines",
    "MP3": "file-audio",
    N_("Video"): "file-video",
    N_("Webinar"): "video",
}
WEB_PAGE_ICON = "link"
EXTERNAL_ICON = "arrow-up-right-from-square"
#: Text between two links of one item that only joins them ("[a](u) and [b](v)").
_CONNECTOR = re.compile(r"^[\s,;&]*(?:and|or|plus|&)?[\s,;]*$", re.IGNORECASE)


class visually_hidden(nodes.inline):
    """Text for screen readers only: HTML keeps it (``visually-hidden``), others skip it."""


def _visit_hidden_html(self, node: visually_hidden) -> None:
    self.visit_inline(node)


def _depart_hidden_html(self, node: visually_hidden) -> None:
    self.depart_inline(node)


# -- One resource and its card -----------------------------------------------------


@dataclass
class Resource:
    """What a card shows: a title (inline nodes) linked to *url*, and its facts."""

    title: list[nodes.Node]
    url: str | None
    annotation: Annotation | None = None
    publisher: str | None = None
    description: list[nodes.Node] = field(default_factory=list)
    link: nodes.reference | None = None
    """The title's existing link node (detected resources keep the author's node)."""
    prefix: list[nodes.Node] = field(default_factory=list)
    """Inline nodes before the link (``Learn how to [title](url)``), kept in the title."""

    @property
    def file_type(self) -> str | None:
        """The annotated type, else the one the URL's extension names."""
        if self.annotation and self.annotation.file_type:
            return self.annotation.file_type
        return type_from_url(self.url) if self.url else None

    @property
    def is_external(self) -> bool:
        """True for a link to another site (http, https, ftp)."""
        return bool(self.url) and urlsplit(self.url).scheme in ("http", "https", "ftp")


def icon_name(resource: Resource) -> str:
    """The Font Awesome name drawn for *resource* (``link`` for a web page)."""
    return TYPE_ICONS.get(resource.file_type or "", WEB_PAGE_ICON)


def _badge(text: str, kind: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["sd-badge", "cx-badge", f"cx-badge--{kind}"])


def facts_paragraph(resource: Resource) -> nodes.paragraph | None:
    """Badges for type, size, count, date and unrecognised fields (comma separated in print)."""
    annotation = resource.annotation or Annotation()
    facts = [
        (resource.file_type, "type"),
        (annotation.size, "size"),
        (annotation.count, "count"),
        (annotation.date, "date"),
        *((extra, "extra") for extra in annotation.extra),
    ]
    badges = [_badge(translate_fact(text), kind) for text, kind in facts if text]
    if not badges:
        return None
    para = nodes.paragraph(classes=["cx-resource-card__facts"])
    for index, badge in enumerate(badges):
        if index:
            para += nodes.inline(", ", ", ", classes=["cx-resource-sep"])
        para += badge
    return para


def accessible_suffix(resource: Resource) -> str:
    """What the link adds for screen readers: `` (PDF, 420 KB, 11 pages; external link)``."""
    annotation = resource.annotation or Annotation()
    shown = (resource.file_type, annotation.size, annotation.count)
    facts = ", ".join(translate_fact(f) for f in shown if f)
    parts = [p for p in (facts, _("external link") if resource.is_external else "") if p]
    return f" ({'; '.join(parts)})" if parts else ""


def build_card(resource: Resource) -> nodes.container:
    """The card for *resource*: title link, publisher, badges and description."""
    slug = icon_name(resource)
    card = nodes.container(classes=[CARD_CLASS, f"{CARD_CLASS}--{slug}"])
    title = nodes.paragraph(classes=["cx-resource-card__title"])
    # Decorative: an empty span painted by CSS (one stylesheet, not an SVG per card).
    title += nodes.inline("", "", classes=["cx-resource-icon", f"cx-resource-icon--{slug}"])
    title.extend(resource.prefix)
    link = resource.link
    if link is None and resource.url:
        link = nodes.reference("", "", *resource.title, refuri=resource.url)
    if link is not None:
        link["classes"].append("cx-resource-card__link")
        suffix = accessible_suffix(resource)
        if suffix:
            _link_text(link).append(visually_hidden(suffix, suffix, classes=["visually-hidden"]))
        title += link
    else:
        title.extend(resource.title)
    card += title
    if resource.publisher:
        card += nodes.paragraph(
            resource.publisher, resource.publisher, classes=["cx-resource-card__publisher"]
        )
    facts = facts_paragraph(resource)
    if facts is not None:
        card += facts
    if resource.description and not _holds_link(resource.description):
        card += _description(resource.description, "cx-resource-card__description")
    return card


def resource_nodes(resource: Resource) -> list[nodes.Element]:
    """The card, then its note when the description holds links of its own.

    A card is one tab stop: its title link is stretched over it. Links in the
    description (``[A](u) and Goal 3: [B](v)``) would be more stops inside the card
    and targets layered over the stretched link, so such a description follows the
    card as a note (``cx-resource-note``) in the same list item, links kept.
    """
    result: list[nodes.Element] = [build_card(resource)]
    if resource.description and _holds_link(resource.description):
        result.append(_description(resource.description, NOTE_CLASS))
    return result


def _holds_link(content: list[nodes.Node]) -> bool:
    return any(
        isinstance(node, nodes.reference | addnodes.pending_xref)
        for top in content
        for node in top.findall(include_self=True)
    )


def _description(content: list[nodes.Node], css_class: str) -> nodes.Element:
    """Inline content as a paragraph, blocks in a container, carrying *css_class*."""
    if all(isinstance(n, nodes.Inline | nodes.Text) for n in content):
        return nodes.paragraph("", "", *content, classes=[css_class])
    body = nodes.container(classes=[css_class])
    body.extend(content)
    return body


def warn_if_implausible(resource: Resource, location: nodes.Node | tuple[str, int]) -> None:
    """A ``handbook.resource`` warning for each thing that looks wrong in the annotation."""
    if resource.annotation is None:
        return
    title = "".join(n.astext() for n in resource.title)
    for problem in plausibility_problems(resource.annotation, resource.url):
        warn(
            WarningKind.RESOURCE,
            f"resource '{title}': {problem}. Check the file and correct the annotation "
            "(or silence with suppress_warnings = ['handbook.resource']).",
            location,
        )


# -- Directives ----------------------------------------------------------------------


class ResourceDirective(SphinxDirective):
    """One resource card: ``:::{resource} Title`` with options and a description body."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict] = {
        "url": directives.unchanged_required,
        "type": directives.unchanged,
        "size": directives.unchanged,
        "pages": directives.unchanged,
        "date": directives.unchanged,
        "publisher": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Build one card; an unsafe URL is refused and the title shown as text."""
        title_text, title_annotation = split_link_text(clean_text(self.arguments[0]))
        url = clean_text(self.options.get("url", "")) or None
        location = (self.env.docname, self.lineno)
        if url and is_unsafe_url(url):
            warn(
                WarningKind.UNSAFE_URL,
                f"resource '{title_text}': refused the unsafe URL {url!r}; the title is "
                "shown as text. Use an http(s) address or a page path.",
                location,
            )
            url = None
        annotation = annotation_from_fields(
            file_type=self.options.get("type"),
            size=self.options.get("size"),
            count=self.options.get("pages"),
            date=self.options.get("date"),
        )
        if annotation is None:
            annotation = title_annotation
        elif title_annotation is not None:
            annotation = annotation.merged(title_annotation)
        resource = Resource(
            title=[nodes.Text(title_text)],
            url=url,
            annotation=annotation,
            publisher=clean_text(self.options.get("publisher", "")) or None,
            description=self.parse_content_to_nodes() if self.content else [],
        )
        warn_if_implausible(resource, location)
        result = resource_nodes(resource)
        result[0]["classes"].extend(self.options.get("class", []))
        for node in result:
            self.set_source_info(node)
        return result


class ResourcesDirective(SphinxDirective):
    """A grid of ``resource`` cards (a list: screen readers announce how many)."""

    has_content = True
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        """Wrap consecutive cards in one list (a card's note in its item); keep the rest."""
        result: list[nodes.Node] = []
        current: nodes.bullet_list | None = None
        for child in self.parse_content_to_nodes():
            is_note = isinstance(child, nodes.Element) and NOTE_CLASS in child["classes"]
            if current is not None and is_note:
                current[-1] += child
            elif isinstance(child, nodes.container) and CARD_CLASS in child["classes"]:
                if current is None:
                    current = nodes.bullet_list(
                        classes=[LIST_CLASS, *self.options.get("class", [])]
                    )
                    self.set_source_info(current)
                    result.append(current)
                current += nodes.list_item("", child, classes=[ITEM_CLASS])
            else:
                current = None
                result.append(child)
        return result


# -- Detection -------------------------------------------------------------------------


def _text_of(items: list[nodes.Node]) -> str:
    return "".join(n.astext() for n in items)


def _is_link(node: nodes.Node) -> bool:
    """A link: a reference, or a cross-reference to a page of this site.

    Markdown links and Hugo refs to pages stay cross-references until every page is read.
    """
    if isinstance(node, addnodes.pending_xref):
        return bool(node.get("reftarget"))
    return isinstance(node, nodes.reference) and bool(node.get("refuri") or node.get("refid"))


def _link_text(link: nodes.Element) -> nodes.Element:
    """The node holding a link's words.

    A cross-reference keeps them in its first child, which its resolver turns into the
    link's content.
    """
    if isinstance(link, addnodes.pending_xref) and link.children:
        first = link[0]
        if isinstance(first, nodes.inline):
            return first
    return link


def _url(link: nodes.Element) -> str | None:
    return link.get("refuri") or link.get("reftarget")


def _split_title(link: nodes.Element) -> Annotation | None:
    """Take an annotation off the end of the link's text (``Title (PDF, 2 MB)``)."""
    holder = _link_text(link)
    if not holder.children or not isinstance(holder[-1], nodes.Text):
        return None
    last = holder[-1]
    head, annotation = split_link_text(str(last))
    if annotation is None:
        return None
    holder.replace(last, nodes.Text(head))
    return annotation


_DASH_START = re.compile(r"^\s*(?:[–—]|-+\s)")


def _probe(
    link: nodes.reference, trailing: list[nodes.Node]
) -> tuple[Annotation | None, str | None, str | None, bool]:
    """Read one link's facts without touching the nodes.

    Returns (annotation, publisher, description, whether a dash follows the link).
    """
    text = _text_of(trailing)
    annotation, publisher, description = link_facts(link.astext(), text)
    return annotation, publisher, description, bool(_DASH_START.match(text))


def _is_resource(facts: tuple[Annotation | None, str | None, str | None, bool]) -> bool:
    """An annotation, a publisher, or a description after a dash makes a resource."""
    annotation, publisher, description, dashed = facts
    return bool(annotation or publisher or (dashed and description))


def read_item(paragraph: nodes.paragraph) -> list[Resource] | None:
    """The resources in a list item's first paragraph, or None when it is not one.

    * ``[Title](url) (PDF, 2 MB) – Publisher``: one resource.
    * ``[A](u) (PDF, 1 MB) and [B](v) (Word document, 5 KB) – Publisher``: two, the
      publisher shared (one link per card).
    * ``[A](u), and Goal 3: [B](v) – Publisher``: prose between the links, so one card:
      the first link is its title, the rest of the sentence (links kept) its description,
      shown as a note after the card.
    * ``Learn how to [Title](url) – Publisher``: the words before the link stay in the
      title; such an item needs an annotation or a dash.

    The paragraph is only taken apart once it is known to be a resource.
    """
    children = list(paragraph.children)
    if any(not isinstance(n, nodes.Text | nodes.Inline) for n in children):
        return None
    positions = [i for i, child in enumerate(children) if _is_link(child)]
    if not positions or any(_is_unsafe(children[i]) for i in positions):
        return None
    segments = []
    for number, position in enumerate(positions):
        end = positions[number + 1] if number + 1 < len(positions) else len(children)
        segments.append((children[position], children[position + 1 : end]))
    probes = [_probe(link, trailing) for link, trailing in segments]
    leading = children[: positions[0]]
    if _text_of(leading).strip():
        annotation, _, _, dashed = probes[0]
        if len(segments) != 1 or not (annotation or dashed):
            return None
        return [_take(*segments[0], prefix=leading)]
    if not any(_is_resource(p) for p in probes):
        return None
    between = [p[2] for p in probes[:-1]]
    if any(text and not _CONNECTOR.match(text) for text in between):
        return _one_card_for_sentence(children, segments, probes[-1])
    shared_publisher = probes[-1][1]
    resources = [_take(link, trailing) for link, trailing in segments]
    for resource in resources[:-1]:
        resource.publisher = resource.publisher or shared_publisher
        if resource.description and _CONNECTOR.match(_text_of(resource.description)):
            resource.description = []
    return resources


def _one_card_for_sentence(
    children: list[nodes.Node],
    segments: list[tuple[nodes.reference, list[nodes.Node]]],
    last: tuple[Annotation | None, str | None, str | None, bool],
) -> list[Resource] | None:
    annotation, publisher, description, _ = last
    if annotation is not None:
        return None  # whose file is it? Leave the sentence as the author wrote it.
    first_link, last_link = segments[0][0], segments[-1][0]
    middle = children[children.index(first_link) + 1 : children.index(last_link) + 1]
    if middle and isinstance(middle[0], nodes.Text):
        middle[0] = nodes.Text(str(middle[0]).lstrip(" ,;"))
    tail = [nodes.Text(f" – {description}")] if description else []
    resource = Resource(
        title=list(first_link.children),
        url=_url(first_link),
        publisher=publisher,
        description=[*middle, *tail],
        link=_detach(first_link),
    )
    return [resource]


def _is_unsafe(link: nodes.Node) -> bool:
    return is_unsafe_url(link.get("refuri", "") or "")


def _take(
    link: nodes.reference, trailing: list[nodes.Node], *, prefix: list[nodes.Node] | None = None
) -> Resource:
    """Build the resource of one link, moving the author's link node into it."""
    in_title = _split_title(link)
    found, publisher, description = split_publisher(_text_of(trailing))
    return Resource(
        title=list(_link_text(link).children),
        url=_url(link),
        annotation=in_title.merged(found) if in_title else found,
        publisher=publisher,
        description=[nodes.Text(description)] if description else [],
        link=_detach(link),
        prefix=[_detach(n) for n in (prefix or [])],
    )


def _detach(node: nodes.Node) -> nodes.Node:
    if node.parent is not None:
        node.parent.remove(node)
    return node


class ResourceDetector(SphinxTransform):
    """Turn list items that are annotated links into resource cards, in place."""

    default_priority = 600

    def apply(self, **kwargs: object) -> None:
        """Convert every bullet list of the page, unless switched off."""
        if not self.config.handbook_detect_resources:
            return
        docname = self.env.docname
        if not get_front_matter(self.env, docname).handbook.detect_resources:
            return
        for bullet_list in list(self.document.findall(nodes.bullet_list)):
            if LIST_CLASS in bullet_list["classes"] or _inside_card(bullet_list):
                continue
            self._convert_list(bullet_list)
        for parent in list(self.document.findall(_holds_paragraph_runs)):
            if not _inside_card(parent):
                self._convert_paragraph_runs(parent)

    def _convert_paragraph_runs(self, parent: nodes.Element) -> None:
        """Runs of two or more file-link paragraphs become one list of cards.

        ``[**M-23-10:** Title (PDF, 3 pages, 96 KB, 2023)](url)`` standing as a
        paragraph of its own, then a paragraph describing it: a run of such pairs is a
        resource list written without bullets. A single one stays as it was written.
        """
        run: list[tuple[nodes.paragraph, nodes.paragraph | None]] = []
        children = list(parent.children)
        index = 0
        while index <= len(children):
            child = children[index] if index < len(children) else None
            if child is not None and is_file_link_paragraph(child):
                following = children[index + 1] if index + 1 < len(children) else None
                described = _is_description(following)
                run.append((child, following if described else None))
                index += 2 if described else 1
                continue
            if len(run) >= 2:
                self._replace_run(parent, run)
            run = []
            index += 1

    def _replace_run(
        self,
        parent: nodes.Element,
        run: list[tuple[nodes.paragraph, nodes.paragraph | None]],
    ) -> None:
        first = run[0][0]
        position = parent.index(first)
        listing = nodes.bullet_list("", bullet="-", classes=[LIST_CLASS])
        listing.source, listing.line = first.source, first.line
        for paragraph, description in run:
            (resource,) = read_item(paragraph) or ()
            if description is not None:
                resource.description = list(description.children)
                parent.remove(description)
            listing += card_item(resource, paragraph)
            parent.remove(paragraph)
        parent.insert(position, listing)

    def _convert_list(self, bullet_list: nodes.bullet_list) -> None:
        converted = False
        for item in list(bullet_list.children):
            if not isinstance(item, nodes.list_item) or not item.children:
                continue
            if TASK_ITEM_CLASS in item["classes"]:
                continue  # a task: its checkbox is named by the item's words, links and all
            first = item[0]
            if isinstance(first, nodes.rubric):
                self._convert_under_heading(item)
                continue
            if not isinstance(first, nodes.paragraph):
                continue
            resources = read_item(first)
            if not resources:
                continue
            converted = True
            self._replace_item(bullet_list, item, first, resources)
        if converted:
            bullet_list["classes"].append(LIST_CLASS)

    def _convert_under_heading(self, item: nodes.list_item) -> None:
        """An item holding a heading (``* ### Excel Format``): its link paragraphs are cards.

        Each run of resource paragraphs after the heading (``[Title](url) (PDF)``)
        becomes a list of cards inside the item; the heading and other blocks stay.
        """
        listing: nodes.bullet_list | None = None
        for child in list(item.children[1:]):
            resources = read_item(child) if isinstance(child, nodes.paragraph) else None
            if not resources:
                listing = None
                continue
            if listing is None:
                listing = nodes.bullet_list("", bullet="-", classes=[LIST_CLASS])
                listing.source, listing.line = child.source, child.line
                item.insert(item.index(child), listing)
            listing.extend(card_item(resource, child) for resource in resources)
            item.remove(child)

    def _replace_item(
        self,
        bullet_list: nodes.bullet_list,
        item: nodes.list_item,
        paragraph: nodes.paragraph,
        resources: list[Resource],
    ) -> None:
        rest = item.children[1:]
        position = bullet_list.index(item)
        new_items = [card_item(resource, paragraph, item) for resource in resources]
        # Nested lists and other blocks stay with the (last) item they followed.
        if rest:
            new_items[-1]["classes"].append(f"{ITEM_CLASS}--with-children")
            for child in rest:
                item.remove(child)
                new_items[-1] += child
        bullet_list.remove(item)
        for offset, new_item in enumerate(new_items):
            bullet_list.insert(position + offset, new_item)


def card_item(
    resource: Resource, paragraph: nodes.Element, at: nodes.Element | None = None
) -> nodes.list_item:
    """The list item holding *resource*'s card (and note), read from *paragraph*.

    Its problems are warned at the paragraph; the item takes the line of *at* (the
    list item it replaces), else the paragraph's.
    """
    warn_if_implausible(resource, paragraph)
    parts = resource_nodes(resource)
    for part in parts:
        part.source, part.line = paragraph.source, paragraph.line
    new_item = nodes.list_item("", *parts, classes=[ITEM_CLASS])
    where = at if at is not None else paragraph
    new_item.source, new_item.line = where.source, where.line
    return new_item


def is_file_link_paragraph(node: nodes.Node | None) -> bool:
    """A paragraph that is one link to a file and its facts, nothing else.

    ``[Title (PDF, 96 KB)](url)``, ``[Title](url) (Word document, 20 KB) – GSA``. A link
    with only a date (``[Report](url) (December 2023)``) names no file: it is prose.
    """
    if not isinstance(node, nodes.paragraph) or node["classes"]:
        return False
    children = list(node.children)
    if any(not isinstance(n, nodes.Text | nodes.Inline) for n in children):
        return False
    links = [i for i, child in enumerate(children) if _is_link(child)]
    if len(links) != 1 or links[0] != 0 or _is_unsafe(children[0]):
        return False
    annotation, _, description, _ = _probe(children[0], children[1:])
    return annotation is not None and annotation.is_file and description is None


def _is_description(node: nodes.Node | None) -> bool:
    """A plain paragraph that can describe the file-link paragraph before it."""
    return (
        isinstance(node, nodes.paragraph)
        and not node["classes"]
        and not is_file_link_paragraph(node)
    )


def _holds_paragraph_runs(node: nodes.Node) -> bool:
    """Where writers put paragraphs one after another (not list items: lists have cards)."""
    return isinstance(node, nodes.section | nodes.document) or (
        isinstance(node, nodes.container) and CARD_CLASS not in node["classes"]
    )


def _inside_card(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and CARD_CLASS in parent["classes"]:
            return True
        parent = parent.parent
    return False


# -- Icons stylesheet ----------------------------------------------------------------


def icons_stylesheet() -> str:
    """CSS painting each card icon once, as a mask (currentColor), from icons.py's SVGs."""
    rules = []
    for name in sorted({*TYPE_ICONS.values(), WEB_PAGE_ICON, EXTERNAL_ICON}):
        svg = icon_svg(name)
        if svg is None:  # pragma: no cover - every name above is in Font Awesome Free
            continue
        uri = "data:image/svg+xml," + quote(svg, safe=" =:/'\"")
        selector = (
            ".cx-resource-card a.reference.external::after"
            if name == EXTERNAL_ICON
            else f".cx-resource-icon--{name}"
        )
        rules.append(
            f'{selector}{{-webkit-mask-image:url("{uri}");mask-image:url("{uri}")}}'.replace(
                '"data', "'data"
            ).replace('")', "')")
        )
    header = (
        "/* Generated by cx_handbook.content.resources from Font Awesome Free (CC BY 4.0). */\n"
    )
    return header + "\n".join(rules) + "\n"


def _add_icons_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file(ICONS_CSS)


def _write_icons_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / ICONS_CSS).write_text(icons_stylesheet(), encoding="utf-8")


class KeepCardLinkClass(SphinxPostTransform):
    """A card's title link keeps ``cx-resource-card__link`` once cross-references resolve.

    A card whose title links to a page of this site holds a cross-reference until every
    page is read; the resolvers (ours, MyST's, Sphinx's) make a new reference node, so the
    class that stretches the link over the card is put back here.
    """

    default_priority = 20  # after every reference resolver (Sphinx's is 10)

    def run(self, **kwargs: Any) -> None:
        """Give each card title's link its class."""
        for title in self.document.findall(nodes.paragraph):
            if "cx-resource-card__title" not in title["classes"]:
                continue
            link = next(iter(title.findall(nodes.reference)), None)
            if link is not None and "cx-resource-card__link" not in link["classes"]:
                link["classes"].append("cx-resource-card__link")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, the detection transform, the node and the stylesheets."""
    app.add_config_value("handbook_detect_resources", True, "env", types=[bool])
    add_node(app, visually_hidden, html=(_visit_hidden_html, _depart_hidden_html), others=SKIP)
    app.add_directive("resource", ResourceDirective)
    app.add_directive("resources", ResourcesDirective)
    app.add_transform(ResourceDetector)
    app.add_post_transform(KeepCardLinkClass)
    add_stylesheet(app, "cx-resources.css")
    app.connect("builder-inited", _add_icons_css)
    app.connect("build-finished", _write_icons_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
