"""The private APIs of Sphinx, MyST and furo that ``cx_handbook.core.compat`` uses still work."""

from __future__ import annotations

from pathlib import Path

from sphinx.project import Project

from cx_handbook.core.compat import add_generated_document


def test_add_generated_document_reads_outside_srcdir_and_names_no_absolute_path(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "docs"
    srcdir.mkdir()
    source = tmp_path / "_build" / ".doctrees" / "_cx_generated" / "topics" / "cx.md"
    source.parent.mkdir(parents=True)
    source.write_text("# CX\n", encoding="utf-8")
    project = Project(srcdir, [".md"])

    add_generated_document(project, "topics/cx", source)

    assert "topics/cx" in project.docnames
    assert Path(project.doc2path("topics/cx", absolute=True)).resolve() == source.resolve()
    relative = str(project.doc2path("topics/cx", absolute=False))
    assert not Path(relative).is_absolute()
    assert str(tmp_path) not in relative
    assert relative.endswith("_cx_generated/topics/cx.md")
    assert project.path2doc(relative) == "topics/cx"
