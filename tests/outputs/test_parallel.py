"""``-j 2`` writes exactly what a serial build writes, with every job reading and writing."""

from __future__ import annotations

import sys
from io import StringIO
from itertools import chain
from pathlib import Path

import pytest
from sphinx.application import Sphinx

from cx_handbook.core import compat
from cx_handbook.outputs.parallel import SMALLEST_PARALLEL_BATCH
from helpers import REPO_ROOT, build_site

sys.path.insert(0, str(REPO_ROOT / "bench"))
from generate import generate  # bench/ is not a package

#: Enough generated pages for both phases to go to the workers.
PAGES = 2 * SMALLEST_PARALLEL_BATCH + 8


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(PAGES, tmp_path_factory.mktemp("parallel"))


def _files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def test_a_parallel_build_writes_what_a_serial_build_writes(site: Path, tmp_path: Path) -> None:
    serial = build_site(site, tmp_path / "serial", extra=["-j", "1"])
    parallel = build_site(site, tmp_path / "parallel", extra=["-j", "2"])
    assert serial.returncode == 0, serial.stderr
    assert parallel.returncode == 0, parallel.stderr
    serial_files, parallel_files = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert len([name for name in serial_files if name.endswith(".html")]) > PAGES
    assert sorted(parallel_files) == sorted(serial_files)
    differing = [name for name in serial_files if serial_files[name] != parallel_files[name]]
    assert differing == [], "the -j 2 build wrote these files differently"


def test_each_job_reads_and_writes_one_share_of_the_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sphinx.builders
    from sphinx.util.parallel import ParallelTasks

    shares: list[list[str]] = []
    add_task = ParallelTasks.add_task

    def record(self: ParallelTasks, task_func, arg=None, result_func=None):  # type: ignore[no-untyped-def]
        shares.append(list(arg))
        return add_task(self, task_func, arg, result_func)

    written_here: list[str] = []
    write_docname = sphinx.builders._write_docname

    def write_here(docname: str, /, **kwargs):  # type: ignore[no-untyped-def]
        written_here.append(docname)
        return write_docname(docname, **kwargs)

    monkeypatch.setattr(ParallelTasks, "add_task", record)
    monkeypatch.setattr(sphinx.builders, "_write_docname", write_here)
    app = Sphinx(
        str(site), str(REPO_ROOT), str(tmp_path / "html"), str(tmp_path / "doctrees"),
        "html", status=StringIO(), warning=StringIO(), freshenv=True, parallel=2,
    )  # fmt: skip
    app.build()
    assert app.statuscode == 0
    pages = sorted(app.env.found_docs)
    read_shares, write_shares = shares[:2], shares[2:]
    assert len(shares) == 4, "one reader and one writer per job"
    assert sorted(chain.from_iterable(read_shares)) == pages
    # The first page is written in the main process (warming caches); the workers
    # write the rest, half each, and what they send back makes the search index whole.
    assert written_here == pages[:1]
    assert sorted(chain.from_iterable(write_shares)) == pages[1:]
    assert abs(len(write_shares[0]) - len(write_shares[1])) <= 1
    assert all((tmp_path / "html" / f"{page}.html").is_file() for page in pages)
    titles = app.builder.indexer._titles
    assert set(pages) <= set(titles)


@pytest.mark.parametrize(
    ("items", "parts", "hands"),
    [
        (list("abcde"), 2, [list("ace"), list("bd")]),
        (list("ab"), 3, [["a"], ["b"]]),
        ([], 2, []),
        (list("abcdef"), 3, [list("ad"), list("be"), list("cf")]),
    ],
)
def test_deal(items: list[str], parts: int, hands: list[list[str]]) -> None:
    assert compat.deal(items, parts) == hands


def test_a_few_pages_are_read_and_written_in_the_main_process(tmp_path: Path) -> None:
    """An edit must not pay for a fork and an environment sent back."""
    from helpers import make_project

    srcdir = make_project(tmp_path, {"page": "---\ntitle: A page\n---\n\nWords.\n"})
    build = build_site(srcdir, tmp_path / "html", extra=["-j", "2"])
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "html" / "page.html").is_file()
