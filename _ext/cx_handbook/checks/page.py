"""A page read for checking: front matter, headings, links, images and prose, with lines.

The body is the text the build parses (:class:`.build.SourceText`: after every
``source-read`` handler, so Hugo shortcodes are expanded and Markdown repaired), read by
MyST's own markdown-it parser with the site's MyST extensions, so what counts as a link
or a heading here is what counts in the build. Directive bodies (notes, cards, grids) are
split from their options by MyST's own directive parser and read too; code is skipped.
Every line is the line in the file as written (through the shortcode line map).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.utils import SystemMessage
from myst_parser.parsers.directives import MarkupError, parse_directive_text

from ..model.page import FrontMatter, Problem, clean_text
from ..sources.markdown import markdown_tokens

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from markdown_it.token import Token

    from .build import SourceText

#: Finds the directive class a directive name stands for in the build (None: unknown).
DirectiveLookup = Callable[[str], "type[Directive] | None"]

#: Directives whose body is code or a list of pages, not prose.
NON_PROSE_DIRECTIVES = frozenset(
    {"code", "code-block", "sourcecode", "code-cell", "toctree", "raw", "math",
     "literalinclude", "mermaid", "csv-table", "include", "eval-rst", "graphviz"}
)  # fmt: skip
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}")
_IGNORE_COMMENT = re.compile(r"<!--\s*check:\s*ignore\s+([\w\s,-]+?)\s*-->")


@dataclass(frozen=True)
class Link:
    """A link as a reader meets it: its text, where it goes, and the words after it."""

    text: str
    href: str
    line: int
    after: str = ""
    origin: str = "body"  # "body" or a front-matter key such as "cta"


@dataclass(frozen=True)
class Image:
    """An image and its alternative text."""

    src: str
    alt: str | None
    line: int


@dataclass(frozen=True)
class Heading:
    """A heading (level 1-6) with its text."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Prose:
    """A paragraph or list item of running text, its line breaks kept as newlines.

    ``text`` is what a reader reads (code spans included); ``words`` leaves code out,
    for rules about the writer's own words (a ```TODO``` in code is not a placeholder).
    ``lines`` holds the file line of each line of ``text``.
    """

    text: str
    line: int
    words: str = ""
    lines: tuple[int, ...] = ()

    def line_at(self, offset: int) -> int:
        """The file line of line *offset* (0-based) of ``text``."""
        if 0 <= offset < len(self.lines):
            return self.lines[offset]
        return self.line + offset


@dataclass(frozen=True)
class Scalar:
    """A text value in the front matter, with its key path and line."""

    path: str
    value: str
    line: int


@dataclass
class Page:
    """Everything the rules need from one Markdown page."""

    path: Path
    label: str  # how findings name the file (relative to the working directory)
    front_matter: FrontMatter
    problems: list[Problem]
    scalars: list[Scalar] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    prose: list[Prose] = field(default_factory=list)
    title_line: int | None = None
    #: rule id -> lines it is silenced on; ``0`` silences the whole page.
    ignored: dict[str, set[int]] = field(default_factory=dict)

    @property
    def title(self) -> str | None:
        """The front-matter title, else the first ``#`` heading."""
        if self.front_matter.title:
            return self.front_matter.title
        first = next((h for h in self.headings if h.level == 1), None)
        return first.text if first else None

    def is_ignored(self, rule: str, line: int) -> bool:
        """True when *rule* is silenced for the page or on *line*."""
        lines = self.ignored.get(rule, set())
        return 0 in lines or line in lines


def read_page(
    source: SourceText,
    label: str,
    front_matter: FrontMatter,
    problems: list[Problem],
    *,
    extensions: frozenset[str] = frozenset(),
    directive: DirectiveLookup | None = None,
) -> Page:
    """Read *source* (the text the build parses) with the site's MyST *extensions*.

    *front_matter* and its *problems* come from the model; *directive* finds the
    directive classes of the build (without it, no directive body is read).
    """
    page = Page(source.path, label, front_matter, problems)
    page.scalars = _front_matter_scalars(front_matter)
    page.title_line = front_matter.key_line("title") if front_matter.title is not None else None
    if front_matter.title and page.title_line:
        # myst_title_to_header: the front-matter title is the page's H1.
        page.headings.append(Heading(1, front_matter.title, page.title_line))
    if front_matter.cta and front_matter.cta_link:
        cta_line = front_matter.key_line("cta") or 1
        page.links.append(Link(front_matter.cta, front_matter.cta_link, cta_line, origin="cta"))
    reader = _Reader(page, source, extensions, directive)
    reader.walk(markdown_tokens(source.text, extensions), 0)
    page.ignored = _ignores(source, front_matter)
    return page


# -- front matter ------------------------------------------------------------------


def _front_matter_scalars(model: FrontMatter) -> list[Scalar]:
    """Every text value the model kept (``items[0].title``), at its key's file line."""
    found: list[Scalar] = []

    def visit(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))
        elif isinstance(value, str) and path and (line := model.key_line(*path)) is not None:
            found.append(Scalar(_dotted(path), clean_text(value), line))

    visit(model.model_dump(by_alias=True, exclude_unset=True), ())
    return found


