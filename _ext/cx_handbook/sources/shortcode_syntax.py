"""Hugo shortcode syntax: the page as a tree of text spans and shortcodes, and its expansion.

:func:`parse` reads a page into a tree of text spans and :class:`Shortcode` nodes
(positional and named parameters, straight, back-tick and curly quotes, paired and
self-closing forms, nesting, ``{{% %}}`` and the ``{{</* escaped */>}}`` form); fenced
code and inline code are left alone. :class:`Context` renders a tree into
:class:`Part` pieces with the renderers it is given, keeping each piece's offset in the
original text so warnings name the line the writer sees. No Sphinx here, and no
knowledge of what any shortcode means (that is :mod:`.shortcode_mapping`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.util.docutils import is_directive_registered

from ..core.warnings import WarningKind
from .markdown_repair import Problem, protected_ranges

#: Where digital.gov keeps ``asset-static`` and ``legacy-*`` files (its ``cdnurl``).
DEFAULT_CDN_URL = "https://s3.amazonaws.com/digitalgov"

_TAG_START = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"\s*(/)?\s*([A-Za-z0-9_][\w./-]*)")
#: Opening quote → the quotes that may close it (WordPress-era pages mix curly quotes).
_QUOTES = {'"': '"', "`": "`", "\u201c": "\u201d\u201c", "\u201d": "\u201d\u201c"}


# -- the tree --------------------------------------------------------------------


@dataclass
class Span:
    """Text of the original page between shortcodes (``start``/``end`` offsets)."""

    start: int
    end: int


@dataclass
class Literal:
    """An escaped shortcode ``{{</* x */>}}``, shown as written without the comment marks."""

    start: int
    text: str


@dataclass
class Shortcode:
    """One shortcode; ``children`` is ``None`` when it has no closing tag."""

    name: str
    args: list[str]
    kwargs: dict[str, str]
    start: int
    end: int
    markdown: bool = False
    children: list[Node] | None = None
    close_start: int | None = None
    close_end: int | None = None

    @property
    def paired(self) -> bool:
        """True for ``{{< x >}} … {{< /x >}}``."""
        return self.close_end is not None

    def get(self, key: str | int, default: str = "") -> str:
        """A named (``key="v"``) or positional (``0``) parameter, entity-decoded."""
        if isinstance(key, int):
            return self.args[key] if key < len(self.args) else default
        return self.kwargs.get(key, default)


Node = Span | Literal | Shortcode


@dataclass
class Tag:
    """A shortcode tag found by the lexer."""

    start: int
    end: int
    name: str
    closing: bool = False
    self_closing: bool = False
    escaped: bool = False
    markdown: bool = False
    args: list[str] = field(default_factory=list)
    kwargs: dict[str, str] = field(default_factory=dict)


# -- lexing ----------------------------------------------------------------------


def _read_value(text: str, i: int, closer: str) -> tuple[str, int] | None:
    """A quoted or bare parameter value starting at *i*."""
    if i < len(text) and text[i] in _QUOTES:
        ends = _QUOTES[text[i]]
        j = i + 1
        out: list[str] = []
        while j < len(text) and text[j] not in ends:
            if text[j] == "\\" and text[i] == '"' and j + 1 < len(text):
                j += 1
            out.append(text[j])
            j += 1
        if j >= len(text):
            return None
        return "".join(out), j + 1
    j = i
    while j < len(text) and not text[j].isspace() and not text.startswith(closer, j):
        j += 1
    return text[i:j], j


def read_tag(text: str, start: int) -> Tag | None:
    """Read the shortcode tag that starts at *start*, or ``None`` if it is not one."""
    delim = text[start + 2]
    closer = ">}}" if delim == "<" else "%}}"
    i = start + 3
    escaped = text.startswith("/*", i)
    if escaped:
        i += 2
    name = _NAME.match(text, i)
    if not name:
        return None
    tag = Tag(start, start, name.group(2), closing=bool(name.group(1)), markdown=delim == "%")
    tag.escaped = escaped
    i = name.end()
    if escaped:
        closer = "*/" + closer
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith(closer, i):
            tag.end = i + len(closer)
            return tag
        if text.startswith("/" + closer, i):
            tag.self_closing, tag.end = True, i + 1 + len(closer)
            return tag
        key = re.compile(r"([\w-]+)=").match(text, i)
        value = _read_value(text, key.end() if key else i, closer)
        if value is None or value[1] == i:
            return None
        decoded = html.unescape(value[0])
        if key:
            tag.kwargs[key.group(1)] = decoded
        else:
            tag.args.append(decoded)
        i = value[1]
    return None


def lex(text: str) -> list[Tag]:
    """Every shortcode tag outside code, in order."""
    tags: list[Tag] = []
    protected = protected_ranges(text)
    pos = 0
    for match in _TAG_START.finditer(text):
        start = match.start()
        if start < pos or any(a <= start < b for a, b in protected):
            continue
        tag = read_tag(text, start)
        if tag is not None:
            tags.append(tag)
            pos = tag.end
    return tags


def parse(text: str) -> tuple[list[Node], list[tuple[str, int]]]:
    """The page as a tree; also ``(message, offset)`` for stray closing tags."""
    root: list[Node] = []
    stack: list[Shortcode] = []
    stray: list[tuple[str, int]] = []
    cursor = 0

    def current() -> list[Node]:
        return stack[-1].children if stack else root  # type: ignore[return-value]

    def unpair(node: Shortcode) -> None:
        inner, node.children = node.children or [], None
        current().extend(inner)

    for tag in lex(text):
        if tag.start > cursor:
            current().append(Span(cursor, tag.start))
        cursor = tag.end
        if tag.escaped:
            shown = text[tag.start : tag.end].replace("/*", "", 1)
            shown = shown[: shown.rfind("*/")] + shown[shown.rfind("*/") + 2 :]
            current().append(Literal(tag.start, shown))
            continue
        if tag.closing:
            names = [s.name for s in stack]
            if tag.name not in names:
                stray.append((f"closing '{{{{< /{tag.name} >}}}}' has no opening tag", tag.start))
                continue
            index = len(names) - 1 - names[::-1].index(tag.name)
            while len(stack) - 1 > index:
                unpair(stack.pop())
            node = stack.pop()
            node.close_start, node.close_end = tag.start, tag.end
            continue
        node = Shortcode(tag.name, tag.args, tag.kwargs, tag.start, tag.end, tag.markdown)
        current().append(node)
        if not tag.self_closing:
            node.children = []
            stack.append(node)
    if cursor < len(text):
        current().append(Span(cursor, len(text)))
    while stack:
        unpair(stack.pop())
    return root, stray


# -- rendering -------------------------------------------------------------------


@dataclass
class Part:
    """A piece of the expanded page: copied from *offset* (verbatim) or generated there."""

    text: str
    offset: int
    verbatim: bool = False


Parts = list[Part]
Renderer = Callable[[Shortcode, "Parts | None", "Context"], Parts]


def flatten(parts: Parts | None) -> str:
    """The text of *parts*."""
    return "".join(p.text for p in parts or [])


@dataclass
class Context:
    """What a renderer may know about the page being expanded."""

    source: str
    docname: str | None = None
    srcdir: Path | None = None
    docdir: Path | None = None
    cdn_url: str = DEFAULT_CDN_URL
    #: the address the site is published at (``html_baseurl``; a Hugo site's ``baseURL``)
    base_url: str = ""
    #: a Hugo site's data files (``data/<name>.yml``), by name
    data: Mapping[str, Any] = field(default_factory=dict)
    #: a Hugo site's image records (``data/images/<uid>.yml``), by uid
    images: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    has_directive: Callable[[str], bool] = is_directive_registered
    #: The renderer of a shortcode name (the mapping table's lookup, set by ``expand``).
    renderer_for: Callable[[str], Renderer] | None = None
    _line_starts: list[int] = field(default_factory=list)

    def line(self, offset: int) -> int:
        """1-based line of *offset* in the original text."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        lo, hi = 0, len(self._line_starts)
        while lo + 1 < hi:
            mid = (lo + hi) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1

    def problem(self, kind: WarningKind, message: str, offset: int) -> None:
        """Report *message* at the line of *offset*."""
        self.problems.append(Problem(kind, message, self.line(offset)))

    def render(self, children: list[Node] | None) -> Parts:
        """Render a list of tree nodes."""
        if self.renderer_for is None:
            raise RuntimeError("Context.renderer_for is not set: expand() sets it")
        parts: Parts = []
        for child in children or []:
            if isinstance(child, Span):
                parts.append(Part(self.source[child.start : child.end], child.start, True))
            elif isinstance(child, Literal):
                parts.append(Part(child.text, child.start))
            else:
                inner = None if child.children is None else self.render(child.children)
                parts.extend(self.renderer_for(child.name)(child, inner, self))
        return parts

    def at_line_start(self, offset: int) -> str | None:
        """The indentation before *offset* if only white space precedes it on its line."""
        start = self.source.rfind("\n", 0, offset) + 1
        before = self.source[start:offset]
        return before if not before.strip() else None

    def at_line_end(self, offset: int) -> bool:
        """True if only white space follows *offset* on its line."""
        end = self.source.find("\n", offset)
        return not self.source[offset : len(self.source) if end < 0 else end].strip()


@dataclass
class Expansion:
    """The expanded page, its line map (expanded line → original line) and problems."""

    text: str
    line_map: list[int]
    problems: list[Problem]


def line_map(parts: Parts, ctx: Context) -> list[int]:
    """For each 0-based line of the joined *parts*, the original 1-based line."""
    lines: list[int] = []
    for part in parts:
        first = ctx.line(part.offset)
        pieces = part.text.split("\n")
        if not lines:
            lines.append(first)
        for k in range(1, len(pieces)):
            lines.append(first + k if part.verbatim else first)
    return lines
