"""The content rules: one function per rule, each yielding findings for one page.

Every message says what is wrong in plain words and then what to do about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from textwrap import shorten

from ..core.warnings import WarningKind
from ..model.page import is_unsafe_url
from ..sources.annotations import link_facts, type_from_url
from ..sources.placeholders import find_placeholder
from . import DEFAULT_READING_GRADE, DEFAULT_SENTENCE_WORDS
from .findings import Finding
from .page import Page
from .readability import reading_grade, sentences


@dataclass(frozen=True)
class Settings:
    """Site-wide settings from ``conf.py``."""

    reading_grade: float = DEFAULT_READING_GRADE
    sentence_words: int = DEFAULT_SENTENCE_WORDS
    ignore: frozenset[str] = frozenset()
    #: ``myst_enable_extensions``: the parser must see the syntax the site sees
    myst_extensions: frozenset[str] = frozenset()
    #: title -> labels of every page that has it (filled across the whole project)
    titles: dict[str, list[str]] = field(default_factory=dict)


Rule = Callable[[Page, Settings], Iterator[Finding]]


# -- front matter --------------------------------------------------------------------

_PROBLEM_RULES = {
    WarningKind.YAML: "front-matter",
    WarningKind.FRONTMATTER: "front-matter",
    WarningKind.FRONTMATTER_UNKNOWN_KEY: "unknown-key",
    WarningKind.UNSAFE_URL: "unsafe-url",
}


def front_matter(page: Page, settings: Settings) -> Iterator[Finding]:
    """The site's own front-matter problems (the same model and messages as the build)."""
    for problem in page.problems:
        rule = _PROBLEM_RULES.get(problem.kind, "front-matter")
        message = problem.message[0].upper() + problem.message[1:]
        if rule == "unknown-key":
            message += ": check its spelling against the key table in the writers' guide"
        yield Finding.of(rule, page.label, problem.line, message)


def missing_title(page: Page, settings: Settings) -> Iterator[Finding]:
    """Every page needs a title: it names the page in navigation, search and the tab."""
    if not page.title:
        yield Finding.of(
            "missing-title",
            page.label,
            1,
            "The page has no title: add 'title: …' to its front matter "
            "(a short name a reader would search for)",
        )


def unsafe_links(page: Page, settings: Settings) -> Iterator[Finding]:
    """``javascript:`` and ``data:`` links in the body (front matter is the model's job)."""
    for link in page.links:
        if link.origin == "body" and is_unsafe_url(link.href):
            yield Finding.of(
                "unsafe-url",
                page.label,
                link.line,
                f"Link '{link.text}' runs a script or embeds data ({link.href[:30]!r}): "
                "link to an http(s) address or a page of the handbook instead",
            )


# -- placeholder text --------------------------------------------------------------------


def placeholder_text(page: Page, settings: Settings) -> Iterator[Finding]:
    """Draft text left on a page: in front-matter values, headings, prose and link text."""
    for scalar in page.scalars:
        if found := find_placeholder(scalar.value):
            yield Finding.of(
                "placeholder-text",
                page.label,
                scalar.line,
                f"Placeholder text '{found}' in front matter '{scalar.path}': "
                "replace it with the real content, or remove the entry",
            )
    for heading in page.headings:
        if heading.line != page.title_line and (found := find_placeholder(heading.text)):
            yield _placeholder_finding(page, heading.line, found)
    for block in page.prose:
        for number, text in enumerate(block.words.split("\n")):
            if found := find_placeholder(text):
                yield _placeholder_finding(page, block.line_at(number), found)


def _placeholder_finding(page: Page, line: int, found: str) -> Finding:
    return Finding.of(
        "placeholder-text",
        page.label,
        line,
        f"Placeholder text '{found}' is still on the page: "
        "replace it with the real content, or remove it",
    )


# -- links ------------------------------------------------------------------------------

VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "learn more", "this link", "read more", "more", "link",
     "click", "this", "this page", "more info", "more information", "details",
     "find out more", "see more", "go here", "continue", "website", "click this link",
     "what s this", "what is this"}
)  # fmt: skip
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def vague_link_text(page: Page, settings: Settings) -> Iterator[Finding]:
    """Link text that does not say where the link goes (WCAG 2.4.4, link purpose)."""
    for link in page.links:
        if _normal(link.text) in VAGUE_LINK_TEXT:
            where = "" if link.origin == "body" else f" (front matter '{link.origin}')"
            yield Finding.of(
                "vague-link-text",
                page.label,
                link.line,
                f"Link text '{link.text}'{where} doesn't say where the link goes: "
                "describe the destination, e.g. 'Download the CX playbook (PDF, 2 MB)'",
            )


def url_link_text(page: Page, settings: Settings) -> Iterator[Finding]:
    """A web address as link text: hard to read aloud and to scan."""
    for link in page.links:
        if _URL_TEXT.match(link.text.strip()):
            yield Finding.of(
                "url-link-text",
                page.label,
                link.line,
                f"Link text '{link.text[:60]}' is a web address, which screen readers spell "
                "out: name the destination instead, e.g. '[Performance.gov CX]("
                f"{link.text[:40]})'",
            )


