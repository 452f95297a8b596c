"""The PDF handbook: a ``handbookpdf`` builder and the site's download link.

The builder assembles the whole book as Sphinx's single-page builder does (every page
inlined, links within the book, section and figure numbers), lays it out as a run of
chapters (:func:`lay_out_book`) and writes it as Typst markup (``outputs/typst_writer``):
the cover and contents, the introduction, then one document per part (a top-level
entry of the contents), so memory stays flat however long the book grows. Typst
compiles the parts, two processes at a time, in two passes: the first finds each part's
pages and the page of every chapter and link target, the second prints the page
numbers ("Page N of M", the contents, "(page N)" after a link). pikepdf merges the
parts into one tagged PDF/UA-1 file, ``<outdir>/<project-slug>.pdf``
(``outputs/pdf_merge``: structure tree, bookmarks, named destinations, links across
parts).

The HTML builders copy that PDF into the site when it exists and every page gets a
"Download the handbook (PDF, 1.2 MB)" link (a furo sidebar partial,
``_templates/sidebar/cx-pdf-download.html``).
"""

from __future__ import annotations

import atexit
import gc
import json
import logging as std_logging
import os
import re
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util.display import progress_message
from sphinx.util.i18n import format_date

from ..core.assets import TEMPLATES_DIR, add_stylesheet
from ..core.compat import figure_number_key, section_number_key
from ..core.i18n import N_, _, translate_setting
from ..core.icons import icon_svg
from ..core.warnings import WarningKind, warn
from ..site.i18n import language_prefix, site_root
from .pdf_merge import XREF_SCHEME, LinkTargets, merge_parts
from .typst_writer import (
    POSITION_LABEL,
    TYPST_WRITER,
    BookContext,
    TypstTranslator,
    attach_visitors,
    collect_targets,
    fill_pages,
    page_mark,
    typst_label,
    typst_string,
    typst_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

BUILDER_NAME = "handbookpdf"
DOWNLOAD_PARTIAL = "sidebar/cx-pdf-download.html"
#: Chapters deeper than this share its styles (and bookmark levels shift no further).
MAX_STYLED_DEPTH = 3

PDF_SETTINGS: dict[str, tuple[Any, frozenset[type], str]] = {
    "handbook_pdf_filename": (
        "",
        frozenset({str}),
        "File name of the PDF; empty: the project's name as a slug (cx-handbook.pdf).",
    ),
    "handbook_pdf_file": (
        "",
        frozenset({str}),
        "The PDF the HTML build links to (relative to conf.py); empty: the sibling "
        "pdf/ folder of the HTML output (_build/pdf/<filename> for _build/html).",
    ),
    "handbook_pdf_subject": (
        "",
        frozenset({str}),
        "The PDF's Subject metadata; empty: handbook_subtitle.",
    ),
    "handbook_pdf_keywords": (
        [],
        frozenset({list, tuple}),
        "The PDF's Keywords metadata.",
    ),
    "handbook_pdf_introduction_title": (
        N_("Introduction"),
        frozenset({str}),
        "Chapter title of the root page in the PDF (empty: keep the page's own title).",
    ),
    "handbook_pdf_edition": (
        "",
        frozenset({str}),
        "The edition on the cover; empty: 'Version <release> · <month year>'.",
    ),
    "handbook_pdf_variant": (
        "pdf/ua-1",
        frozenset({str}),
        "The PDF standard the book meets (pdf/ua-1: tagged, accessible; Typst checks it).",
    ),
}

#: Fonts shipped as PyPI packages (fontpkg), so the book looks the same on every machine.
FONT_FACES: tuple[tuple[str, str], ...] = (
    ("Source Sans 3", "fontpkg_source_sans_3"),
    ("Public Sans", "fontpkg_public_sans"),
    ("Source Code Pro", "fontpkg_source_code_pro"),
)
#: System fonts the book may use: colour emoji (fonts-noto-color-emoji), when the machine
#: has them. Typst's own fonts (Libertinus, New Computer Modern, DejaVu Sans Mono) fill in
#: the symbols the book's fonts lack, so no other system font is named.
SYSTEM_FONT_FOLDERS = (Path("/usr/share/fonts/truetype/noto"),)


def project_slug(project: str) -> str:
    """``"CX Handbook"`` → ``"cx-handbook"`` (the PDF's default file name stem)."""
    return re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-") or "handbook"


def pdf_filename(config: Config) -> str:
    """The PDF's file name: ``handbook_pdf_filename`` or ``<project-slug>.pdf``.

    A translated build's book is ``<project-slug>-<language>.pdf`` (cx-handbook-es.pdf).
    """
    if config.handbook_pdf_filename:
        return config.handbook_pdf_filename
    language = language_prefix(config).rstrip("/")
    return f"{project_slug(config.project)}{'-' + language if language else ''}.pdf"


def book_strings(language: str, release: str = "") -> dict[str, str]:
    """Every word the book prints around the pages, in the build's *language*.

    One place for them, whatever engine lays the book out: the cover's edition, the
    contents, the footers, part numbers and the page references of links. The words
    come from the ``cx_handbook`` catalog, loaded for the build's language.
    """
    month_year = format_date("%B %Y", language=language or "en")
    edition = month_year
    if release:
        edition = _("Version {release} · {date}").format(release=release, date=month_year)
    return {
        "edition": edition,
        "contents": _("Contents"),
        "page_footer": _("Page {page} of {pages}"),
        "page_reference": _(" (page {page})"),
        "part": _("Part {number}"),
        "card_link": _("Link: "),
        "logo": _("{organization} logo"),
    }


def human_size(size: int) -> str:
    """A file size as readers say it: ``850 kB``, ``1.2 MB`` (decimal units)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"


# -- The book's structure ---------------------------------------------------------------


@dataclass
class Chapter:
    """One page of the handbook as a chapter of the book."""

    docname: str
    title: str
    depth: int
    children: list[Chapter] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id singlehtml gives the page's start (``document-<docname>``)."""
        return f"document-{self.docname}"


def _pages_in_order(
    node: nodes.Element, depth: int = 0
) -> Iterator[tuple[nodes.Element, addnodes.start_of_file, int]]:
    """Every inlined page as ``(parent, page, depth)``, in reading order.

    Walks ``children`` rather than ``parent`` links: ``inline_all_toctrees`` moves a
    page's nodes into its ``start_of_file`` without re-parenting them.
    """
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            yield node, child, depth + 1
            yield from _pages_in_order(child, depth + 1)
        elif isinstance(child, nodes.Element):
            yield from _pages_in_order(child, depth)


def lay_out_book(
    tree: nodes.document, root: Chapter
) -> tuple[list[Chapter], dict[str, dict[str, str]]]:
    """Turn singlehtml's nested tree into a flat run of chapters.

    Returns the chapters (also linked as a tree under *root*) and, per page, its
    renamed ids (see :func:`make_ids_unique`).

    ``inline_all_toctrees`` nests every page inside the last section of its parent,
    so headings would sink a level per page. Each page becomes a sibling
    ``div.cx-chapter.cx-depth-N`` instead, in reading order, its own headings intact
    (the stylesheet maps depth and heading to a bookmark level).
    """
    pages = list(_pages_in_order(tree))
    for parent, sof, _depth in pages:
        parent.remove(sof)
    for wrapper in list(tree.findall(nodes.compound)):
        if "toctree-wrapper" in wrapper["classes"] and not wrapper.children:
            wrapper.parent.remove(wrapper)

    intro = nodes.container(classes=["cx-chapter", "cx-depth-0", "cx-introduction"])
    intro["cx_depth"], intro["cx_docname"] = 0, root.docname
    intro.extend(tree.children)
    tree.clear()
    tree += intro

    parts: list[tuple[str, nodes.Element]] = [(root.docname, intro)]
    chapters: list[Chapter] = []
    parents = [root]
    for _parent, sof, depth in pages:
        docname = sof["docname"]
        chapter = Chapter(docname, "", depth)
        title = sof.next_node(nodes.title)
        chapter.title = title.astext() if title is not None else docname
        del parents[depth:]
        parents[-1].children.append(chapter)
        parents.append(chapter)
        chapters.append(chapter)
        styled = min(depth, MAX_STYLED_DEPTH)
        wrapper = nodes.container(classes=["cx-chapter", f"cx-depth-{styled}"])
        wrapper["cx_depth"], wrapper["cx_docname"] = depth, docname
        wrapper += sof
        tree += wrapper
        parts.append((docname, wrapper))
    return chapters, make_ids_unique(parts)


def make_ids_unique(parts: list[tuple[str, nodes.Element]]) -> dict[str, dict[str, str]]:
    """Rename ids that an earlier page already uses, and the references to them.

    Each page's ids are unique only within that page (two pages may both have a
    "Guideposts" section); in one book an id must name one place. The first page
    keeps an id, later pages get ``<docname-slug>--<id>``. References follow:
    ``refid`` within a page, ``#document-<docname>#<id>`` and ``#<id>`` across pages.
    Returns each page's ``{old id: new id}``; ``""`` maps to its first section's id.
    """
    seen: set[str] = set()
    renamed: dict[str, dict[str, str]] = {}
    for docname, element in parts:
        mapping = renamed.setdefault(docname, {})
        for node in element.findall(nodes.Element):
            new_ids = []
            for old in node.get("ids", []):
                new = old
                if new in seen:
                    base = f"{project_slug(docname)}--{old}"
                    new, number = base, 1
                    while new in seen:
                        number += 1
                        new = f"{base}-{number}"
                    mapping[old] = new
                seen.add(new)
                new_ids.append(new)
            if new_ids:
                node["ids"] = new_ids
    for docname, element in parts:
        mapping = renamed[docname]
        for node in element.findall(nodes.Element):
            if node.get("refid"):
                node["refid"] = mapping.get(node["refid"], node["refid"])
            if node.get("backrefs"):
                node["backrefs"] = [mapping.get(ref, ref) for ref in node["backrefs"]]
            uri = node.get("refuri", "")
            if isinstance(node, nodes.reference) and uri.startswith("#"):
                target, _, anchor = uri[1:].rpartition("#")
                if target.startswith("document-") and anchor:
                    other = renamed.get(target.removeprefix("document-"), {})
                    node["refuri"] = "#" + other.get(anchor, anchor)
                elif not target and not anchor.startswith("document-"):
                    node["refuri"] = "#" + mapping.get(anchor, anchor)
    for docname, element in parts:
        section = element.next_node(nodes.section)
        if section is not None and section["ids"]:
            renamed[docname][""] = section["ids"][0]
    return renamed


def mark_print_links(tree: nodes.document) -> None:
    """Class external links whose text already is the URL, so print shows it once."""
    for ref in tree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith(("http://", "https://")):
            continue
        text = ref.astext().strip().rstrip("/")
        if text in {uri.rstrip("/"), uri.split("://", 1)[1].rstrip("/")}:
            ref["classes"].append("cx-url-shown")


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds (as Sphinx's dates do)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def font_paths() -> list[str]:
    """The folders of the book's fonts: the PyPI packages, and the system's emoji font.

    System fonts are otherwise left out, so the book looks the same on every machine;
    Typst's own fonts (Libertinus, New Computer Modern, DejaVu Sans Mono) fill in
    symbols the book's fonts lack.
    """
    from importlib import import_module

    folders = []
    for _family, module_name in FONT_FACES:
        try:
            module = import_module(module_name)
        except ImportError:  # pragma: no cover - pinned in requirements.txt
            continue
        folders.append(str(Path(module.ROOT, "files")))
    folders += [str(folder) for folder in SYSTEM_FONT_FOLDERS if folder.is_dir()]
    return folders


# -- The book's Typst -----------------------------------------------------------------


def typst_words(template: str, **values: str) -> str:
    """Typst markup from a translated template: ``"Page {page} of {pages}"``.

    The words are escaped as text, the placeholders become the *values* (markup).
    """
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(
        values[part] if index % 2 else typst_text(part) for index, part in enumerate(parts)
    )


def typst_preamble(book: dict[str, Any], total: str) -> str:
    """The settings every part of the book shares: metadata, fonts, page, header, footer.

    *total* is the number of pages of the whole book (known from the first pass).
    """
    when = book["created"]
    keywords = ", ".join(typst_string(k) for k in book["keywords"])
    footer = typst_words(
        book["words"]["page_footer"], page="#counter(page).display()", pages=typst_text(total)
    )
    return f"""\
#set document(
  title: {typst_string(book["title"])},
  author: ({typst_string(book["author"])},),
  description: {typst_string(book["subject"])},
  keywords: ({keywords}{"," if book["keywords"] else ""}),
  date: datetime(
    year: {when.year}, month: {when.month}, day: {when.day},
    hour: {when.hour}, minute: {when.minute}, second: {when.second},
  ),
)
#set text(
  lang: {typst_string(book["lang"])}, font: "Source Sans 3", size: 10.5pt,
  fill: rgb("#1b1b1b"), hyphenate: false,
)
#set par(leading: 0.62em, spacing: 0.95em)
#set block(spacing: 0.95em)
#set list(indent: 1mm, body-indent: 2mm, spacing: 0.8em)
#set enum(indent: 1mm, body-indent: 2mm, spacing: 0.8em)
#show heading: set text(font: "Public Sans", fill: rgb("#1a4480"), weight: 700)
#show heading: set block(above: 1.6em, below: 0.8em, sticky: true)
#show heading: set par(leading: 0.3em)
#show heading: set strong(delta: 0)
#show raw: set text(font: ("Source Code Pro", "DejaVu Sans Mono"), size: 9pt)
#show raw.where(block: true): it => block(
  width: 100%, fill: rgb("#f5f6f7"), inset: (x: 3mm, y: 2.5mm),
  stroke: (left: 3pt + rgb("#1a4480")), breakable: true, it,
)
#show link: set text(fill: rgb("#005ea2"))
#set table(
  stroke: 0.3mm + rgb("#c6c6c6"), inset: (x: 2mm, y: 1.5mm), align: left + top,
  fill: (x, y) => if y == 0 {{ rgb("#e7f2f5") }},
)
#show table: set text(size: 9.5pt)
#show table: set par(justify: false)
#show table.cell.where(y: 0): set text(weight: 700)
#let cx-part = state("cx-part", "")
#let cx-chapter = state("cx-chapter", "")
#let cx-width = 215.9mm - 42mm
#set page(
  paper: "us-letter",
  margin: (top: 22mm, right: 20mm, bottom: 20mm, left: 22mm),
  foreground: context pdf.artifact({{
    place(top + left, dx: 22mm, dy: 13mm, box(width: cx-width, {{
      text(font: "Public Sans", weight: 600, size: 8pt, fill: rgb("#5c5c5c"), upper(cx-part.get()))
      h(1fr)
      text(size: 8.5pt, fill: rgb("#3d3d3d"), cx-chapter.get())
    }}))
    place(bottom + left, dx: 22mm, dy: -11mm, box(width: cx-width, {{
      text(size: 8pt, fill: rgb("#5c5c5c"), {typst_string(book["title"])})
      h(1fr)
      text(size: 8pt, fill: rgb("#3d3d3d"))[{footer}]
    }}))
  }}),
)
"""


def cover_markup(book: dict[str, Any]) -> str:
    """The cover page: organisation, title, subtitle and edition on the book's blue."""
    logo = ""
    if book["logo"]:
        logo = (
            f"#box(fill: white, inset: 3mm, radius: 3mm)[#image({typst_string(book['logo'])}, "
            f"width: 20mm, height: 20mm, alt: {typst_string(book['logo_alt'])})]\n#v(12mm)\n"
        )
    subtitle = (
        f"#block(width: 130mm)[#text(size: 17pt, fill: white)[{typst_text(book['subtitle'])}]]\n"
        if book["subtitle"]
        else ""
    )
    return f"""\
#page(
  margin: (top: 62mm, right: 24mm, bottom: 24mm, left: 30mm),
  fill: rgb("#1a4480"),
  foreground: none,
)[
#set par(leading: 0.35em)
{logo}#text(font: "Public Sans", weight: 600, size: 11pt, fill: rgb("#d9e8f6"))[
  {typst_text(book["organization"].upper())}
]
#v(6mm)
#block(width: 120mm, inset: (top: 8mm), stroke: (top: 2mm + rgb("#73b3e7")))[
  #text(font: "Public Sans", weight: 800, size: 44pt, fill: white)[{typst_text(book["title"])}]
]
#v(8mm)
{subtitle}#v(1fr)
#block(width: 150mm, inset: (top: 4mm), stroke: (top: 0.3mm + rgb("#73b3e7")))[
  #text(weight: 600, size: 12pt, fill: rgb("#d9e8f6"))[{typst_text(book["edition"])}]
]
]
"""


def contents_markup(book: dict[str, Any], chapters: list[Chapter]) -> str:
    """The contents: every chapter with the page it starts on (a placeholder until known)."""
    lines = [
        f"#heading(level: 1, outlined: false, bookmarked: false)"
        f"[#text(size: 24pt)[{typst_text(book['words']['contents'])}]]",
        "#v(4mm)",
    ]

    def entry(chapter: Chapter) -> None:
        label = typst_label(chapter.anchor)
        title = typst_text(chapter.title)
        number = page_mark(label)
        leader = "#box(width: 1fr, repeat[.])"
        if chapter.depth == 0:
            body = f"#text(weight: 600)[{title}] {leader} {number}"
            style = "above: 2mm"
        elif chapter.depth == 1:
            body = (
                f'#text(font: "Public Sans", weight: 700, size: 12pt, fill: rgb("#1a4480"))'
                f"[{title}] {leader} {number}"
            )
            style = 'above: 5mm, inset: (bottom: 1mm), stroke: (bottom: 0.3mm + rgb("#dfe1e2"))'
        elif chapter.depth == 2:
            body = f"{title} {leader} {number}"
            style = "above: 1.2mm, inset: (left: 6mm)"
        else:
            body = f"#text(size: 9.5pt)[{title} {leader} {number}]"
            style = "above: 0.8mm, inset: (left: 12mm)"
        lines.append(
            f"#block(width: 100%, below: 0mm, {style})"
            f"[#link({typst_string(XREF_SCHEME + label)})"
            f'[#set text(fill: rgb("#1b1b1b"))\n{body}]]'
        )
        for child in chapter.children:
            entry(child)

    for chapter in chapters:
        entry(chapter)
    return '#cx-part.update("")\n#cx-chapter.update("")\n' + "\n".join(lines) + "\n"


END_LABEL = "cx-end"
#: Passes over the parts at most; the second nearly always prints every number right.
MAX_PASSES = 4

#: Compiles one part in a process of its own: only ``typst`` is imported, so each
#: holds no more than the part's layout. argv: a JSON job (see ``_compile_job``).
COMPILE_SCRIPT = """\
import json, sys
import typst
job = json.loads(sys.argv[1])
compiler = typst.Compiler(job["input"], root="/", font_paths=job["fonts"], ignore_system_fonts=True)
if not job["query"]:
    _, warnings = compiler.compile_with_warnings(
        output=job["output"], pdf_standards=job["standards"]
    )
    with open(job["warnings"], "w", encoding="utf-8") as handle:
        json.dump(sorted({w.message for w in warnings}), handle)
# After a compile, the same compiler lays nothing out again (Typst's memoization).
with open(job["places"], "w", encoding="utf-8") as handle:
    handle.write(compiler.query("<cx-pos>"))
"""


@dataclass
class Part:
    """One Typst document of the book: the front matter, the introduction or a part."""

    name: str
    markup: str
    #: Filled by the first pass: label → page within the part, and the part's pages.
    positions: dict[str, int] = field(default_factory=dict)
    pages: int = 0


#: Runs the compile jobs it reads from stdin (a JSON list a line), *processes* at a time,
#: each in a process of its own (:data:`COMPILE_SCRIPT`); answers each line with the
#: jobs' errors ("" for none); an empty list ends it. argv: the compile script, the
#: number of processes.
LAUNCHER_SCRIPT = """\
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
script, processes = sys.argv[1], int(sys.argv[2])
def run(job):
    done = subprocess.run([sys.executable, "-c", script, json.dumps(job)],
                          capture_output=True, text=True, check=False)
    lines = done.stderr.strip().splitlines()
    return "" if done.returncode == 0 else (lines[-1] if lines else "failed")
for line in sys.stdin:
    jobs = json.loads(line)
    if not jobs:
        break
    with ThreadPoolExecutor(processes) as pool:
        print(json.dumps(list(pool.map(run, jobs))), flush=True)
"""


class PartCompiler:
    """Compiles the book's parts, two processes at a time, from a launcher of their own.

    The launcher is a small Python process started with the builder, before the build
    has read a page. A process forked from Sphinx's after reading would start as a
    copy of it (0.7 GB at 500 pages), however briefly, before it becomes Typst; forked
    from the launcher (15 MB), each Typst process holds only its part's layout.
    """

    def __init__(self, processes: int = 2) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER_SCRIPT, COMPILE_SCRIPT, str(processes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def compile(self, jobs: list[dict[str, Any]]) -> list[str]:
        """Run the compile *jobs*; each job's error ("" when it compiled)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(jobs) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            return ["the compile launcher stopped"] * len(jobs)
        return json.loads(answer)

    def close(self) -> None:
        """Tell the launcher to end, and wait for it.

        An empty list says so, rather than the end of its input: a process forked from
        this one after the launcher started (a ``-j`` reader, sphinx-sitemap's queue
        manager) holds a copy of the pipe's writing end, so closing ours is not an end
        of input the launcher would see, and waiting for it would never return.
        """
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.write("[]\n")
                self.process.stdin.close()
            except BrokenPipeError:  # it ended already
                pass
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def skip_final_collection() -> None:
    """Spare the process's exit a full garbage collection of everything the build made.

    Python collects every generation once more as it shuts down; after a book of 500
    pages (the environment, every page read) that walk took 6.5 s of a 51 s build and
    frees nothing the ending process needs. Run at exit (``atexit``), so a process that
    goes on after the build (the tests) collects as before until then.
    """
    gc.freeze()


@contextmanager
def quiet_pikepdf() -> Iterator[None]:
    """Keep pikepdf from announcing its C++ log bridge at INFO (the root logger prints it).

    (accessible-pygments, via furo, sends the root logger's INFO to stderr.)
    """
    logger = std_logging.getLogger("pikepdf")
    level = logger.level
    logger.setLevel(std_logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


# -- The builder ----------------------------------------------------------------------


class HandbookPDFBuilder(SingleFileHTMLBuilder):
    """The whole book's doctree as Typst documents, compiled and merged into a tagged PDF.

    Sphinx's single-page builder assembles the book (every page inlined, links within
    the book, section and figure numbers); the book is then written as one Typst
    document per part, compiled twice (the first pass finds each part's pages and where
    every chapter and link target is, the second prints the page numbers), two
    processes at a time, and merged with pikepdf (``outputs/pdf_merge``).
    """

    name = BUILDER_NAME
    epilog = "The PDF handbook is in %(outdir)s."
    search = False
    chapters: list[Chapter]
    renamed_ids: dict[str, dict[str, str]]

    @property
    def pdf_path(self) -> Path:
        """Where the PDF is written."""
        return self.outdir / pdf_filename(self.config)

    def assemble_doctree(self) -> nodes.document:
        """The whole-book tree of singlehtml, laid out as a run of chapters."""
        tree = super().assemble_doctree()
        root_doc = self.config.root_doc
        introduction = self.config.handbook_pdf_introduction_title
        root_title = tree.next_node(nodes.title)
        if introduction and root_title is not None:
            root_title.children = [nodes.Text(_(introduction))]
        title = root_title.astext() if root_title is not None else root_doc
        self.book = Chapter(root_doc, title, 0)
        chapters, self.renamed_ids = lay_out_book(tree, self.book)
        self.chapters = [self.book, *chapters]
        mark_print_links(tree)
        return tree

    # Section and figure numbers: ids are unique in the book now, so one flat table per
    # kind serves every page, keyed as Sphinx's HTML writer asks for them
    # (core.compat.section_number_key and figure_number_key).

    def assemble_toc_secnumbers(self) -> dict[str, dict[str, tuple[int, ...]]]:
        """Section numbers of every page, keyed ``#<id>`` as the writer asks."""
        merged: dict[str, tuple[int, ...]] = {}
        for docname, secnums in self.env.toc_secnumbers.items():
            renamed = self.renamed_ids.get(docname, {})
            for anchor, number in secnums.items():
                key = renamed.get(anchor.removeprefix("#"), anchor.removeprefix("#"))
                if key:
                    merged[section_number_key(key)] = number
        return {self.config.root_doc: merged}

    def assemble_toc_fignumbers(
        self,
    ) -> dict[str, dict[str, dict[str, tuple[int, ...]]]]:
        """Figure, table and code numbers of every page, keyed by type then id."""
        merged: dict[str, dict[str, tuple[int, ...]]] = {}
        for docname, fignumlist in self.env.toc_fignumbers.items():
            renamed = self.renamed_ids.get(docname, {})
            for figtype, fignums in fignumlist.items():
                for figure_id, number in fignums.items():
                    table = merged.setdefault(figure_number_key(figtype), {})
                    table[renamed.get(figure_id, figure_id)] = number
        return {self.config.root_doc: merged}

    def book_settings(self) -> dict[str, Any]:
        """The cover's, the metadata's and the margins' words and values."""
        config = self.config
        confdir = Path(self.confdir)
        logo = confdir / config.handbook_logo if config.handbook_logo else None
        words = book_strings(config.language or "en", config.release or "")
        return {
            "words": words,
            "logo_alt": words["logo"].format(organization=config.handbook_organization),
            "title": translate_setting(config.project),
            "subtitle": translate_setting(config.handbook_subtitle),
            "organization": config.handbook_organization,
            "author": config.author or config.handbook_organization,
            "subject": translate_setting(config.handbook_pdf_subject or config.handbook_subtitle),
            "keywords": list(config.handbook_pdf_keywords),
            "lang": config.language or "en",
            "edition": config.handbook_pdf_edition or words["edition"],
            "logo": str(logo.resolve()) if logo is not None and logo.is_file() else "",
            "created": build_time(),
        }

    def write_documents(self, _docnames: Any) -> None:
        """Assemble the book and write it as Typst parts (no HTML)."""
        with progress_message("assembling the book"):
            tree = self.assemble_doctree()
            secnumbers = self.assemble_toc_secnumbers()[self.config.root_doc]
            fignumbers = self.assemble_toc_fignumbers()[self.config.root_doc]
        with progress_message("writing the book as Typst"):
            self.parts = self.write_parts(tree, secnumbers, fignumbers)

    def image_path(self, node: nodes.image) -> Path | None:
        """The file of an image in the sources (``None``: remote, or not found)."""
        candidates = node.get("candidates", {})
        for mimetype in ("image/svg+xml", "image/png", "image/jpeg", "image/gif", "*"):
            uri = candidates.get(mimetype)
            if uri and "://" not in uri:
                path = Path(self.srcdir, uri)
                if path.is_file():
                    return path.resolve()
        return None

    def write_parts(
        self,
        tree: nodes.document,
        secnumbers: dict[str, tuple[int, ...]],
        fignumbers: dict[str, dict[str, tuple[int, ...]]],
    ) -> list[Part]:
        """The front matter, the introduction and each part as Typst markup."""
        from sphinx.locale import admonitionlabels

        self.settings = self.book_settings()
        targets, self.target_fallback = collect_targets(tree)
        context = BookContext(
            words=self.settings["words"],
            targets=targets,
            secnumbers=secnumbers,
            fignumbers=fignumbers,
            numfig_format=self.config.numfig_format,
            admonition_labels={k: str(v) for k, v in admonitionlabels.items()},
            image_path=self.image_path,
            emoji_font=any(any(Path(f).glob("*Emoji*")) for f in font_paths()),
            secnumber_suffix=self.config.html_secnumber_suffix,
        )
        handlers = getattr(self, "typst_handlers", {})
        groups: list[list[nodes.Element]] = []
        for chapter in tree.children:
            if not isinstance(chapter, nodes.Element):
                continue
            if not groups or chapter.get("cx_depth", 0) <= 1:
                groups.append([])
            groups[-1].append(chapter)
        front = cover_markup(self.settings) + contents_markup(self.settings, [self.book])
        parts = [Part("front", front)]
        translator = TypstTranslator(tree, context)
        attach_visitors(translator, handlers)
        for index, group in enumerate(groups):
            translator.body = []
            for chapter in group:
                chapter.walkabout(translator)
            parts.append(Part(f"part-{index:03d}", translator.astext()))
        self.link_targets = LinkTargets(
            destinations=translator.destinations, descriptions=translator.descriptions
        )
        return parts

    def init(self) -> None:
        """Start the compile launcher while this process is small (see PartCompiler)."""
        super().init()
        self.compiler = PartCompiler(processes=2)

    def finish(self) -> None:
        """Compile the parts (two passes), merge them into :attr:`pdf_path`."""
        try:
            self.write_pdf()
        finally:
            self.compiler.close()
        atexit.register(skip_final_collection)

    def write_pdf(self) -> None:
        """Lay the parts out until their page numbers hold, then merge them.

        Pass 1 only lays each part out (``typst.query``): its pages and where every
        chapter and link target is. Each later pass compiles the parts whose text
        changed, with the page numbers of the pass before, and reads the places again:
        a printed number can move a line, and so a page. The book is done when a pass
        moves nothing (pass 2, nearly always; at most :data:`MAX_PASSES`).
        """
        fonts = font_paths()
        variant = self.config.handbook_pdf_variant
        standards = [variant.removeprefix("pdf/")] if variant else []
        location = (self.config.root_doc, None)
        work = self.outdir / "typst"
        work.mkdir(exist_ok=True)
        compiled: dict[str, str] = {}
        messages: dict[str, list[str]] = {}
        pages: dict[str, int] = {}
        total = 0
        for number in range(1, MAX_PASSES + 1):
            jobs, todo = [], []
            for index, part in enumerate(self.parts):
                if number == 1:
                    source = self.part_source(fill_pages(part.markup, lambda _l: "000"), "0000", 1)
                else:
                    source = self.part_source(
                        fill_pages(part.markup, partial(self.page_of, pages=pages)),
                        str(total),
                        self.offsets[index] + 1,
                    )
                    if compiled.get(part.name) == source:
                        continue
                    compiled[part.name] = source
                path = work / f"{part.name}.typ"
                path.write_text(source, "utf-8")
                jobs.append(
                    {"input": str(path), "output": str(path.with_suffix(".pdf")),
                     "places": str(path.with_suffix(".json")), "fonts": fonts,
                     "warnings": str(path.with_suffix(".warnings.json")),
                     "query": number == 1, "standards": standards}
                )  # fmt: skip
                todo.append(part)
            if not jobs:
                break
            with progress_message(f"laying the book out (pass {number})"):
                if self._failed(self.compiler.compile(jobs), location):
                    return
            for part, job in zip(todo, jobs, strict=True):
                found = json.loads(Path(job["places"]).read_text("utf-8"))
                part.positions = {}
                for item in found:
                    label, page = item["value"]
                    part.positions.setdefault(label, page)
                part.pages = part.positions.pop(END_LABEL, 1)
                if not job["query"]:
                    messages[part.name] = json.loads(Path(job["warnings"]).read_text("utf-8"))
            pages, total = self.book_pages()
        # What Typst warned about in the parts as printed (the last compile of each).
        for message in dict.fromkeys(m for found in messages.values() for m in found):
            warn(
                WarningKind.PDF,
                f"Typst: {message} (or silence with suppress_warnings = ['handbook.pdf']).",
                location,
            )
        with progress_message("merging the parts"), quiet_pikepdf():
            for label, fallback in self.target_fallback.items():
                if label not in pages and fallback in pages:
                    pages[label] = pages[fallback]
            self.link_targets.pages = pages
            merge_parts(
                [work / f"{part.name}.pdf" for part in self.parts], self.pdf_path, self.link_targets
            )
        # The parts are kept only when a compile failed (to read what Typst read).
        if not os.environ.get("CX_KEEP_TYPST"):
            shutil.rmtree(work, ignore_errors=True)

    def book_pages(self) -> tuple[dict[str, int], int]:
        """Every label's page index in the book, and the book's pages, from the parts'."""
        pages: dict[str, int] = {}
        self.offsets = []
        first = 0
        for part in self.parts:
            self.offsets.append(first)
            for label, page in part.positions.items():
                pages.setdefault(label, first + page - 1)
            first += part.pages
        return pages, first

    def page_of(self, label: str, pages: dict[str, int]) -> str:
        """The printed page number of *label* (its chapter's when it prints nothing)."""
        index = pages.get(label)
        if index is None:
            index = pages.get(self.target_fallback.get(label, ""), 0)
        return str(index + 1)

    def part_source(self, markup: str, total: str, first_page: int) -> str:
        """A part's whole Typst document: the shared settings, its pages, its end."""
        return (
            typst_preamble(self.settings, total)
            + f"#counter(page).update({first_page})\n"
            + markup
            + f'\n#context [#metadata(("{END_LABEL}", here().page())) <{POSITION_LABEL}>]\n'
        )

    def _failed(self, errors: list[str], location: tuple[str, None]) -> bool:
        for error in dict.fromkeys(e for e in errors if e):
            warn(
                WarningKind.PDF,
                f"Typst: {error} (or silence with suppress_warnings = ['handbook.pdf']).",
                location,
            )
        return any(errors)


# -- The site's download link ---------------------------------------------------------


@dataclass(frozen=True)
class PdfDownload:
    """The PDF the site links to."""

    source: Path
    filename: str
    size: int

    @property
    def label(self) -> str:
        """``PDF, 1.2 MB``."""
        return f"PDF, {human_size(self.size)}"


def find_pdf(app: Sphinx, config: Config) -> PdfDownload | None:
    """The built PDF for this site, if there is one."""
    filename = pdf_filename(config)
    if config.handbook_pdf_file:
        source = Path(app.confdir, config.handbook_pdf_file)
    else:
        # _build/html -> _build/pdf; a translation: _build/html/es -> _build/pdf/es.
        pdf_dir = site_root(Path(app.outdir), config).parent / "pdf"
        source = pdf_dir / language_prefix(config) / filename
    if not source.is_file():
        return None
    return PdfDownload(source.resolve(), filename, source.stat().st_size)


def _offer_download(app: Sphinx, config: Config) -> None:
    """Put the PDF's name and size in ``html_context`` (a change rewrites every page)."""
    download = find_pdf(app, config)
    if download is None:
        return
    config.html_context = {
        **config.html_context,
        "handbook_pdf": {
            "filename": download.filename,
            "label": download.label,
            "icon": icon_svg("file-pdf") or "",
        },
    }


def _hand_visitors_to_builder(app: Sphinx) -> None:
    """Give the PDF builder the ``typst`` visitors custom nodes registered (core.writers)."""
    if app.builder.name == BUILDER_NAME:
        handlers = app.registry.translation_handlers.get(TYPST_WRITER, {})
        app.builder.typst_handlers = dict(handlers)  # type: ignore[attr-defined]


def _register_templates(app: Sphinx, config: Config) -> None:
    """Make the sidebar partial available to every project."""
    confdir = Path(app.confdir)
    known = {(confdir / str(p)).resolve() for p in config.templates_path}
    if TEMPLATES_DIR not in known:
        config.templates_path.append(str(TEMPLATES_DIR))


def _is_site_builder(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name != BUILDER_NAME


def _add_download_partial(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Show the download link in the sidebar, right under the search box."""
    if not _is_site_builder(app) or "handbook_pdf" not in context:
        return
    sidebars = list(context.get("sidebars") or [])
    if DOWNLOAD_PARTIAL in sidebars or not sidebars:
        return
    after = "sidebar/search.html"
    position = sidebars.index(after) + 1 if after in sidebars else len(sidebars)
    sidebars.insert(position, DOWNLOAD_PARTIAL)
    context["sidebars"] = sidebars


def _copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    """Copy the PDF that the pages link to into the site."""
    if exception is not None or not _is_site_builder(app):
        return
    if "handbook_pdf" not in app.config.html_context:
        return
    download = find_pdf(app, app.config)
    if download is None:
        return
    shutil.copyfile(download.source, Path(app.outdir) / download.filename)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``handbookpdf`` builder, its settings and the site's download link."""
    app.setup_extension("sphinx.builders.singlehtml")
    for name, (default, types, _help) in PDF_SETTINGS.items():
        app.add_config_value(name, default, "html", types=types)
    app.add_builder(HandbookPDFBuilder)
    app.connect("builder-inited", _hand_visitors_to_builder)
    app.connect("config-inited", _register_templates)
    app.connect("config-inited", _offer_download)
    app.connect("html-page-context", _add_download_partial)
    app.connect("build-finished", _copy_pdf_into_site)
    add_stylesheet(app, "cx-pdf.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
