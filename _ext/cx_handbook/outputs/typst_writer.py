"""The assembled book's doctree as Typst markup (the PDF handbook's layout language).

:class:`TypstTranslator` is a docutils visitor, as Sphinx's own writers are: custom nodes
get their ``typst`` visitors from ``core.writers`` (``OTHER_WRITERS``), every other node
is drawn here with the print look of the web pages (fonts, colours, cards, timelines,
calls to action; dropdowns and tabs printed whole).

The book is compiled as separate Typst documents (see ``outputs/pdf``), so a link cannot
name a label of another document. Every internal link is therefore written as a link to
``cx-xref:<label>``, which ``outputs/pdf_merge`` turns into a link to the named
destination (a labelled heading) or to the page of the target, and the page a link
leads to is printed from a placeholder (``PAGE_MARK``) that the builder fills in from
the first compile. Each target writes its page with ``here().page()`` into a
``<cx-pos>`` metadata the builder queries.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Callable

#: Characters with a meaning in Typst markup, escaped with a backslash.
SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~=\-+/'\"])")
#: A run of digits and a dot at the start of a paragraph would start a numbered list.
LIST_START = re.compile(r"^(\d+)\.")
#: The placeholder of the page a link leads to: ``\x00page:<label>\x00``.
PAGE_MARK = re.compile("\x00page:([^\x00]*)\x00")
#: The writer's name: custom nodes register their visitors for it (``core.writers``).
TYPST_WRITER = "typst"
#: The URI scheme of a link to a label in (possibly) another part of the book.
XREF_SCHEME = "cx-xref:"
#: The metadata label whose values are ``(label, page)`` of every target.
POSITION_LABEL = "cx-pos"

BLUE = 'rgb("#1a4480")'
LINK = 'rgb("#005ea2")'
GREY = 'rgb("#3d3d3d")'
RULE = 'rgb("#c6c6c6")'

#: Admonition colours: (border, background) by node name.
ADMONITION_COLOURS = {
    "warning": ("#b50909", "#fdf2f1"),
    "caution": ("#b50909", "#fdf2f1"),
    "danger": ("#b50909", "#fdf2f1"),
    "error": ("#b50909", "#fdf2f1"),
    "attention": ("#b50909", "#fdf2f1"),
    "tip": ("#00a91c", "#ecf3ec"),
    "hint": ("#00a91c", "#ecf3ec"),
    "important": ("#00a91c", "#ecf3ec"),
}
ENUM_PATTERNS = {
    "arabic": "1.",
    "loweralpha": "a.",
    "upperalpha": "A.",
    "lowerroman": "i.",
    "upperroman": "I.",
}


def typst_text(text: str) -> str:
    """*text* as Typst markup that prints exactly it (line breaks become spaces)."""
    return SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def typst_string(text: str) -> str:
    """*text* as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def typst_label(name: str) -> str:
    """An id as a Typst label name (letters, digits and ``_-.:`` only)."""
    return re.sub(r"[^\w.:-]", ":", name) or "cx"


def page_mark(label: str) -> str:
    """The placeholder for the page of *label*, filled in by :func:`fill_pages`."""
    return f"\x00page:{label}\x00"


def fill_pages(markup: str, pages: Callable[[str], str]) -> str:
    """*markup* with every page placeholder replaced by ``pages(label)``."""
    return PAGE_MARK.sub(lambda match: pages(match.group(1)), markup)


def position_anchor(label: str) -> str:
    """Markup that records the page *label* is on, for the builder's first pass."""
    return f"#context [#metadata(({typst_string(label)}, here().page())) <{POSITION_LABEL}>]"


class _HTMLText(HTMLParser):
    """The text of an HTML fragment, and the state of its checkboxes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """handle_starttag."""
        values = dict(attrs)
        if tag in {"svg", "script", "style"}:
            self.hidden += 1
        elif tag == "input" and values.get("type") == "checkbox":
            self.parts.append("\u2611 " if "checked" in values else "\u2610 ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """handle_endtag."""
        if tag in {"svg", "script", "style"}:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        """handle_data."""
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """What a reader sees of raw HTML on paper: its text (icons are decoration)."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


class BookContext:
    """What the translator needs from the builder, beyond the tree."""

    def __init__(
        self,
        *,
        words: dict[str, str],
        targets: dict[str, str],
        secnumbers: dict[str, tuple[int, ...]],
        fignumbers: dict[str, dict[str, tuple[int, ...]]],
        numfig_format: dict[str, str],
        admonition_labels: dict[str, str],
        image_path: Callable[[nodes.image], Path | None],
        emoji_font: bool = True,
        secnumber_suffix: str = ". ",
    ) -> None:
        self.emoji_font = emoji_font
        self.words = words
        #: Every referenced id → the label of the place it names.
        self.targets = targets
        self.secnumbers = secnumbers
        self.fignumbers = fignumbers
        self.numfig_format = numfig_format
        self.admonition_labels = admonition_labels
        self.image_path = image_path
        self.secnumber_suffix = secnumber_suffix


