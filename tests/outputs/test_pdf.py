"""The PDF handbook: `make pdf`'s builder, the book it writes, and the site's download link.

The real docs/ are built once per session (Typst, two passes over every part)
and read back with pypdf/pikepdf: what a reader sees (pages, contents, bookmarks, text,
links) and what assistive technology needs (tags, language, title).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pytest
from pypdf import PdfReader

from cx_handbook.outputs.pdf import human_size, project_slug
from helpers import (
    REPO_ROOT,
    SiteBuild,
    build_site,
    flat_outline,
    heading_text,
    pdf_tags,
    pdf_ua_findings,
    urls_in_markdown,
)

pytestmark = pytest.mark.e2e

DOCS = REPO_ROOT / "docs"
PDF_NAME = "cx-handbook.pdf"


@pytest.fixture(scope="session")
def book_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder holding pdf/ (built first) and html/ (built after), like _build/."""
    return tmp_path_factory.mktemp("book")


@pytest.fixture(scope="session")
def pdf_build(book_dirs: Path) -> SiteBuild:
    """`make pdf`: the real handbook through the handbookpdf builder, strictly, ``-j auto``.

    ``-j auto`` as `make pdf` builds: with more than one job sphinx-sitemap forks a queue
    manager, which once kept the compile launcher from ever ending (the build hung).
    """
    return build_site(
        DOCS, book_dirs / "pdf", builder="handbookpdf", extra=["-j", "auto"], timeout=900
    )


@pytest.fixture(scope="session")
def pdf_path(pdf_build: SiteBuild) -> Path:
    assert pdf_build.returncode == 0, pdf_build.stderr
    return pdf_build.outdir / PDF_NAME


@pytest.fixture(scope="session")
def reader(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="session")
def pages_text(reader: PdfReader) -> list[str]:
    """Each page's extracted text, white space folded."""
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="session")
def site_build(pdf_path: Path, book_dirs: Path) -> SiteBuild:
    """`make html` after `make pdf`: the site beside the PDF."""
    return build_site(DOCS, book_dirs / "html", strict=True)


def toctree_pages(docs_build: SiteBuild) -> list[tuple[str, str, int]]:
    """``(docname, title, depth)`` of every toctree entry, in reading order (furo's nav)."""
    nav = docs_build.page("index").select_one(".sidebar-tree")
    pages = []
    for link in nav.select("a.reference.internal"):
        item = link.find_parent("li")
        depth = next(int(c.removeprefix("toctree-l")) for c in item["class"] if "toctree-l" in c)
        docname = link["href"].removesuffix(".html")
        pages.append((docname, link.get_text(strip=True), depth))
    assert pages, "furo's navigation lists the toctree"  # loops over it must not be vacuous
    return pages


def kicker_of(docs_build: SiteBuild, docname: str) -> str | None:
    """The hero's kicker, printed above the page's title (``Toolkit``), if it has one."""
    kicker = docs_build.page(docname).select_one("article .cx-hero__kicker")
    return " ".join(kicker.get_text(" ").split()) if kicker else None


def opens_page(text: str, title: str, kicker: str | None = None) -> bool:
    """True when a page's *text* begins with a chapter's heading.

    The heading is the title, after the part's ``PART n`` label and the hero's kicker when
    there are any (margin boxes are extracted after the content, so nothing comes first).
    """
    label = r"(?:PART \d+ )?" + (rf"(?:{re.escape(kicker)} )?" if kicker else "")
    return re.match(rf"{label}{re.escape(title)}\b", text) is not None


def chapters_not_opening_a_page(
    pages_text: list[str], chapters: list[tuple[str, str | None]]
) -> list[str]:
    """The chapters (title, kicker), in reading order, with no page of their own that they open.

    Each chapter must open a page after the page the chapter before it opened.
    """
    missing: list[str] = []
    previous = 0
    for title, kicker in chapters:
        opening = next(
            (
                n
                for n, text in enumerate(pages_text)
                if n > previous and opens_page(text, title, kicker)
            ),
            None,
        )
        if opening is None:
            missing.append(title)
        else:
            previous = opening
    return missing


CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def without_code(markdown: str) -> str:
    """Markdown without fenced or inline code: URLs there are examples, not links."""
    return CODE.sub("", markdown)


def link_annotations(pdf_path: Path) -> list[tuple[int, pikepdf.Dictionary]]:
    """Every /Link annotation as ``(page index, annotation)``."""
    links = []
    with pikepdf.open(pdf_path) as pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link":
                    links.append((index, annot))
        # Materialise what the tests need before the file closes.
        return [(i, pikepdf.Dictionary(a)) for i, a in links]


