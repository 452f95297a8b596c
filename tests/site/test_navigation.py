"""The navigation tree computed once per build is furo's own HTML, page for page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ROOTS, build_site

ROOT = ROOTS / "test-navigation"


def html_files(outdir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*.html"))
        if "_static" not in p.parts
    }


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nav")
    furo = build_site(ROOT, tmp / "furo", confdir=ROOT, extra=["-D", "handbook_fast_navigation=0"])
    ours = build_site(ROOT, tmp / "ours", confdir=ROOT)
    assert furo.returncode == 0, furo.stderr
    assert ours.returncode == 0, ours.stderr
    return furo, ours


def test_every_page_is_byte_identical_to_furos(both_builds) -> None:
    furo, ours = both_builds
    theirs, mine = html_files(furo.outdir), html_files(ours.outdir)
    assert theirs.keys() == mine.keys()
    assert len(theirs) >= 8
    for name in theirs:
        assert mine[name] == theirs[name], name


def test_the_tree_marks_the_current_page(both_builds) -> None:
    _, ours = both_builds
    leaf = ours.page("guide/deep/leaf")
    current = leaf.select(".sidebar-tree li.current-page > a")
    assert [a.get_text() for a in current] == ["Leaf <&> \u201cquoted\u201d"]
    assert current[0]["href"] == "#"
    expanded = leaf.select(".sidebar-tree li.current > input[checked]")
    assert len(expanded) == 2  # Guide and Deep are open on the way to the leaf
    hrefs = {a.get_text(): a["href"] for a in leaf.select(".sidebar-tree a")}
    assert hrefs["The first page"] == "../first.html"
    assert "https://example.gov/external" in hrefs.values()


def test_a_title_change_reaches_every_page_on_rebuild(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "out"
    assert build_site(src, out, confdir=src).returncode == 0
    first = src / "guide" / "first.md"
    first.write_text(first.read_text().replace("The first page", "Renamed page"))
    assert build_site(src, out, confdir=src).returncode == 0
    for page in ("index", "hidden", "guide/deep/leaf", "guide/second"):
        nav = (out / f"{page}.html").read_text()
        assert "Renamed page" in nav, page
        assert "The first page" not in nav, page


def test_a_toctree_helper_compat_does_not_know_is_a_warning_not_a_quiet_slow_path(
    tmp_path,
) -> None:
    from io import StringIO

    from sphinx.application import Sphinx

    def foreign_helper(app, pagename, templatename, context, doctree) -> None:
        if pagename == "guide/second":
            sphinx_toctree = context["toctree"]
            context["toctree"] = lambda **kwargs: sphinx_toctree(**kwargs)

    warnings = StringIO()
    app = Sphinx(
        ROOT,
        ROOT,
        tmp_path / "out",
        tmp_path / "doctrees",
        "html",
        status=StringIO(),
        warning=warnings,
        freshenv=True,
    )
    app.connect("html-page-context", foreign_helper, priority=300)
    app.build()
    text = warnings.getvalue()
    assert "guide/second.md: WARNING: the toctree() of this page is" in text
    assert "[handbook.compat]" in text
    assert text.count("[handbook.compat]") == 1  # only that page