class TypstTranslator(nodes.NodeVisitor):
    """One part of the book (a run of chapters) as Typst markup in :attr:`body`.

    Headings: a chapter's title is a heading of the chapter's depth in the book
    (parts 1, their pages 2, ...), its sections go deeper, at most 6; only chapter titles
    go into the contents, every heading is a bookmark.
    """

    def __init__(self, document: nodes.document, book: BookContext) -> None:
        super().__init__(document)
        self.book = book
        self.body: list[str] = []
        self.depth = 0
        self.section_level = 0
        self.part_number = 0
        self.chapter_label = ""
        self.chapter_titled = False
        self.labelled: set[str] = set()
        self.in_heading = False
        #: label → the label of the heading whose named destination it shares.
        self.destinations: dict[str, str] = {}
        #: label → the text of the heading it names (a link's description).
        self.descriptions: dict[str, str] = {}

    # -- helpers ------------------------------------------------------------------------

    def astext(self) -> str:
        """The markup written so far."""
        return "".join(self.body)

    def render(self, node: nodes.Node) -> str:
        """*node*'s children as markup, without touching :attr:`body`."""
        saved, self.body = self.body, []
        for child in node.children:
            child.walkabout(self)
        text, self.body = "".join(self.body), saved
        return text

    def render_nodes(self, children: list[nodes.Node]) -> str:
        """The markup of *children*, leaving :attr:`body` as it was."""
        saved, self.body = self.body, []
        for child in children:
            child.walkabout(self)
        text, self.body = "".join(self.body), saved
        return text

    def anchors(self, node: nodes.Element) -> str:
        """Position anchors for the ids of *node* that a link names (once each)."""
        out = []
        for node_id in node.get("ids", []):
            label = self.book.targets.get(node_id)
            if label and label not in self.labelled:
                self.labelled.add(label)
                out.append(position_anchor(label))
        return "".join(out)

    def block(self, text: str) -> None:
        """Add *text* as a block of its own."""
        self.body.append(f"\n\n{text}\n\n")

    def unknown_visit(self, node: nodes.Node) -> None:
        """Nodes without a look of their own print their content."""
        if isinstance(node, nodes.Element):
            self.body.append(self.anchors(node))

    def unknown_departure(self, node: nodes.Node) -> None:
        """Nothing to close."""
        pass

    # -- structure ------------------------------------------------------------------------

    def visit_document(self, node: nodes.Element) -> None:
        """Print the document node."""
        pass

    def depart_document(self, node: nodes.Element) -> None:
        """Close the document node."""
        pass

    def visit_container(self, node: nodes.Element) -> None:
        """Print the container node."""
        classes = node.get("classes", [])
        if "cx-chapter" in classes:
            self.visit_chapter(node)
            return
        if "sd-card" in classes:
            self.block(self.card(self.render(node), stroke="#a9aeb1"))
            raise nodes.SkipNode
        if "cx-resource-card" in classes:
            inner = self.anchors(node) + self.render(node)
            self.block(
                f"#block(width: 100%, breakable: false, inset: (x: 4mm, y: 3mm), radius: 1.5mm, "
                f'stroke: 0.3mm + rgb("#a9aeb1"), below: 3mm)[{inner}]'
            )
            raise nodes.SkipNode
        if "cx-hero" in classes:
            inner = self.anchors(node) + self.render(node)
            self.block(
                "#block(width: 100%, inset: (bottom: 4mm), below: 5mm, "
                f'stroke: (bottom: 0.5mm + rgb("#dfe1e2")))[{inner}]'
            )
            raise nodes.SkipNode
        if "cx-box" in classes or "cx-checklist" in classes:
            self.block(self.card(self.render(node), stroke="#a9aeb1"))
            raise nodes.SkipNode
        if "sd-tab-content" in classes or "sd-summary-content" in classes:
            self.body.append(self.anchors(node))
            return
        self.body.append(self.anchors(node))

    def depart_container(self, node: nodes.Element) -> None:
        """Close the container node."""
        pass

    def card(self, inner: str, *, stroke: str, fill: str = "none") -> str:
        """A bordered card around *inner*."""
        fill_value = f'rgb("{fill}")' if fill != "none" else "none"
        return (
            f"#block(width: 100%, breakable: false, inset: (x: 4mm, y: 3mm), radius: 1.5mm, "
            f'fill: {fill_value}, stroke: 0.3mm + rgb("{stroke}"), below: 3mm)[{inner}]'
        )

    def visit_chapter(self, node: nodes.Element) -> None:
        """A page of the site as a chapter: a new page, the running header, the part's banner."""
        self.depth = int(node.get("cx_depth", 0))
        self.section_level = 0
        docname = node.get("cx_docname", "")
        title_node = node.next_node(nodes.title)
        title = title_node.astext() if title_node is not None else ""
        updates = [f"#cx-chapter.update({typst_string(title if self.depth != 1 else '')})"]
        if self.depth <= 1:
            updates.insert(0, f"#cx-part.update({typst_string(title if self.depth == 1 else '')})")
        # After the break: the margins read the state as it is at the end of their page.
        self.body.append("\n#pagebreak(weak: true)\n" + "\n".join(updates) + "\n")
        self.chapter_label = typst_label(f"document-{docname}")
        self.chapter_titled = False
        if self.chapter_label not in self.labelled:
            self.labelled.add(self.chapter_label)
            self.body.append(position_anchor(self.chapter_label) + "\n")
        if self.depth == 1:
            self.part_number += 1
            banner = self.book.words["part"].format(number=self.part_number)
            self.body.append(
                f'\n#v(14mm)\n#text(font: "Public Sans", weight: 700, size: 10pt, '
                f"fill: {LINK})[{typst_text(banner.upper())}]\n"
            )

    def visit_start_of_file(self, node: nodes.Element) -> None:
        """Print the start of file node."""
        pass

    def depart_start_of_file(self, node: nodes.Element) -> None:
        """Close the start of file node."""
        pass

    def visit_section(self, node: nodes.Element) -> None:
        """Print the section node."""
        self.section_level += 1

    def depart_section(self, node: nodes.Element) -> None:
        """Close the section node."""
        self.section_level -= 1

    def visit_title(self, node: nodes.Element) -> None:
        """Print the title node."""
        parent = node.parent
        if isinstance(parent, nodes.table):
            return  # the table's caption, written by visit_table
        if isinstance(parent, nodes.Admonition | nodes.topic | nodes.sidebar):
            self.block(f'#text(font: "Public Sans", weight: 700)[{self.render(node)}]')
            raise nodes.SkipNode
        if not isinstance(parent, nodes.section):
            self.block(f"#strong[{self.render(node)}]")
            raise nodes.SkipNode
        number = ""
        if parent.get("ids"):
            found = self.book.secnumbers.get(f"#{parent['ids'][0]}")
            if found:
                number = ".".join(map(str, found)) + self.book.secnumber_suffix
        self.block(self.heading(node, self.section_level, parent.get("ids", []), number))
        raise nodes.SkipNode

    def heading(self, node: nodes.Element, rank: int, ids: list[str], number: str = "") -> str:
        """A heading of *rank* on its page (1: the page's title) as a book's heading.

        Its level is the chapter's depth plus the rank (at most 6); every heading is a
        bookmark. It carries one label, its named destination; the other ids a link
        names share it.
        """
        level = min(max(self.depth, 1) + rank - 1, 6)
        self.in_heading = True
        text = typst_text(number) + self.render(node)
        self.in_heading = False
        size = {1: "32pt" if self.depth == 1 else "24pt", 2: "15pt", 3: "12pt"}.get(rank, "10.5pt")
        labels = []
        for node_id in ids:
            label = self.book.targets.get(node_id)
            if label and label not in labels:
                labels.append(label)
        if rank == 1 and not self.chapter_titled:
            # The page's first title carries the chapter's label (a page may have more).
            self.chapter_titled = True
            if self.chapter_label not in labels:
                labels.insert(0, self.chapter_label)
        label = labels[0] if labels else ""
        for name in labels:
            self.destinations[name] = label
            self.descriptions[name] = node.astext()
        heading = (
            f"#heading(level: {level}, outlined: false, bookmarked: true)"
            f"[#text(size: {size})[{text}]]" + (f" <{label}>" if label else "")
        )
        anchors = []
        for name in labels:
            if name not in self.labelled:
                self.labelled.add(name)
                anchors.append(position_anchor(name))
        if rank == 1 and self.depth >= 1:
            width = "1.5mm" if self.depth == 1 else "0.5mm"
            colour = BLUE if self.depth == 1 else 'rgb("#dfe1e2")'
            pad = "5mm" if self.depth == 1 else "3mm"
            heading = (
                f"#block(width: 100%, inset: (bottom: {pad}), below: 6mm, sticky: true, "
                f"stroke: (bottom: {width} + {colour}))[{heading}]"
            )
        return heading + "\n" + "".join(anchors)

    def visit_subtitle(self, node: nodes.Element) -> None:
        """Print the subtitle node."""
        self.block(f"#strong[{self.render(node)}]")
        raise nodes.SkipNode

    def visit_rubric(self, node: nodes.Element) -> None:
        """Print the rubric node."""
        if node.get("heading-level"):
            # A rubric drawn as a heading on the web (a timeline's phase) is one here too.
            rank = int(node["heading-level"])
            self.block(self.heading(node, rank, node.get("ids", [])))
            raise nodes.SkipNode
        classes = node.get("classes", [])
        size = "11pt" if "cx-timeline__title" in classes else "10.5pt"
        self.block(
            self.anchors(node)
            + f'#block(sticky: true, below: 1.5mm)[#text(font: "Public Sans", weight: 700, '
            f"size: {size}, fill: {BLUE})[{self.render(node)}]]"
        )
        raise nodes.SkipNode

    # -- paragraphs and inline ----------------------------------------------------------

    def visit_paragraph(self, node: nodes.Element) -> None:
        """Print the paragraph node."""
        classes = node.get("classes", [])
        text = self.render(node).strip()
        text = LIST_START.sub(r"\1\\.", text)
        if not text:
            raise nodes.SkipNode
        anchors = self.anchors(node)
        if "cx-hero__lead" in classes:
            text = f"#text(size: 12pt, fill: {GREY})[{text}]"
        elif "cx-hero__kicker" in classes:
            text = f'#text(font: "Public Sans", weight: 700, size: 10pt, fill: {LINK})[{text}]'
        elif {"cx-hero__byline", "cx-hero__date", "cx-hero__label"} & set(classes):
            text = f"#text(size: 9.5pt, fill: {GREY})[{text}]"
        elif "cx-resource-card__title" in classes or "cx-card__title" in classes:
            text = f'#text(font: "Public Sans", weight: 700, size: 11pt)[{text}]'
        elif "cx-resource-card__facts" in classes or "cx-resource-card__publisher" in classes:
            text = f"#text(size: 9pt, fill: {GREY})[{text}]"
        elif "cx-cta-row" in classes:
            text = (
                f"#block(width: 100%, inset: (x: 4mm, y: 3mm), radius: 1.5mm, "
                f'fill: rgb("#eff6fb"), stroke: 0.4mm + {BLUE}, breakable: false)[{text}]'
            )
        elif "cx-resource-note" in classes:
            text = f"#pad(left: 4mm)[{text}]"
        if isinstance(node.parent, nodes.list_item | nodes.entry) and len(node.parent) == 1:
            self.body.append(anchors + text)
        else:
            self.block(anchors + text)
        raise nodes.SkipNode

    def printable(self, text: str) -> str:
        """*text*, its emoji named in words when the machine has no emoji font.

        (A glyph no font has fails the PDF/UA-1 check, so it cannot be left out silently.)
        """
        if self.book.emoji_font or text.isascii():
            return text
        import emoji

        return emoji.replace_emoji(
            text, replace=lambda _chars, data: "(" + data["en"].strip(":").replace("_", " ") + ")"
        )

    def visit_Text(self, node: nodes.Text) -> None:
        """Print the Text node."""
        self.body.append(typst_text(self.printable(node.astext())))

    def depart_Text(self, node: nodes.Text) -> None:
        """Close the Text node."""
        pass

    def _wrap(self, node: nodes.Element, function: str) -> None:
        self.body.append(f"{self.anchors(node)}#{function}[{self.render(node)}]")
        raise nodes.SkipNode

    def visit_emphasis(self, node: nodes.Element) -> None:
        """Print the emphasis node."""
        self._wrap(node, "emph")

    def visit_strong(self, node: nodes.Element) -> None:
        """Print the strong node."""
        self._wrap(node, "strong")

    def visit_subscript(self, node: nodes.Element) -> None:
        """Print the subscript node."""
        self._wrap(node, "sub")

    def visit_superscript(self, node: nodes.Element) -> None:
        """Print the superscript node."""
        self._wrap(node, "super")

    def visit_title_reference(self, node: nodes.Element) -> None:
        """Print the title reference node."""
        self._wrap(node, "emph")

    def visit_literal(self, node: nodes.Element) -> None:
        """Print the literal node."""
        self.body.append(
            f'#box(fill: rgb("#f0f0f0"), inset: (x: 0.2em), outset: (y: 0.2em), radius: 2pt)'
            f"[#raw({typst_string(self.printable(node.astext()))})]"
        )
        raise nodes.SkipNode

    visit_literal_emphasis = visit_literal
    visit_literal_strong = visit_literal

    def visit_inline(self, node: nodes.Element) -> None:
        """Print the inline node."""
        classes = node.get("classes", [])
        if "sd-summary-state-marker" in classes:
            raise nodes.SkipNode
        text = self.render(node)
        if "sd-badge" in classes:
            text = (
                "#box(inset: (x: 1mm), outset: (y: 0.5mm), radius: 1mm, "
                'stroke: 0.3mm + rgb("#71767a"))'
                f"[#text(size: 8.5pt)[{text}]]"
            )
        elif "cx-highlight" in classes:
            text = f'#highlight(fill: rgb("#fff5c2"))[{text}]'
        elif "cx-cta__url" in classes:
            text = f'#text(size: 8pt, fill: rgb("#4d4d4d"))[{text}]'
        elif "sd-summary-text" in classes:
            text = f'#text(font: "Public Sans", weight: 700, fill: {BLUE})[{text}]'
        self.body.append(self.anchors(node) + text)
        raise nodes.SkipNode

    def visit_reference(self, node: nodes.Element) -> None:
        """Print the reference node."""
        classes = node.get("classes", [])
        text = self.render(node)
        uri = node.get("refuri", "")
        refid = node.get("refid") or (uri[1:] if uri.startswith("#") else "")
        if "cx-cta" in classes or "sd-btn" in classes:
            text = f"#text(weight: 700, fill: {BLUE})[{text}]"
        prefix = ""
        if "sd-stretched-link" in classes:
            prefix = typst_text(self.book.words["card_link"])
        if refid:
            label = self.book.targets.get(refid)
            if label is None:
                self.body.append(prefix + text)
            else:
                reference = self.book.words["page_reference"]
                before, _, after = reference.partition("{page}")
                self.body.append(
                    f"{prefix}#link({typst_string(XREF_SCHEME + label)})[{text}]"
                    f'#text(size: 8.5pt, fill: rgb("#4d4d4d"))'
                    f"[{typst_text(before)}{page_mark(label)}{typst_text(after)}]"
                )
        elif uri and not self.in_heading:
            shown = "cx-url-shown" in classes or self._url_follows(node)
            url = "" if shown or ("://" not in uri and not uri.startswith("mailto:")) else uri
            suffix = (
                f'#text(size: 8pt, weight: 400, style: "normal", fill: rgb("#4d4d4d"))'
                f"[ \\<{typst_text(url)}\\>]"
                if url and "://" in url
                else ""
            )
            self.body.append(f"{prefix}#link({typst_string(uri)})[{text}]{suffix}")
        else:
            self.body.append(prefix + text)
        raise nodes.SkipNode

    @staticmethod
    def _url_follows(node: nodes.Element) -> bool:
        """True when the next sibling prints the URL already (a call to action's)."""
        following = node.next_node(descend=False, siblings=True)
        return isinstance(following, nodes.inline) and "cx-cta__url" in following.get("classes", [])

    def visit_target(self, node: nodes.Element) -> None:
        """Print the target node."""
        self.body.append(self.anchors(node))
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        """Print the footnote reference node."""
        label = self.book.targets.get(node.get("refid", ""))
        text = typst_text(node.astext())
        if label:
            text = f"#link({typst_string(XREF_SCHEME + label)})[{text}]"
        self.body.append(f"#super[{text}]")
        raise nodes.SkipNode

    visit_citation_reference = visit_footnote_reference

    def visit_footnote(self, node: nodes.Element) -> None:
        """Print the footnote node."""
        label_node = node.next_node(nodes.label)
        number = label_node.astext() if label_node is not None else ""
        body = self.render_nodes([c for c in node.children if not isinstance(c, nodes.label)])
        self.block(
            self.anchors(node)
            + f"#grid(columns: (6mm, 1fr), [#text(size: 9pt)[{typst_text(number)}.]], "
            f"[#text(size: 9pt)[{body}]])"
        )
        raise nodes.SkipNode

    visit_citation = visit_footnote

    def visit_raw(self, node: nodes.Element) -> None:
        """Print the raw node."""
        if node.get("format") == "html":
            markup = node.astext().strip().lower()
            if markup.startswith("<hr"):  # a horizontal rule (content/rules)
                self.block(f"#line(length: 100%, stroke: 0.3mm + {RULE})")
                raise nodes.SkipNode
            if re.fullmatch(r"<br\s*/?>", markup):
                self.body.append(" #linebreak() ")
                raise nodes.SkipNode
            text = html_text(node.astext())
            if text.strip():
                self.body.append(typst_text(text))
        raise nodes.SkipNode

    def visit_image(self, node: nodes.Element) -> None:
        """Print the image node."""
        self.body.append(self.image(node))
        raise nodes.SkipNode

    def image(self, node: nodes.Element, alt: str = "") -> str:
        """An image, its description as alt text (decoration: an artifact)."""
        path = self.book.image_path(node)
        alt = node.get("alt") or alt
        if path is None:
            return typst_text(f"[{alt}]") if alt else ""
        size = ""
        for key in ("width", "height"):
            value = str(node.get(key, ""))
            match = re.fullmatch(r"([\d.]+)(px|%|pt|mm|cm|in|em)?", value)
            if match:
                number, unit = match.groups()
                if unit in (None, "px"):
                    number, unit = f"{float(number) * 0.75:g}", "pt"
                size += f", {key}: {number}{unit}"
        if "width" not in size:
            size += ", width: auto"
        picture = f"image({typst_string(str(path))}{size}"
        if alt:
            return f"#box(inset: 0pt)[#{picture}, alt: {typst_string(alt)})]"
        return f"#pdf.artifact[#{picture})]"

    # -- blocks ---------------------------------------------------------------------------

    def visit_bullet_list(self, node: nodes.Element) -> None:
        """Print the bullet list node."""
        classes = node.get("classes", [])
        items = [self.list_item(item) for item in node.children]
        if "cx-resource-list" in classes or "cx-cards" in " ".join(classes):
            self.block(self.anchors(node) + "".join(f"#block(width: 100%)[{i}]\n" for i in items))
        elif "cx-tags" in classes:
            self.body.append(self.anchors(node) + ", ".join(items))
        elif "contains-task-list" in classes:
            cells = ", ".join(f"[{i}]" for i in items)
            self.block(self.anchors(node) + f"#list(marker: none, {cells})")
        else:
            self.block(self.anchors(node) + f"#list({', '.join(f'[{i}]' for i in items)})")
        raise nodes.SkipNode

    def list_item(self, item: nodes.Node) -> str:
        """The markup of one list item."""
        if not isinstance(item, nodes.Element):
            return ""
        classes = item.get("classes", [])
        inner = self.anchors(item) + self.render(item).strip()
        if "cx-card" in " ".join(classes):
            return self.card(inner, stroke="#a9aeb1")
        return inner

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        """Print the enumerated list node."""
        items = [self.list_item(item) for item in node.children]
        pattern = ENUM_PATTERNS.get(node.get("enumtype", "arabic"), "1.")
        start = int(node.get("start", 1))
        self.block(
            self.anchors(node)
            + f"#enum(numbering: {typst_string(pattern)}, start: {start}, "
            + ", ".join(f"[{i}]" for i in items)
            + ")"
        )
        raise nodes.SkipNode

    def visit_timeline_list(self, node: nodes.Element) -> None:
        """A timeline: numbered phases, each with a line down its left side."""
        phases = []
        for number, item in enumerate(node.children, 1):
            inner = self.render(item).strip() if isinstance(item, nodes.Element) else ""
            anchors = self.anchors(item) if isinstance(item, nodes.Element) else ""
            phases.append(
                f"#grid(columns: (7mm, 1fr), [#text(weight: 700, fill: {BLUE})[{number}.]], "
                f"block(breakable: false, inset: (left: 2mm), below: 3mm, "
                f'stroke: (left: 0.5mm + rgb("#73b3e7")))[{anchors}{inner}])'
            )
        self.block(self.anchors(node) + "\n".join(phases))
        raise nodes.SkipNode

    def visit_definition_list(self, node: nodes.Element) -> None:
        """Print the definition list node."""
        items = []
        for item in node.children:
            if not isinstance(item, nodes.definition_list_item):
                continue
            term = self.render_nodes(
                [c for c in item.children if isinstance(c, nodes.term | nodes.classifier)]
            )
            definition = self.render_nodes(
                [c for c in item.children if isinstance(c, nodes.definition)]
            )
            items.append(
                f"#block(below: 2mm, breakable: true)[#strong[{self.anchors(item)}{term}]\n\n"
                f"#pad(left: 5mm)[{definition.strip()}]]"
            )
        self.block(self.anchors(node) + "\n".join(items))
        raise nodes.SkipNode

    def visit_field_list(self, node: nodes.Element) -> None:
        """Print the field list node."""
        rows = []
        for field in node.children:
            if not isinstance(field, nodes.field):
                continue
            name = self.render(field[0])
            value = self.render(field[1]).strip() if len(field) > 1 else ""
            rows.append(f"[#strong[{name}]], [{value}]")
        self.block(f"#grid(columns: (auto, 1fr), gutter: 2mm, {', '.join(rows)})")
        raise nodes.SkipNode

    visit_docinfo = visit_field_list

    def visit_option_list(self, node: nodes.Element) -> None:
        """Print the option list node."""
        self.block(f"#raw(block: true, {typst_string(node.astext())})")
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.Element) -> None:
        """Print the literal block node."""
        lang = node.get("language", "")
        lang = lang if re.fullmatch(r"[\w+#-]+", lang or "") and lang != "default" else ""
        caption = ""
        self.block(
            self.anchors(node)
            + caption
            + f"#raw(block: true, lang: {typst_string(lang) if lang else 'none'}, "
            + f"{typst_string(self.printable(node.astext()))})"
        )
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def visit_line_block(self, node: nodes.Element) -> None:
        """Print the line block node."""
        lines = [self.render(line) for line in node.findall(nodes.line)]
        self.block(self.anchors(node) + " \\\n".join(lines))
        raise nodes.SkipNode

    def visit_block_quote(self, node: nodes.Element) -> None:
        """Print the block quote node."""
        inner = self.render(node)
        self.block(
            self.anchors(node)
            + '#block(inset: (left: 4mm, y: 1mm), stroke: (left: 3pt + rgb("#a9aeb1")))'
            + f"[#set text(fill: {GREY})\n{inner}]"
        )
        raise nodes.SkipNode

    def visit_attribution(self, node: nodes.Element) -> None:
        """Print the attribution node."""
        self.block(f"#align(right)[\u2014 {self.render(node)}]")
        raise nodes.SkipNode

    def visit_admonition(self, node: nodes.Element) -> None:
        """Print the admonition node."""
        name = node.tagname
        border, background = ADMONITION_COLOURS.get(name, ("#1a4480", "#eff6fb"))
        title = ""
        if name != "admonition" and name in self.book.admonition_labels:
            label = typst_text(self.book.admonition_labels[name])
            title = f'#text(font: "Public Sans", weight: 700)[{label}]\n\n'
        inner = self.render(node)
        self.block(
            self.anchors(node)
            + "#block(width: 100%, breakable: false, inset: (x: 4mm, y: 3mm), "
            + f'fill: rgb("{background}"), '
            f'stroke: (left: 1.2mm + rgb("{border}")))[{title}{inner}]'
        )
        raise nodes.SkipNode

    visit_note = visit_tip = visit_warning = visit_important = visit_admonition
    visit_caution = visit_danger = visit_error = visit_hint = visit_attention = visit_admonition
    visit_seealso = visit_admonition

    def visit_topic(self, node: nodes.Element) -> None:
        """Print the topic node."""
        self.block(self.card(self.anchors(node) + self.render(node), stroke="#a9aeb1"))
        raise nodes.SkipNode

    visit_sidebar = visit_topic

    def visit_transition(self, node: nodes.Element) -> None:
        """Print the transition node."""
        self.block(f"#line(length: 100%, stroke: 0.3mm + {RULE})")
        raise nodes.SkipNode

    def visit_compound(self, node: nodes.Element) -> None:
        """Print the compound node."""
        if "toctree-wrapper" in node.get("classes", []):
            raise nodes.SkipNode
        self.body.append(self.anchors(node))

    def depart_compound(self, node: nodes.Element) -> None:
        """Close the compound node."""
        pass

    def visit_figure(self, node: nodes.Element) -> None:
        """Print the figure node."""
        caption_node = node.next_node(nodes.caption)
        caption = self.render(caption_node) if caption_node is not None else ""
        if caption_node is not None and node.get("ids"):
            figtype = "figure"
            number = self.book.fignumbers.get(figtype, {}).get(node["ids"][0])
            if number:
                template = self.book.numfig_format.get(figtype, "Fig. %s")
                prefix = template % ".".join(map(str, number))
                caption = typst_text(prefix + " ") + caption
        alt = caption_node.astext() if caption_node is not None else ""
        body = "".join(
            self.image(child, alt) if isinstance(child, nodes.image) else self.render_nodes([child])
            for child in node.children
            if not isinstance(child, nodes.caption | nodes.legend)
        )
        legend = node.next_node(nodes.legend)
        extra = self.render(legend) if legend is not None else ""
        self.block(
            self.anchors(node)
            + f"#block(breakable: false, above: 4mm, below: 4mm)[{body}\n\n"
            + f"#text(size: 9pt, fill: {GREY})[{caption}]\n\n{extra}]"
        )
        raise nodes.SkipNode

    def visit_table(self, node: nodes.Element) -> None:
        """Print the table node."""
        tgroup = node.next_node(nodes.tgroup)
        if tgroup is None:
            raise nodes.SkipNode
        columns = int(tgroup.get("cols", 1))
        # The table's own parts only: a table nested in a cell is printed by that cell.
        widths = [
            int(c.get("colwidth", 1)) for c in tgroup.children if isinstance(c, nodes.colspec)
        ]
        if "colwidths-given" in node.get("classes", []) and len(widths) == columns:
            column_spec = "(" + ", ".join(f"{w}fr" for w in widths) + ",)"
        else:
            column_spec = str(columns)
        head: list[str] = []
        body: list[str] = []
        rows = [
            row
            for part in tgroup.children
            if isinstance(part, nodes.thead | nodes.tbody)
            for row in part.children
            if isinstance(row, nodes.row)
        ]
        for row in rows:
            cells = []
            for entry in row.children:
                if not isinstance(entry, nodes.entry):
                    continue
                inner = self.render(entry).strip()
                spans = ""
                if entry.get("morecols"):
                    spans += f"colspan: {int(entry['morecols']) + 1}, "
                if entry.get("morerows"):
                    spans += f"rowspan: {int(entry['morerows']) + 1}, "
                cells.append(f"table.cell({spans})[{inner}]" if spans else f"[{inner}]")
            (head if isinstance(row.parent, nodes.thead) else body).extend(cells)
        title = ""
        title_node = node.next_node(nodes.title)
        if title_node is not None and title_node.parent is node:
            caption = self.render(title_node)
            number = self.book.fignumbers.get("table", {}).get((node.get("ids") or [""])[0])
            if number:
                template = self.book.numfig_format.get("table", "Table %s")
                prefix = template % ".".join(map(str, number))
                caption = typst_text(prefix + " ") + caption
            title = f"#block(sticky: true, below: 1.5mm)[#text(weight: 600)[{caption}]]\n"
        header = f"table.header({', '.join(head)}), " if head else ""
        self.block(
            self.anchors(node)
            + title
            + f"#table(columns: {column_spec}, {header}{', '.join(body)})"
        )
        raise nodes.SkipNode

    # -- sphinx-design ------------------------------------------------------------------

    def visit_dropdown_main(self, node: nodes.Element) -> None:
        """Print the dropdown main node."""
        self.block(self.card(self.anchors(node) + self.render(node), stroke="#c6c6c6"))
        raise nodes.SkipNode

    def visit_dropdown_title(self, node: nodes.Element) -> None:
        """Print the dropdown title node."""
        self.body.append(f"#block(below: 1.5mm)[{self.render(node)}]\n\n")
        raise nodes.SkipNode

    def visit_sd_tab_input(self, node: nodes.Element) -> None:
        """Print the sd tab input node."""
        raise nodes.SkipNode

    def visit_sd_tab_label(self, node: nodes.Element) -> None:
        """Print the sd tab label node."""
        self.block(
            f"#block(width: 100%, sticky: true, above: 3mm, below: 1.5mm, inset: (bottom: 1mm), "
            f'stroke: (bottom: 0.3mm + {RULE}))[#text(font: "Public Sans", weight: 700, '
            f"fill: {BLUE})[{self.render(node)}]]"
        )
        raise nodes.SkipNode

    # -- left out -----------------------------------------------------------------------

    def skip(self, node: nodes.Node) -> None:
        """Leave the node out."""
        raise nodes.SkipNode

    visit_comment = skip
    visit_system_message = skip
    visit_problematic = visit_inline
    visit_substitution_definition = skip
    visit_meta = skip
    visit_toctree = skip
    visit_index = skip
    visit_pending_xref = visit_inline
    visit_label = skip
    visit_caption = skip
    visit_legend = skip
    visit_colspec = skip
    visit_math = visit_literal
    visit_math_block = visit_literal_block
    visit_abbreviation = visit_inline
    visit_acronym = visit_inline
    visit_download_reference = visit_inline
    visit_number_reference = visit_reference