# -- The build ----------------------------------------------------------------------------


def test_pdf_builds_strictly_into_project_slug(pdf_build: SiteBuild, pdf_path: Path) -> None:
    assert pdf_build.warnings == []
    assert pdf_path.is_file()
    assert pdf_path.read_bytes().startswith(b"%PDF-")


def test_page_count_is_in_range(reader: PdfReader) -> None:
    # Cover, contents and the chapters of docs/ (69 pages when this was written).
    assert 40 <= len(reader.pages) <= 120


def test_file_is_small(pdf_path: Path) -> None:
    assert pdf_path.stat().st_size < 5_000_000


# -- Cover, contents, chapters -------------------------------------------------------------


def test_cover_shows_title_subtitle_organisation_and_edition(pages_text: list[str]) -> None:
    cover = pages_text[0]
    for text in (
        "CX Handbook",
        "Customer experience for government digital services",
        "DIGITAL SERVICES TEAM",
        "Version 1.0",
    ):
        assert text in cover
    assert "Page 1 of" not in cover  # no running footer on the cover


def test_contents_lists_every_page_with_its_page_number(
    docs_build: SiteBuild, pages_text: list[str], pdf_path: Path
) -> None:
    contents = pages_text[1]
    assert contents.startswith("Contents")
    # An entry's text, leader and number may each carry the link: count destinations.
    toc_dests = {str(annot["/Dest"]) for index, annot in link_annotations(pdf_path) if index == 1}
    titles = ["Introduction"] + [title for _doc, title, _depth in toctree_pages(docs_build)]
    assert len(toc_dests) == len(titles)
    for title in titles:
        match = re.search(re.escape(title) + r"\s*\.*\s*(\d+)", contents)
        assert match, f"{title!r} has no page number in the contents"
        page = int(match.group(1))
        # The number is right: the chapter's title is on that page.
        assert title in pages_text[page - 1]


def test_every_page_title_is_extractable_text(docs_build: SiteBuild, pages_text: list[str]) -> None:
    body = " ".join(pages_text[2:])
    for _doc, title, _depth in toctree_pages(docs_build):
        assert title in body


def test_chapters_start_on_a_new_page(docs_build: SiteBuild, pages_text: list[str]) -> None:
    chapters = [(title, kicker_of(docs_build, doc)) for doc, title, _ in toctree_pages(docs_build)]
    assert chapters_not_opening_a_page(pages_text, chapters) == []


def test_a_chapter_that_runs_on_from_the_last_page_is_found() -> None:
    """The check above can fail: a title in the middle of a page does not open it."""
    pages = [
        "CX Handbook cover",
        "PART 1 Focus areas The priorities … FOCUS AREAS CX Handbook Page 2 of 5",
        "Toolkit Customer Experience Toolkit A themed … CX Handbook Page 3 of 5",
        "… the end of the toolkit. Timelines Show a roadmap … CX Handbook Page 4 of 5",
        "Timelines Show a roadmap, had it opened a page … CX Handbook Page 5 of 5",
    ]
    chapters = [("Focus areas", None), ("Customer Experience Toolkit", "Toolkit")]
    assert chapters_not_opening_a_page(pages, chapters) == []
    assert chapters_not_opening_a_page(pages, [*chapters, ("Timelines", None)]) == []
    assert chapters_not_opening_a_page(pages[:4], [*chapters, ("Timelines", None)]) == ["Timelines"]
    # Two chapters cannot open the same page, and order counts.
    assert chapters_not_opening_a_page(pages, [chapters[1], chapters[0]]) == ["Focus areas"]
    assert not opens_page(pages[2], "Customer Experience Toolkit")  # the kicker is needed


