"""The PDF handbook: a ``handbookpdf`` builder and the site's download link.

The builder is Sphinx's single-page HTML builder with the book's own template
(``_templates/pdf/book.html``: cover, contents, one chapter per page) and print
stylesheet (``_static/cx-print.css``); WeasyPrint then lays the page out as a tagged
PDF/UA-1 file, ``<outdir>/<project-slug>.pdf``. furo's frame (sidebars, toggles, fixed
heights) never reaches WeasyPrint.

The HTML builders copy that PDF into the site when it exists and every page gets a
"Download the handbook (PDF, 1.2 MB)" link (a furo sidebar partial,
``_templates/sidebar/cx-pdf-download.html``).
"""

from __future__ import annotations

import logging as std_logging
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util.i18n import format_date

from ..core.assets import TEMPLATES_DIR, add_stylesheet
from ..core.compat import figure_number_key, section_number_key
from ..core.i18n import N_, _, translate_setting
from ..core.icons import icon_svg
from ..core.warnings import WarningKind, warn
from ..site.i18n import language_prefix, site_root

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

BUILDER_NAME = "handbookpdf"
BOOK_TEMPLATE = "pdf/book.html"
DOWNLOAD_PARTIAL = "sidebar/cx-pdf-download.html"
PRINT_STYLESHEET = "cx-print.css"
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
        "WeasyPrint's PDF variant (pdf/ua-1: tagged, accessible).",
    ),
}

#: Fonts shipped as PyPI packages (fontpkg), so the book looks the same on every machine.
FONT_FACES: tuple[tuple[str, str], ...] = (
    ("Source Sans 3", "fontpkg_source_sans_3"),
    ("Public Sans", "fontpkg_public_sans"),
    ("Source Code Pro", "fontpkg_source_code_pro"),
)
FONT_WEIGHTS = (400, 600, 700, 800)


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