#: File types whose links must say type and size (the documents pages link to).
ANNOTATED_FILE_TYPES = frozenset(
    {"PDF", "Word document", "Excel spreadsheet", "PowerPoint presentation"}
)


def file_link_annotation(page: Page, settings: Settings) -> Iterator[Finding]:
    """Links to PDFs and office files must say the file type and size, e.g. ``(PDF, 2 MB)``.

    The annotation ends the link text or follows the link, as digital.gov writes it:
    ``[Guide (PDF, 1 MB, 18 pages)](…)`` or ``[Guide](…) (PDF, 1 MB) – GSA``. It is read
    by :func:`~cx_handbook.sources.annotations.link_facts`, as the resource cards read it.
    """
    for link in page.links:
        kind = type_from_url(link.href)
        if kind not in ANNOTATED_FILE_TYPES:
            continue
        annotation = link_facts(link.text, link.after)[0]
        typed = annotation is not None and annotation.file_type is not None
        sized = annotation is not None and annotation.size is not None
        if typed and sized:
            continue
        missing = "its size" if typed else "its type" if sized else "its type and size"
        yield Finding.of(
            "file-link-annotation",
            page.label,
            link.line,
            f"Link '{link.text[:60]}' opens a {kind} file but does not say {missing}: "
            f"add it in brackets, e.g. '{shorten(link.text, 40, placeholder=' …')} "
            f"({kind}, 1.2 MB)'",
        )


# -- images and headings ---------------------------------------------------------------


def image_alt_text(page: Page, settings: Settings) -> Iterator[Finding]:
    """Images need alt text (WCAG 1.1.1); only HTML's ``alt=""`` marks one decorative."""
    for image in page.images:
        if image.alt is None:
            yield Finding.of(
                "image-alt-text",
                page.label,
                image.line,
                f"Image '{image.src}' has no alt text: describe what it shows for people "
                "who cannot see it, e.g. '![Map of service centres in Connecticut]("
                f"{image.src})'",
            )


def heading_levels(page: Page, settings: Settings) -> Iterator[Finding]:
    """Headings go down one level at a time; the title is the only level-1 heading."""
    previous = 0
    for heading in sorted(page.headings, key=lambda h: h.line):
        if heading.level == 1 and previous >= 1:
            yield Finding.of(
                "heading-levels",
                page.label,
                heading.line,
                f"Heading '{heading.text}' is a second level-1 heading, but the page title "
                "is already the level-1 heading: make it '## "
                f"{heading.text}'",
            )
        elif heading.level > previous + 1:
            want = "#" * (previous + 1)
            yield Finding.of(
                "heading-levels",
                page.label,
                heading.line,
                f"Heading '{heading.text}' jumps from level {previous} to level "
                f"{heading.level}, so screen-reader users think they missed a section: "
                f"make it '{want} {heading.text}'",
            )
        previous = heading.level


def duplicate_title(page: Page, settings: Settings) -> Iterator[Finding]:
    """Two pages with one title look the same in navigation, search and browser tabs."""
    title = page.title
    if not title:
        return
    others = [label for label in settings.titles.get(title.casefold(), []) if label != page.label]
    if others:
        yield Finding.of(
            "duplicate-title",
            page.label,
            page.title_line or 1,
            f"Title '{title}' is also the title of {', '.join(sorted(others))}: "
            "give each page a title that says how it differs",
        )


# -- plain language ----------------------------------------------------------------------


def reading_level(page: Page, settings: Settings) -> Iterator[Finding]:
    """The page's Flesch-Kincaid grade against the site's target (``conf.py``)."""
    scored = reading_grade(block.text for block in page.prose)
    if scored is None:
        return
    grade, words = scored
    if grade > settings.reading_grade:
        yield Finding.of(
            "reading-grade",
            page.label,
            page.title_line or 1,
            f"The page reads at grade {grade:.1f} ({words} words), above the target of grade "
            f"{settings.reading_grade:g}: use shorter sentences and everyday words "
            "(e.g. 'use' for 'utilize', 'help' for 'facilitate')",
        )


def long_sentences(page: Page, settings: Settings) -> Iterator[Finding]:
    """Sentences over the limit (25 words by default) are hard to follow."""
    for block in page.prose:
        for sentence in sentences(block.text, 0):  # lines counted within the block
            if sentence.words > settings.sentence_words:
                start = " ".join(sentence.text.split()[:6])
                yield Finding.of(
                    "long-sentence",
                    page.label,
                    block.line_at(sentence.line),
                    f"The sentence '{start} …' has {sentence.words} words (the limit is "
                    f"{settings.sentence_words}): split it into two, or make a list",
                )


#: Every page rule, in the order they run.
PAGE_RULES: tuple[Rule, ...] = (
    front_matter,
    missing_title,
    unsafe_links,
    placeholder_text,
    vague_link_text,
    url_link_text,
    file_link_annotation,
    image_alt_text,
    heading_levels,
    duplicate_title,
    reading_level,
    long_sentences,
)
