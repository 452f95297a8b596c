"""Two builds of the same sources in different folders write the same bytes.

Every output file is compared except ``.doctrees`` (Sphinx's pickled cache, which holds
absolute paths by design and is never published) and ``.buildinfo`` (a hash of the
configuration, not published either). No output file may hold the build folder's path or
the home directory: the published site must not leak the build machine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import REPO_ROOT, SiteBuild, build_site

#: Not published, and not meant to be reproducible (see the module docstring).
UNPUBLISHED = (".doctrees", ".buildinfo")


def published_files(outdir: Path) -> dict[str, bytes]:
    """Every output file but the unpublished ones, by its path relative to *outdir*."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and not set(path.relative_to(outdir).parts) & set(UNPUBLISHED)
    }


def leaked_paths(files: dict[str, bytes], paths: list[Path]) -> dict[str, list[str]]:
    """The files (by name) that contain any of *paths*, with the paths each contains."""
    leaks: dict[str, list[str]] = {}
    for name, data in files.items():
        found = [str(p) for p in paths if str(p).encode() in data]
        if found:
            leaks[name] = found
    return leaks


def differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Names present in only one build, or whose bytes differ."""
    return sorted(n for n in first.keys() | second.keys() if first.get(n) != second.get(n))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteBuild, SiteBuild]:
    """docs/ copied into two differently named folders, each built as `make html` does.

    Each build has its own hash seed, so an output that follows the order of a set differs,
    and its output elsewhere relative to its sources (``make html BUILDDIR=...``), so an
    output that records a path through the build folder differs too.
    """
    builds = []
    layouts = (("first-checkout", ("_build", "html")), ("second-elsewhere", ("out", "x", "site")))
    for hash_seed, (name, outparts) in enumerate(layouts, start=1):
        root = tmp_path_factory.mktemp(name)
        srcdir = root / "docs"
        shutil.copytree(REPO_ROOT / "docs", srcdir)
        build = build_site(srcdir, root.joinpath(*outparts), strict=True, hash_seed=hash_seed)
        assert build.returncode == 0, build.stderr
        builds.append(build)
    return builds[0], builds[1]


def test_two_builds_write_identical_files(two_builds) -> None:
    first, second = (published_files(b.outdir) for b in two_builds)
    for name in ("index.html", "searchindex.js", "sitemap.xml", "topics/index.html"):
        assert name in first, f"{name} was not built"
    assert differing(first, second) == []


def test_no_output_names_the_build_folder_or_home(two_builds) -> None:
    home = Path.home()
    for build in two_builds:
        root = build.outdir.parents[1]
        files = published_files(build.outdir)
        assert leaked_paths(files, [root, root.resolve(), home]) == {}


def test_the_checks_catch_a_leak_and_a_difference(tmp_path) -> None:
    """The helpers above can fail: a path in a file and a changed byte are both found."""
    files = {"searchindex.js": f'"{tmp_path}/.doctrees/x.md"'.encode(), "a.html": b"same"}
    assert leaked_paths(files, [tmp_path]) == {"searchindex.js": [str(tmp_path)]}
    assert differing(files, {**files, "a.html": b"s\xc3\xa4me"}) == ["a.html"]
    assert differing(files, {"a.html": b"same"}) == ["searchindex.js"]