def css_string(text: str) -> str:
    """*text* as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def css_content(template: str, **values: str) -> str:
    """A CSS ``content`` value from a translated template: ``"Page " counter(page)``.

    ``css_content("Page {page} of {pages}", page="counter(page)", ...)`` keeps the
    words as strings and puts the CSS functions where the placeholders were.
    """
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(values[part])
        elif part:
            out.append(css_string(part))
    return " ".join(out) or '""'


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


def book_words_css(words: dict[str, str]) -> str:
    """The print stylesheet's generated text, in the book's language (overrides it)."""
    footer = css_content(words["page_footer"], page="counter(page)", pages="counter(pages)")
    reference = css_content(words["page_reference"], page="target-counter(attr(href url), page)")
    part = css_content(words["part"], number="counter(part)")
    return "\n".join(
        (
            f"@page {{ @bottom-right {{ content: {footer}; }} }}",
            f'main a.reference.internal[href^="#"]::after {{ content: {reference}; }}',
            f".cx-depth-1::before {{ content: {part}; }}",
            f".sd-stretched-link::before {{ content: {css_string(words['card_link'])}; }}",
        )
    )


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


def font_face_css() -> str:
    """``@font-face`` rules for the fonts the book uses, from their PyPI packages."""
    from importlib import import_module

    rules = []
    for family, module_name in FONT_FACES:
        try:
            module = import_module(module_name)
        except ImportError:  # pragma: no cover - pinned in requirements.txt
            continue
        for path in sorted(Path(module.ROOT, "files").glob("*.ttf")):
            style = "italic" if "Italic" in path.name else "normal"
            # Variable fonts: one face per weight the book uses; WeasyPrint
            # instantiates each at that weight.
            for weight in FONT_WEIGHTS:
                rules.append(
                    f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                    f"font-style: {style}; font-weight: {weight}; }}"
                )
    return "\n".join(rules)


class _WeasyPrintWarnings(std_logging.Handler):
    """Collects WeasyPrint's warnings so they surface as ``handbook.pdf`` warnings."""

    def __init__(self) -> None:
        super().__init__(std_logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# -- The builder ----------------------------------------------------------------------


class HandbookPDFBuilder(SingleFileHTMLBuilder):
    """Single-page HTML in the book's template, rendered to a tagged PDF by WeasyPrint."""

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

    # The HTML writer looks section and figure numbers up by "#<id>" and figure type
    # unless the builder's name is "singlehtml" (core.compat.section_number_key and
    # figure_number_key); ids are unique in the book now, so one flat table per kind
    # serves every page.

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

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        """The singlehtml context plus the cover, contents and metadata of the book."""
        context = super().get_doc_context(docname, body, metatags)
        context["cx_book"] = self._book_context()
        return context

    def _book_context(self) -> dict[str, Any]:
        config = self.config
        confdir = Path(self.confdir)
        logo = confdir / config.handbook_logo if config.handbook_logo else None
        logo_uri = logo.resolve().as_uri() if logo is not None and logo.is_file() else ""
        words = book_strings(config.language or "en", config.release or "")
        edition = config.handbook_pdf_edition or words["edition"]
        return {
            "words": words,
            "words_css": book_words_css(words),
            "logo_alt": words["logo"].format(organization=config.handbook_organization),
            "title": translate_setting(config.project),
            "subtitle": translate_setting(config.handbook_subtitle),
            "organization": config.handbook_organization,
            "author": config.author or config.handbook_organization,
            "subject": translate_setting(config.handbook_pdf_subject or config.handbook_subtitle),
            "keywords": ", ".join(config.handbook_pdf_keywords),
            "lang": config.language or "en",
            "edition": edition,
            "logo_uri": logo_uri,
            "created": build_time().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "font_css": font_face_css(),
            "chapters": self.book.children,
            "introduction": self.book,
        }

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        """Render the book with its own template, never furo's page frame."""
        if templatename == "page.html":
            templatename = BOOK_TEMPLATE
        super().handle_page(
            pagename, addctx, templatename, outfilename=outfilename, event_arg=event_arg
        )

    def finish(self) -> None:
        """Write the HTML and its static files, then lay the book out as a PDF."""
        super().finish()
        self.write_pdf()

    def write_pdf(self) -> None:
        """Render ``<root_doc>.html`` with WeasyPrint into :attr:`pdf_path`."""
        source = self.outdir / f"{self.config.root_doc}{self.out_suffix}"
        handler = _WeasyPrintWarnings()
        weasy_logger = std_logging.getLogger("weasyprint")
        weasy_logger.addHandler(handler)
        # Reported once each, below, with a location; not again by the root logger.
        propagate, weasy_logger.propagate = weasy_logger.propagate, False
        # accessible-pygments (via furo) sends the root logger's INFO to stderr, and
        # WeasyPrint's progress and fontTools' font instancing speak at INFO.
        chatty = [std_logging.getLogger(name) for name in ("weasyprint.progress", "fontTools")]
        levels = [logger.level for logger in chatty]
        for logger in chatty:
            logger.setLevel(std_logging.WARNING)
        try:
            from weasyprint import HTML  # its import parses stylesheets, at INFO

            HTML(filename=str(source)).write_pdf(
                str(self.pdf_path),
                pdf_variant=self.config.handbook_pdf_variant,
                pdf_identifier=None,
            )
        finally:
            weasy_logger.removeHandler(handler)
            weasy_logger.propagate = propagate
            for logger, level in zip(chatty, levels, strict=True):
                logger.setLevel(level)
        location = (self.config.root_doc, None)
        for message in dict.fromkeys(handler.messages):
            warn(
                WarningKind.PDF,
                f"WeasyPrint: {message}. Fix the page or _static/{PRINT_STYLESHEET} "
                "(or silence with suppress_warnings = ['handbook.pdf']).",
                location,
            )


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


def _register_templates(app: Sphinx, config: Config) -> None:
    """Make the book's template and the sidebar partial available to every project."""
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
    app.connect("config-inited", _register_templates)
    app.connect("config-inited", _offer_download)
    app.connect("html-page-context", _add_download_partial)
    app.connect("build-finished", _copy_pdf_into_site)
    add_stylesheet(app, "cx-pdf.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