def collect_targets(tree: nodes.Element) -> tuple[dict[str, str], dict[str, str]]:
    """Every id a link names → the label of its place (``document-<docname>`` for a page).

    Also returns each label's fallback: the label of the chapter it is in, whose page
    serves when the target itself prints nothing (an id on a hidden node).
    """
    referenced: set[str] = set()
    for node in tree.findall(nodes.Element):
        if node.get("refid"):
            referenced.add(node["refid"])
        uri = node.get("refuri", "")
        if isinstance(node, nodes.reference) and uri.startswith("#") and len(uri) > 1:
            referenced.add(uri[1:])
    targets: dict[str, str] = {}
    fallback: dict[str, str] = {}

    def walk(node: nodes.Element, chapter: str) -> None:
        """Record the ids under *node* that a link names, with their chapter."""
        if node.get("cx_docname") is not None:
            chapter = typst_label(f"document-{node['cx_docname']}")
        for node_id in node.get("ids", []):
            if node_id in referenced:
                targets[node_id] = typst_label(node_id)
                fallback[typst_label(node_id)] = chapter
        if isinstance(node, addnodes.start_of_file):
            name = f"document-{node['docname']}"
            if name in referenced:
                targets[name] = typst_label(name)
        for child in node.children:
            if isinstance(child, nodes.Element):
                walk(child, chapter)

    walk(tree, "")
    return targets, fallback


def attach_visitors(translator: Any, handlers: dict[str, tuple[Any, Any]]) -> None:
    """Give *translator* the ``typst`` visitors of custom nodes it has none of its own for."""
    from types import MethodType

    for name, (visit, depart) in handlers.items():
        if not hasattr(type(translator), "visit_" + name):
            setattr(translator, "visit_" + name, MethodType(visit, translator))
            if depart:
                setattr(translator, "depart_" + name, MethodType(depart, translator))
