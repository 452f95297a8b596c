"""Markdown as real pages write it: broken links repaired or reported, emoji codes.

Text repairs run before the shortcode expansion (:func:`repair_markdown`) and never
change the number of lines, so every warning still names the line the writer sees:

* ``[text]([url](https://…))`` (a CMS link dialog typed into twice) → ``[text](https://…)``;
* ``[text] (https://…)`` (a space between the brackets) → ``[text](https://…)``;
* ``htps://`` → ``https://``;
* ``## Heading {#id}`` (Hugo heading ids) → ``## [Heading]{#id}`` (an anchor MyST keeps);
* a link with no text (``[ ](https://…)``, often a line break between the brackets) →
  the address as its text: a link must have a name (axe ``link-name``);
* an ``<img>`` whose ``src`` is on another host → a link to the image named by its
  ``alt`` (else its ``title``), as the image shortcodes show the site's remote images:
  nothing on a page is fetched from another host (no warning: the image is kept);
* a heading with no text (``## `` alone on its line) → a blank line: an empty heading
  tells a screen reader's heading list nothing (axe ``empty-heading``);
* HTML indented under a blank line inside an open element (``<table>`` … ``····<th>``)
  loses its indentation, so it is HTML again rather than a code block.

Each repair is reported (``handbook.markdown``) so the source can be fixed. Fenced and
inline code are left alone. A code fence named by a file name (`` ```.htaccess ``) is
highlighted as that file's language, as Hugo's highlighter (Chroma) finds it
(:class:`FileNameLanguages`). ``:tada:``-style emoji codes become emoji in a transform
over text nodes (:class:`EmojiCodes`), which never touches code.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx.transforms import SphinxTransform

from ..core.warnings import WarningKind

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_NESTED_LINK = re.compile(
    r"\[(?P<text>[^\]\n]*)\]\(\s*\[[^\]\n]*\]\(\s*<?(?P<url>[^()\s<>]+)>?\s*\)\s*\)"
)
_SPACED_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\][ \t]+\((?P<url>https?://[^()\s]+)\s*\)")
_BAD_SCHEME = re.compile(r"\b(?:htps|htts|htp|htt)(?=://)")
_HEADING_ID = re.compile(
    r"^(?P<hashes>[ \t]{0,3}#{1,6}[ \t]+)(?P<text>[^\n\[\]]+?)[ \t]*\{#(?P<id>[\w:.-]+)\}[ \t]*$",
    re.MULTILINE,
)
_EMPTY_LINK = re.compile(
    r"(?<![!\]\\])\[(?P<space>\s*)\]\((?P<url>(?:https?://|mailto:)[^()\s]+)\)"
)
_IMG = re.compile(r"<img\b(?P<attrs>[^<>]*?)/?>", re.I)
_ATTRIBUTE = re.compile(
    r"""(?P<name>[\w-]+)\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s>]+))"""
)
_EMPTY_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+#*)?[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)\b[^<>]*?(/?)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG_LINE = re.compile(r"^(?: {4,}|\t)[ \t]*(?=</?[a-zA-Z][\w-]*[\s/>])")
#: HTML elements that have no closing tag.
VOID_ELEMENTS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"})
#: Node types whose text is code, not prose.
CODE_NODES = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math)


@dataclass
class Problem:
    """Something written that could not be rendered as written (1-based line)."""

    kind: WarningKind
    message: str
    line: int


def protected_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline code spans, which are left as written."""
    ranges: list[tuple[int, int]] = []
    prose: list[tuple[int, int]] = []
    offset = prose_start = fence_start = 0
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, fence_start = match.group(1), offset
            prose.append((prose_start, offset))
        elif fence is not None and match and match.group(1)[0] == fence[0]:
            rest = line.strip()[len(match.group(1)) :]
            if len(match.group(1)) >= len(fence) and not rest:
                ranges.append((fence_start, offset + len(line)))
                fence, prose_start = None, offset + len(line)
        offset += len(line)
    if fence is not None:
        ranges.append((fence_start, len(text)))
    else:
        prose.append((prose_start, len(text)))
    for start, end in prose:
        ranges.extend(code.span() for code in _INLINE_CODE.finditer(text, start, end))
    return sorted(ranges)


def open_elements(html_text: str, depth: int = 0) -> int:
    """How many elements are open after *html_text*, *depth* being open before it.

    Void elements (``<br>``, ``<img>``) and self-closed tags open nothing, nor does
    ``<p>`` (often left open, and closed by the next block anyway); a closing tag with
    nothing open is ignored, as a browser ignores it.
    """
    for match in _ANY_TAG.finditer(_HTML_COMMENT.sub("", html_text)):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID_ELEMENTS or name == "p" or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
    return depth


def dedent_split_html(text: str, in_code: Callable[[int], bool]) -> str:
    """HTML indented under a blank line inside an open HTML element, read as HTML again.

    Pages exported from WordPress indent a table's rows (``<table>`` … blank line …
    ``····<th>``). CommonMark ends the HTML block at the blank line and reads the
    indented line as a code block, so the table's cells showed as code. While an
    element is open, such a line loses its indentation: it starts an HTML block, which
    the sanitiser joins to the structure it belongs to. Lines are kept as lines.
    """
    lines = text.splitlines(keepends=True)
    depth, blank_before, offset = 0, True, 0
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line)
        if in_code(start):
            continue
        if not line.strip():
            blank_before = True
            continue
        if blank_before and depth and (indent := _TAG_LINE.match(line)):
            lines[number] = line[indent.end() :]
        blank_before = False
        depth = open_elements(_INLINE_CODE.sub("", line), depth)
    return "".join(lines)