def _dotted(path: tuple[str | int, ...]) -> str:
    """``("items", 0, "title")`` → ``items[0].title``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


# -- body ----------------------------------------------------------------------------


@dataclass
class _Reader:
    """Collects headings, prose, links and images from markdown-it tokens."""

    page: Page
    source: SourceText
    extensions: frozenset[str]
    directive: DirectiveLookup | None

    def walk(self, tokens: list[Token], offset: int) -> None:
        """Read *tokens* of text whose first line is line *offset* + 1 of the source."""
        for index, token in enumerate(tokens):
            line = offset + (token.map[0] if token.map else 0) + 1
            if token.type in ("fence", "colon_fence"):
                self.walk_directive(token, offset)
            elif token.type == "inline":
                parent = tokens[index - 1] if index else None
                self.walk_inline(token, line, parent)
            elif token.type == "html_block":
                self.page.images.extend(_html_images(token.content, self.source.file_line(line)))

    def walk_directive(self, token: Token, offset: int) -> None:
        """Read a directive's body, split from its options as MyST splits it."""
        info = token.info.strip()
        match = _DIRECTIVE.match(info)
        if not match or match.group(1) in NON_PROSE_DIRECTIVES or not token.map:
            return
        found = self.directive(match.group(1)) if self.directive else None
        if found is None:
            return
        try:
            parsed = parse_directive_text(
                found, info[match.end() :].strip(), token.content, validate_options=False
            )
        except (MarkupError, SystemMessage):
            return  # the build reports it
        tokens = markdown_tokens("\n".join(parsed.body), self.extensions)
        self.walk(tokens, offset + token.map[0] + 1 + parsed.body_offset)

    def walk_inline(self, token: Token, line: int, parent: Token | None) -> None:
        """Read the links, images and words of one paragraph, heading or list item."""
        page, file_line = self.page, self.source.file_line
        text: list[str] = []
        words: list[str] = []
        link: dict[str, Any] | None = None
        last_link: dict[str, Any] | None = None
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                text.append("\n")
                words.append("\n")
                continue
            line_here = file_line(line + "".join(text).count("\n"))
            if child.type == "link_open":
                last_link = None
                link = {"href": str(child.attrs.get("href", "")), "text": [], "line": line_here}
            elif child.type == "link_close" and link is not None:
                last_link = link
                link["after"] = []
                page.links.append(Link("".join(link["text"]).strip(), link["href"], link["line"]))
                link = None
            elif child.type == "image":
                # Markdown cannot mark an image decorative: empty alt text is missing alt text.
                alt = child.content.strip() or None
                page.images.append(Image(str(child.attrs.get("src", "")), alt, line_here))
            elif child.type == "html_inline":
                page.images.extend(_html_images(child.content, line_here))
            elif child.type in ("text", "code_inline") or child.type.endswith("_role"):
                if link is not None:
                    link["text"].append(child.content)
                elif last_link is not None:
                    last_link["after"].append(child.content)
                    _set_after(page, last_link)
                text.append(child.content if child.type != "myst_role" else "")
                words.append(child.content if child.type == "text" else "")
        if token.map is None:
            return
        if parent is not None and parent.type == "heading_open":
            level = int(parent.tag[1])
            page.headings.append(Heading(level, " ".join("".join(words).split()), file_line(line)))
        elif parent is not None and parent.type == "paragraph_open":
            joined = "".join(text)
            if joined.strip():
                lines = tuple(file_line(line + n) for n in range(joined.count("\n") + 1))
                page.prose.append(Prose(joined, lines[0], "".join(words), lines))


def _set_after(page: Page, link: dict[str, Any]) -> None:
    """Record the words that follow the most recent link (its annotation lives there)."""
    last = page.links[-1]
    page.links[-1] = Link(last.text, last.href, last.line, "".join(link["after"]), last.origin)


class _ImageFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.images.append((values.get("src") or "", values.get("alt")))


def _html_images(html_text: str, line: int) -> list[Image]:
    if "<img" not in html_text.lower():
        return []
    finder = _ImageFinder()
    finder.feed(html_text)
    return [Image(src, alt, line) for src, alt in finder.images]


# -- silencing ---------------------------------------------------------------------------


def _ignores(source: SourceText, model: FrontMatter) -> dict[str, set[int]]:
    """Rules silenced by ``handbook: {ignore_checks: [...]}`` and ``<!-- check: ignore -->``.

    A comment silences its rules on its own line and through the next block (the
    paragraph, list or table that follows, up to a blank line), in the text the build
    parses; the lines are those of the file.
    """
    ignored: dict[str, set[int]] = {}
    for rule in model.handbook.ignore_checks:
        ignored.setdefault(rule, set()).add(0)
    lines = source.text.splitlines()
    for number, text in enumerate(lines, 1):
        for match in _IGNORE_COMMENT.finditer(text):
            covered = {number}
            following = number  # 0-based index of the next line
            while following < len(lines) and not lines[following].strip():
                following += 1
            while following < len(lines) and lines[following].strip():
                covered.add(following + 1)
                following += 1
            for rule in re.split(r"[\s,]+", match.group(1).strip()):
                ignored.setdefault(rule, set()).update(source.file_line(n) for n in covered)
    return ignored
