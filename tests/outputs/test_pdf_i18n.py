"""The Spanish PDF handbook: `make pdf`'s second book, its words, its tags, its link.

The real docs/ are built in Spanish once per module (``-D language=es``, into
``pdf/es/`` as the Makefile does) and read back with pypdf and pikepdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cx_handbook.outputs.pdf import human_size, typst_words
from helpers import REPO_ROOT, SiteBuild, build_site, pdf_tags, pdf_ua_findings

pytestmark = pytest.mark.e2e

DOCS = REPO_ROOT / "docs"
SPANISH = ["-D", "language=es"]
PDF_NAME = "cx-handbook-es.pdf"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("book-es")


@pytest.fixture(scope="module")
def pdf_build(build_dir: Path) -> SiteBuild:
    return build_site(DOCS, build_dir / "pdf" / "es", builder="handbookpdf", extra=SPANISH)


@pytest.fixture(scope="module")
def pdf_path(pdf_build: SiteBuild) -> Path:
    assert pdf_build.returncode == 0, pdf_build.stderr
    assert pdf_build.warnings == []
    return pdf_build.outdir / PDF_NAME


@pytest.fixture(scope="module")
def pages_text(pdf_path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf_path).pages]


def test_spanish_book_is_tagged_spanish_and_pdf_ua(pdf_path: Path) -> None:
    tags = pdf_tags(pdf_path)
    assert (tags.language, tags.pdf_ua_part) == ("es", "1")
    assert tags.marked and tags.has_structure_tree and tags.displays_title
    meta = PdfReader(pdf_path).metadata
    assert meta.title == "Manual de CX"
    assert meta.subject == "Experiencia del cliente en los servicios digitales del gobierno"


def test_spanish_book_passes_the_pdf_ua_checks(pdf_path: Path) -> None:
    """As tests/outputs/test_pdf.py: nothing waived."""
    assert pdf_ua_findings(pdf_path) == []


def test_cover_contents_and_footers_are_spanish(pages_text: list[str]) -> None:
    cover, contents = pages_text[0], pages_text[1]
    assert "Manual de CX" in cover and "Versión 1.0 · " in cover
    assert contents.startswith("Índice Introducción")
    assert re.search(r"Experiencia del cliente\s*\.+\s*\d+", contents)
    total = len(pages_text)
    for number, text in enumerate(pages_text[1:], start=2):
        # The footer's margin box is extracted last.
        assert text.endswith(f"Página {number} de {total}"), (number, text[-80:])
        assert f"Page {number} of {total}" not in text


def test_notices_are_in_the_book(pages_text: list[str]) -> None:
    text = " ".join(pages_text)
    assert "La página en inglés ha cambiado desde que se tradujo" in text
    assert "Esta página todavía no está traducida" in text
    assert "Estamos rediseñando los servicios del estado" in text  # the translated lead


def test_spanish_site_links_to_the_spanish_book(pdf_path: Path, build_dir: Path) -> None:
    site = build_site(DOCS, build_dir / "html" / "es", extra=SPANISH)
    assert site.returncode == 0, site.stderr
    assert (site.outdir / PDF_NAME).read_bytes() == pdf_path.read_bytes()
    link = site.page("index").select_one("a.cx-pdf-download-link")
    size = human_size(pdf_path.stat().st_size)
    assert " ".join(link.get_text(" ").split()) == f"Descargar el manual (PDF, {size})"
    assert link["href"] == PDF_NAME


def test_book_words_become_typst_markup() -> None:
    """The translated words stay text (escaped); the placeholders become Typst code."""
    assert (
        typst_words("Página {page} de {pages}", page="#counter(page).display()", pages="12")
        == "Página #counter(page).display() de 12"
    )
    assert typst_words('Say "{n}" #1', n="#n") == 'Say \\"#n\\" \\#1'