def html_attributes(text: str) -> dict[str, str]:
    """The attributes of an HTML tag's text (``src="…" title='…'``), entities decoded."""
    return {
        m.group("name").lower(): html.unescape(m.group("d") or m.group("s") or m.group("u") or "")
        for m in _ATTRIBUTE.finditer(text)
    }


def remote_image_link(tag: str) -> str | None:
    """``<img src="https://…">`` as a link to the image named by its words (None: local)."""
    attrs = html_attributes(tag)
    src = attrs.get("src", "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if not re.match(r"https?://", src, re.I):
        return None
    text = remote_image_words(src, attrs.get("alt") or attrs.get("title") or "")
    return f'<a class="cx-image-link" href="{html.escape(src)}">{html.escape(text)}</a>'


def is_remote_image(src: str) -> bool:
    """Whether an image's address is on another host (``https://…``, ``//…``)."""
    return bool(re.match(r"(?:https?:)?//", src.strip(), re.I))


def remote_image_words(src: str, words: str) -> str:
    """What a link to a remote image says: its *words* (alt text), else its host."""
    words = " ".join(words.split())
    return f"Image: {words}" if words else f"Image on {urlsplit(src).hostname or src}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _front_matter_end(text: str) -> int:
    """Where the body starts: after a ``---`` front-matter block (YAML ``#`` is a comment)."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


def repair_markdown(text: str) -> tuple[str, list[Problem]]:
    """Repair broken link syntax and heading ids in *text*, keeping its line count."""
    problems: list[Problem] = []
    protected = protected_ranges(text)

    def in_code(offset: int) -> bool:
        return any(a <= offset < b for a, b in protected)

    def note(message: str, match: re.Match[str]) -> None:
        problems.append(Problem(WarningKind.MARKDOWN, message, _line(text, match.start())))

    def nested(match: re.Match[str]) -> str:
        if in_code(match.start()):
            return match.group(0)
        note(
            f"link '[{match.group('text')}]' wraps a second link; it now points to "
            f"{match.group('url')}. Write it as [text](URL)",
            match,
        )
        return f"[{match.group('text')}]({match.group('url')})"

    def spaced(match: re.Match[str]) -> str:
        if in_code(match.start()):
            return match.group(0)
        note(
            f"link '[{match.group('text')}]' has a space before '(': read as a link; "
            "remove the space",
            match,
        )
        return f"[{match.group('text')}]({match.group('url')})"

    def scheme(match: re.Match[str]) -> str:
        if in_code(match.start()):
            return match.group(0)
        note(
            f"URL scheme '{match.group(0)}://' is misspelt and was read as a web "
            "address; fix the URL",
            match,
        )
        return "https" if match.group(0).endswith("s") else "http"

    def heading_id(match: re.Match[str]) -> str:
        if in_code(match.start()):
            return match.group(0)
        return f"{match.group('hashes')}[{match.group('text')}]{{#{match.group('id')}}}"

    body_start = _front_matter_end(text)

    def remote_img(match: re.Match[str]) -> str:
        if match.start() < body_start or in_code(match.start()):
            return match.group(0)
        link = remote_image_link(match.group("attrs"))
        return match.group(0) if link is None else link + "\n" * match.group(0).count("\n")

    def empty_link(match: re.Match[str]) -> str:
        if match.start() < body_start or in_code(match.start()):
            return match.group(0)
        url = match.group("url")
        note(
            f"link to {url} has no text; its address is shown as its text. "
            "Write the words it should have between the brackets",
            match,
        )
        return f"[{url}{match.group('space')}]({url})"

    def empty_heading(match: re.Match[str]) -> str:
        if match.start() < body_start or in_code(match.start()):
            return match.group(0)
        note(
            f"heading '{match.group(0).strip()}' has no text and was left out; "
            "give it its words or delete the line",
            match,
        )
        return ""

    # Each pass keeps offsets' lines: replacements never add or remove a newline. The
    # code spans are found again only after a pass that changed the text.
    passes = [
        (_NESTED_LINK, nested),
        (_SPACED_LINK, spaced),
        (_BAD_SCHEME, scheme),
        (_HEADING_ID, heading_id),
        (_EMPTY_HEADING, empty_heading),
        (_EMPTY_LINK, empty_link),
        (_IMG, remote_img),
    ]
    for pattern, repair in passes:
        repaired = pattern.sub(repair, text)
        if repaired != text:
            text, protected = repaired, protected_ranges(repaired)
    text = dedent_split_html(text, in_code)
    return text, problems


class EmojiCodes(SphinxTransform):
    """``:tada:`` and other emoji short codes in prose become the emoji."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        """Replace emoji codes in every prose text node."""
        import emoji  # here: a build that reads no page never needs its tables

        for text in list(self.document.findall(nodes.Text)):
            if ":" not in text or _in_code(text):
                continue
            new = emoji.emojize(str(text), language="alias")
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))


class FileNameLanguages(SphinxTransform):
    """A code block whose language is a file name (``.htaccess``) gets that file's lexer.

    Chroma, Hugo's highlighter, looks a fence's language up by name, alias or file
    name; Pygments only by name, so ``.htaccess`` failed to highlight with a warning.
    """

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        """Name each such block's language by the lexer its file name gives."""
        for block in self.document.findall(nodes.literal_block):
            language = block.get("language", "")
            if not language or "." not in language:
                continue
            try:
                get_lexer_by_name(language)
            except ClassNotFound:
                lexer = find_lexer_class_for_filename(language)
                if lexer is not None and lexer.aliases:
                    block["language"] = lexer.aliases[0]


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, CODE_NODES):
            return True
        parent = parent.parent
    return False


def setup(app: Sphinx) -> ExtensionMetadata:
    """Turn emoji codes into emoji (text repairs run inside the shortcode expansion)."""
    app.add_transform(EmojiCodes)
    app.add_transform(FileNameLanguages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
