"""A build with nothing to do leaves the search page, the 404 page and the index alone."""

from __future__ import annotations

from pathlib import Path

from helpers import build_site, make_project

EXTRA = ("search.html", "404.html", "searchindex.js")


def _stamps(outdir: Path) -> dict[str, int]:
    return {name: (outdir / name).stat().st_mtime_ns for name in EXTRA}


def test_extra_pages_are_written_only_when_something_changed(tmp_path: Path) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: A page\n---\n\nFirst words.\n"})
    outdir = tmp_path / "html"
    assert build_site(srcdir, outdir).returncode == 0
    first = _stamps(outdir)

    assert build_site(srcdir, outdir).returncode == 0
    assert _stamps(outdir) == first, "nothing changed: nothing written again"

    (srcdir / "page.md").write_text("---\ntitle: A renamed page\n---\n\nZebra words.\n")
    assert build_site(srcdir, outdir).returncode == 0
    after_edit = _stamps(outdir)
    assert all(after_edit[name] > first[name] for name in EXTRA)
    assert "zebra" in (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "A renamed page" in (outdir / "404.html").read_text(encoding="utf-8")
    assert "A renamed page" in (outdir / "search.html").read_text(encoding="utf-8")
