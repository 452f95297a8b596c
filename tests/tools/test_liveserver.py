"""The live preview: one Sphinx application rebuilt in place must equal a clean build."""

from __future__ import annotations

import gc
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cx_handbook.tools.liveserver import LiveBuild, _with_reload_script, parse_args
from helpers import REPO_ROOT, ROOTS, build_site

#: Parts of a page that legitimately differ between two builds (none so far besides the
#: copyright year, which both builds share on the same day).
VOLATILE: list[re.Pattern[str]] = []


def output_files(outdir: Path) -> dict[str, str]:
    """Every page and the search index of a build, by path, normalised."""
    files = {}
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir)
        if relative.parts[0] in {".doctrees", "_static"} or not path.is_file():
            continue
        if path.suffix not in {".html", ".js", ".xml", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in VOLATILE:
            text = pattern.sub("<volatile>", text)
        files[relative.as_posix()] = text
    return files


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def live_site(tmp_path: Path) -> tuple[Path, LiveBuild]:
    srcdir = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-live", srcdir)
    live = LiveBuild(srcdir, tmp_path / "live", REPO_ROOT)
    live.build()
    return srcdir, live


def test_a_sequence_of_edits_gives_the_clean_build_of_the_final_pages(
    live_site: tuple[Path, LiveBuild], tmp_path: Path
) -> None:
    srcdir, live = live_site
    out = live.outdir

    def body_edit() -> None:
        _replace(srcdir / "guide/first.md", "Original body", "Edited body")

    def title_change() -> None:
        _replace(srcdir / "guide/second.md", "title: The second step", "title: Step two")

    def new_page() -> None:
        (srcdir / "guide/third.md").write_text(
            "---\ntitle: A third step\n---\n\nBrand new page.\n", encoding="utf-8"
        )
        _replace(srcdir / "guide/index.md", "second\n", "second\nthird\n")

    def deleted_page() -> None:
        (srcdir / "about.md").unlink()
        _replace(srcdir / "index.md", "about\n", "")

    read: list[str] = []
    live.app.connect("env-before-read-docs", lambda app, env, docs: read.extend(docs))
    steps: list[tuple[Callable[[], None], set[str], str, str]] = [
        (body_edit, {"guide/first"}, "guide/first.html", "Edited body"),
        # the new title shows in every page's navigation
        (title_change, {"guide/index", "guide/second"}, "guide/first.html", "Step two"),
        (new_page, {"guide/index", "guide/third"}, "index.html", "A third step"),
        (deleted_page, {"index"}, "index.html", ""),
    ]
    notfound = out / "404.html"
    for edit, expected_reads, page, expected in steps:
        read.clear()
        before = notfound.stat().st_mtime_ns
        edit()
        live.build()
        assert set(read) == expected_reads, (edit.__name__, sorted(read))
        assert expected in (out / page).read_text(encoding="utf-8"), edit.__name__
        # the 404 page shows only the navigation: written again only when it changed
        assert (notfound.stat().st_mtime_ns == before) == (edit is body_edit), edit.__name__
    assert "About this site" not in (out / "index.html").read_text(encoding="utf-8")
    live.flush()

    clean = build_site(srcdir, tmp_path / "clean", strict=False)
    assert clean.returncode == 0, clean.stderr
    live_files, clean_files = output_files(out), output_files(clean.outdir)
    assert sorted(live_files) == sorted(clean_files)
    differing = [name for name in clean_files if live_files[name] != clean_files[name]]
    assert not differing


def test_the_environment_and_search_index_wait_for_the_writer_to_pause(
    live_site: tuple[Path, LiveBuild],
) -> None:
    srcdir, live = live_site
    live.flush()
    pickle = live.outdir / ".doctrees" / "environment.pickle"
    index = live.outdir / "searchindex.js"
    before = (pickle.stat().st_mtime_ns, index.read_text(encoding="utf-8"))
    _replace(srcdir / "guide/first.md", "Original body", "Searchable zebra body")
    live.build()
    assert (pickle.stat().st_mtime_ns, index.read_text(encoding="utf-8")) == before
    try:
        live.flush()
        assert gc.get_freeze_count() > 0, "what stays is kept from the garbage collector"
        live.collect_garbage()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert pickle.stat().st_mtime_ns > before[0]
    assert "zebra" in index.read_text(encoding="utf-8")


def test_a_page_that_becomes_a_draft_is_noticed(live_site: tuple[Path, LiveBuild]) -> None:
    srcdir, live = live_site
    page = srcdir / "guide/second.md"
    assert not live.exclusion_changed([page])
    _replace(page, "title: The second step", "title: The second step\ndraft: true")
    assert live.exclusion_changed([page])


def test_the_reload_script_goes_before_the_end_of_the_body() -> None:
    page = _with_reload_script(b"<html><body><p>x</p></body></html>")
    assert page == (
        b'<html><body><p>x</p><script src="/_cx_live/reload.js" defer></script></body></html>'
    )
    assert REPO_ROOT.joinpath("_ext/cx_handbook/tools/static/cx-live-reload.js").is_file()


def test_settings_pass_through_and_strictness_does_not(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse_args(["docs", "out", "-D", "root_doc=_index", "-W", "--keep-going"])
    assert args.define == ["root_doc=_index"]
    assert "ignores -W --keep-going" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["docs", "out", "-D", "root_doc"])
