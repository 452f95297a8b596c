"""The book's parts merged into one tagged PDF, and the Typst markup the writer makes.

Two small Typst documents stand in for two parts of a book: each has headings, a table
(Typst numbers both tables' header cells alike) and a link into the other part.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import typst
from docutils import nodes
from pypdf import PdfReader

from cx_handbook.outputs.pdf import typst_words
from cx_handbook.outputs.pdf_merge import LinkTargets, merge_parts
from cx_handbook.outputs.typst_writer import (
    TypstTranslator,
    collect_targets,
    fill_pages,
    html_text,
    page_mark,
    typst_label,
    typst_text,
)
from helpers import flat_outline, pdf_tags, pdf_ua_findings

PREAMBLE = '#set document(title: "Merged")\n#set text(lang: "en")\n'

FIRST = """\
= One <one>
A paragraph with #link("cx-xref:two")[a link to part two].
== One, a section <one-section>
#table(columns: 2, table.header([A], [B]), [1], [2])
#pagebreak()
== One, another section
Text.
"""

SECOND = """\
= Two <two>
#link("cx-xref:one-section")[Back to one] and #link("cx-xref:somewhere")[a target
without a heading].
#table(columns: 2, table.header([C], [D]), [3], [4])
== Two, a section
Text.
"""


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("merge")
    parts = []
    for name, body in (("one", FIRST), ("two", SECOND)):
        source = folder / f"{name}.typ"
        source.write_text(PREAMBLE + body, "utf-8")
        target = source.with_suffix(".pdf")
        typst.compile(str(source), output=str(target), pdf_standards=["ua-1"])
        parts.append(target)
    links = LinkTargets(
        destinations={"one-section": "one-section"},
        pages={"somewhere": 2},
        descriptions={"two": "Two"},
    )
    out = folder / "book.pdf"
    assert merge_parts(parts, out, links) == 3  # one: 2 pages, two: 1
    return out


def test_pages_and_bookmarks_follow_the_parts(merged: Path) -> None:
    reader = PdfReader(merged)
    assert len(reader.pages) == 3
    found = flat_outline(reader)
    assert found == [
        ("One", 1),
        ("One, a section", 2),
        ("One, another section", 2),
        ("Two", 1),
        ("Two, a section", 2),
    ]


def test_links_across_parts_lead_to_their_place(merged: Path) -> None:
    with pikepdf.open(merged) as pdf:
        page_of = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        names = {
            str(k): page_of[v[0].objgen] for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()
        }
        found = {}
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                assert "/A" not in annot or not str(annot.A.get("/URI", "")).startswith("cx-")
                if "/Dest" in annot:
                    dest = annot.Dest
                    target = (
                        names[str(dest)]
                        if isinstance(dest, pikepdf.String)
                        else page_of[dest[0].objgen]
                    )
                    found[str(annot.Contents)] = target
    assert names["two"] == 2 and names["one-section"] == 0
    assert found["Two"] == 2  # its description, and the heading's named destination
    assert 0 in found.values()  # back to one's section
    assert found["page 3"] == 2  # no destination: the page the first pass found


def test_merged_book_is_one_valid_tagged_pdf(merged: Path) -> None:
    assert pdf_ua_findings(merged) == []
    tags = pdf_tags(merged)
    assert tags.marked and tags.has_structure_tree and tags.pdf_ua_part == "1"
    with pikepdf.open(merged) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        keys = [int(k) for k in nums[::2]]
        assert len(keys) == len(set(keys)) and int(root.ParentTreeNextKey) > max(keys)
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
            for annot in page.obj.get("/Annots", []):
                assert int(annot.StructParent) in keys
        ids = [str(i) for i in root.IDTree.Names[::2]]
        assert len(ids) == len(set(ids)) == 4  # two tables, two header cells each
        assert "/PageLabels" not in pdf.Root


def test_typst_text_prints_what_it_is_given() -> None:
    tricky = "1. #heading <b> *not bold* _x_ `c` $m$ [a] @ref https://x.gov/a // c = - + 'q' \"q\""
    source = PREAMBLE + typst_text(tricky) + "\n"
    pdf = typst.compile(source.encode())
    folder = Path(pytest.importorskip("tempfile").mkdtemp())
    (folder / "t.pdf").write_bytes(pdf)
    text = " ".join(PdfReader(folder / "t.pdf").pages[0].extract_text().split())
    assert text == tricky


def test_page_placeholders_and_labels() -> None:
    markup = f"see {page_mark('a:b')} and {page_mark('c')}"
    assert fill_pages(markup, {"a:b": "7", "c": "12"}.get) == "see 7 and 12"
    assert typst_label("document-focus/index") == "document-focus:index"
    assert html_text('<input type="checkbox" checked disabled> Done<svg><path/></svg>') == (
        "\u2611  Done"
    )
    assert typst_words("Página {page} de {pages}", page="#p", pages="9") == "Página #p de 9"


def test_only_ids_a_link_names_become_targets() -> None:
    document = nodes.document(None, None)
    chapter = nodes.container(cx_docname="guide", cx_depth=1)
    section = nodes.section(ids=["named", "unnamed"])
    section += nodes.title("", "Title")
    section += nodes.paragraph("", "", nodes.reference("", "here", refid="named"))
    section += nodes.paragraph("", "", nodes.reference("", "gone", refid="nowhere"))
    chapter += section
    document += chapter
    targets, fallback = collect_targets(document)
    assert targets == {"named": "named"}
    assert fallback == {"named": "document-guide"}


def test_emoji_are_named_in_words_without_an_emoji_font() -> None:
    from cx_handbook.outputs.typst_writer import BookContext, TypstTranslator

    def book(emoji_font: bool) -> BookContext:
        return BookContext(
            words={},
            targets={},
            secnumbers={},
            fignumbers={},
            numfig_format={},
            admonition_labels={},
            image_path=lambda _node: None,
            emoji_font=emoji_font,
        )

    document = nodes.document(None, None)
    without = TypstTranslator(document, book(emoji_font=False))
    assert without.printable("Done \U0001f389") == "Done (party popper)"
    assert without.printable("plain") == "plain"
    with_font = TypstTranslator(document, book(emoji_font=True))
    assert with_font.printable("Done \U0001f389") == "Done \U0001f389"


def _translator() -> TypstTranslator:
    from cx_handbook.outputs.typst_writer import BookContext

    book = BookContext(
        words={},
        targets={},
        secnumbers={},
        fignumbers={},
        numfig_format={},
        admonition_labels={},
        image_path=lambda _node: None,
    )
    from docutils.utils import new_document

    return TypstTranslator(new_document("test"), book)


def _table(*rows: nodes.Node) -> nodes.table:
    body = nodes.tbody()
    for content in rows:
        body += nodes.row("", nodes.entry("", content))
    return nodes.table("", nodes.tgroup("", nodes.colspec(colwidth=1), body, cols=1))


def test_a_table_nested_in_a_cell_is_printed_once() -> None:
    inner = _table(nodes.paragraph("", "Inner cell"))
    outer = _table(inner, nodes.paragraph("", "Outer cell"))
    wrapper = nodes.section("", outer)
    markup = _translator().render(wrapper)
    assert markup.count("Inner cell") == 1
    assert markup.count("Outer cell") == 1


def test_nested_definition_and_field_lists_are_printed_once() -> None:
    inner = nodes.definition_list(
        "", nodes.definition_list_item("", nodes.term("", "Inner term"), nodes.definition())
    )
    outer = nodes.definition_list(
        "",
        nodes.definition_list_item("", nodes.term("", "Outer term"), nodes.definition("", inner)),
    )
    fields = nodes.field_list(
        "",
        nodes.field(
            "",
            nodes.field_name("", "Outer"),
            nodes.field_body(
                "",
                nodes.field_list(
                    "", nodes.field("", nodes.field_name("", "Inner"), nodes.field_body())
                ),
            ),
        ),
    )
    markup = _translator().render(nodes.section("", outer, fields))
    assert markup.count("Inner term") == 1
    assert markup.count("Inner") == 2  # "Inner term" and the inner field's name