def test_every_page_after_the_cover_has_page_n_of_m(pages_text: list[str]) -> None:
    total = len(pages_text)
    for number, text in enumerate(pages_text[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_running_header_names_the_chapter(docs_build: SiteBuild, pages_text: list[str]) -> None:
    # The toolkit chapter runs over several pages; each continuation page is headed
    # with the part and the chapter's title.
    # Margin boxes are drawn (and extracted) after the page's content.
    continuation = [
        text
        for text in pages_text
        if "TOOLKIT Customer Experience Toolkit CX Handbook Page" in text
    ]
    assert len(continuation) >= 3


# -- Bookmarks ----------------------------------------------------------------------------


def expected_outline(docs_build: SiteBuild) -> list[tuple[str, int]]:
    """Introduction's headings, then every toctree page's title and headings, nested."""
    expected: list[tuple[str, int]] = []
    pages = [("index", "Introduction", 0), *toctree_pages(docs_build)]
    for docname, title, depth in pages:
        article = docs_build.page(docname).find("article")
        page_level = max(depth, 1)
        for heading in article.find_all(re.compile(r"^h[1-6]$")):
            rank = int(heading.name[1])
            text = title if rank == 1 else heading_text(heading)
            expected.append((text, min(page_level + rank - 1, 6)))
    return expected


def test_outline_page_titles_equal_the_toctree(docs_build: SiteBuild, reader: PdfReader) -> None:
    # Every page of the navigation is a bookmark at its navigation depth, in the same
    # order (an ordered subsequence: headings of the pages sit between them).
    expected = [(title, depth) for _doc, title, depth in toctree_pages(docs_build)]
    assert len(expected) >= 10
    bookmarks = iter(flat_outline(reader))
    for entry in expected:
        assert entry in bookmarks, entry


def test_outline_nests_as_the_headings(docs_build: SiteBuild, reader: PdfReader) -> None:
    assert flat_outline(reader) == expected_outline(docs_build)


# -- Links ----------------------------------------------------------------------------------


def test_every_external_url_of_the_sources_is_a_link(pdf_path: Path) -> None:
    uris = {
        unquote(str(annot["/A"]["/URI"]))
        for _index, annot in link_annotations(pdf_path)
        if "/A" in annot and "/URI" in annot["/A"]
    }
    expected = set()
    for source in DOCS.rglob("*.md"):
        expected |= urls_in_markdown(without_code(source.read_text(encoding="utf-8")))
    assert expected
    missing = {unquote(url) for url in expected} - uris
    assert not missing


def test_external_urls_are_printed(pages_text: list[str]) -> None:
    text = "".join("".join(pages_text).split())
    assert "<https://www.performance.gov/cx/>" in text


def test_internal_links_go_to_the_right_page(
    docs_build: SiteBuild, pdf_path: Path, pages_text: list[str]
) -> None:
    """Every internal link annotation points at a page; the contents at the chapters."""
    with pikepdf.open(pdf_path) as pdf:
        page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        names = {}
        dests = pdf.Root.Names.Dests
        tree = pikepdf.NameTree(dests)
        for name, dest in tree.items():
            names[str(name)] = page_index[dest[0].objgen]
        internal = 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/A" in annot:
                    continue
                dest = annot["/Dest"]
                target = (
                    names[str(dest)]
                    if not isinstance(dest, pikepdf.Array)
                    else (page_index[dest[0].objgen])
                )
                assert 0 <= target < len(pdf.pages)
                internal += 1
    assert internal > len(toctree_pages(docs_build))
    # "focus areas (page N)" in the introduction leads to the Focus areas part.
    intro = pages_text[2]
    match = re.search(r"focus areas \(page (\d+)\)", intro)
    assert match and "Focus areas" in pages_text[int(match.group(1)) - 1]


# -- Accessibility and metadata -------------------------------------------------------------


def test_pdf_is_tagged_with_language_and_title(pdf_path: Path) -> None:
    tags = pdf_tags(pdf_path)
    assert (tags.language, tags.pdf_ua_part) == ("en", "1")
    assert tags.marked and tags.has_structure_tree and tags.displays_title


def test_metadata_comes_from_conf(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta.title == "CX Handbook"
    assert meta.author == "Digital Services Team"
    assert meta.subject == "Customer experience for government digital services"
    assert "customer experience" in meta["/Keywords"]


def test_pdfua_checks_pass(pdf_path: Path) -> None:
    """The machine-checkable part of PDF/UA-1 (the pdfua package) finds nothing to fix.

    Nothing is waived. Table cells are tied to their headers both ways (header cells
    have a /Scope, data cells list their header cells' /ID in /Headers), and those ids
    stay unique when the book's parts are merged.
    """
    assert pdf_ua_findings(pdf_path) == []

    def attributes(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
        found = element.get("/A")
        found = found if isinstance(found, pikepdf.Array) else [found]
        return [a for a in found if isinstance(a, pikepdf.Dictionary)]

    with pikepdf.open(pdf_path) as pdf:
        header_ids: list[str] = []
        data_headers: list[list[str]] = []

        def walk(element: pikepdf.Object) -> None:
            kids = element.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if not isinstance(kid, pikepdf.Dictionary):
                    continue
                if kid.get("/S") == "/TH":
                    header_ids.append(str(kid.get("/ID")))
                    assert any("/Scope" in a for a in attributes(kid))
                if kid.get("/S") == "/TD":
                    data_headers.append(
                        [str(h) for a in attributes(kid) for h in a.get("/Headers", [])]
                    )
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert data_headers, "docs/ has a table"
    assert len(set(header_ids)) == len(header_ids), "a header cell's id names one cell"
    assert all(headers and set(headers) <= set(header_ids) for headers in data_headers)


# -- Print-aware blocks (a small test root) ---------------------------------------------------


@pytest.mark.sphinx("handbookpdf", testroot="pdf")
def test_dropdowns_tabs_tables_images_and_numbers_print_whole(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""
    pdf_path = app.outdir / "print-test.pdf"
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(pdf_path).pages
    )
    for expected in (
        "Closed dropdown title",
        "dropdown-body-text",
        "First tab",
        "first-tab-text",
        "Second tab",
        "second-tab-text",
        "cell-a1",
        "https://example.org/print-me",
    ):
        assert expected in text
    # Numbered toctrees and numfig number sections and figures as on the web.
    assert "1.1. A section" in text
    assert "Fig. 1.1 A caption" in text
    assert "See Fig. 1.1" in text
    # A link whose text is its URL prints the URL once.
    assert text.count("example.org/bare") == 1
    with pikepdf.open(pdf_path) as pdf:
        alts = []

        def walk(element: pikepdf.Object) -> None:
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    if kid.get("/S") == "/Figure":
                        alts.append(str(kid.get("/Alt", "")))
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert "A blue square" in alts


# -- The site links to the PDF -----------------------------------------------------------------


def test_every_site_page_links_to_the_pdf_with_its_size(
    site_build: SiteBuild, pdf_path: Path
) -> None:
    assert site_build.returncode == 0, site_build.stderr
    copied = site_build.outdir / PDF_NAME
    assert copied.read_bytes() == pdf_path.read_bytes()
    size = human_size(pdf_path.stat().st_size)
    pages = site_build.pages()
    assert pages
    for page in pages:
        soup = site_build.page(str(page.relative_to(site_build.outdir).with_suffix("")))
        link = soup.select_one("a.cx-pdf-download-link")
        assert link is not None, page
        assert " ".join(link.get_text(" ").split()) == f"Download the handbook (PDF, {size})"
        assert (page.parent / link["href"]).resolve() == copied.resolve()


def test_site_without_a_pdf_has_no_download_link(docs_build: SiteBuild) -> None:
    assert docs_build.page("index").select_one(".cx-pdf-download") is None


# -- Other builders stay whole ------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["latex", "text", "epub", "man"])
def test_other_builders_build_docs_without_warnings(builder: str, tmp_path: Path) -> None:
    # -d keeps the doctrees out of the output (epub would list them as content).
    result = build_site(
        DOCS, tmp_path / builder, builder=builder, extra=["-d", str(tmp_path / "doctrees")]
    )
    assert result.returncode == 0, result.stderr
    assert result.warnings == []


# -- Small helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("project", "slug"),
    [("CX Handbook", "cx-handbook"), ("  Ça va? Guide 2 ", "a-va-guide-2"), ("!!!", "handbook")],
)
def test_project_slug(project: str, slug: str) -> None:
    assert project_slug(project) == slug


@pytest.mark.parametrize(
    ("size", "label"),
    [(512, "512 bytes"), (1000, "1 kB"), (183_612, "184 kB"), (1_234_567, "1.2 MB")],
)
def test_human_size(size: int, label: str) -> None:
    assert human_size(size) == label


def test_ids_are_unique_across_pages_and_links_follow() -> None:
    from docutils import nodes

    from cx_handbook.outputs.pdf import make_ids_unique

    def page(docname: str) -> nodes.Element:
        section = nodes.section(ids=["guideposts"])
        section += nodes.reference("", "same page", refid="guideposts", internal=True)
        section += nodes.reference("", "other page", refuri="#document-b#guideposts", internal=True)
        wrapper = nodes.container()
        wrapper += section
        return wrapper

    first, second = page("a"), page("b")
    make_ids_unique([("a", first), ("b", second)])
    assert first[0]["ids"] == ["guideposts"]
    assert second[0]["ids"] == ["b--guideposts"]
    assert first[0][0]["refid"] == "guideposts"
    assert second[0][0]["refid"] == "b--guideposts"
    assert first[0][1]["refuri"] == "#b--guideposts"
