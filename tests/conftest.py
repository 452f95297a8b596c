"""Shared fixtures: sphinx.testing roots, and builds of the real docs/ and ../shared/ pages."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from sphinx.util.docutils import docutils_namespace

from helpers import REPO_ROOT, SHARED_DIR, SiteBuild, build_site, shared_or_skip

sys.path.insert(0, str(REPO_ROOT / "_ext"))

pytest_plugins = ("sphinx.testing.fixtures",)

collect_ignore = ["roots"]


@pytest.fixture(autouse=True)
def _docutils_registries_restored():
    """Each test leaves docutils' global registries as it found them.

    A Sphinx application made in-process (``make check``'s build, compat probes) registers
    nodes, directives and roles globally; without this, a later test's app warns that
    they are "already registered".
    """
    with docutils_namespace():
        yield


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the small ``test-*`` Sphinx projects live."""
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def docs_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The real handbook in docs/, built as `make html` builds it (strict)."""
    out = tmp_path_factory.mktemp("docs-html")
    return build_site(REPO_ROOT / "docs", out, strict=True)


@pytest.fixture(scope="session")
def hugo_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """``tests/roots/test-hugo/content`` built as `make html SRCDIR=…/content STRICT=0` does."""
    out = tmp_path_factory.mktemp("hugo-html")
    return build_site(Path(__file__).parent / "roots" / "test-hugo" / "content", out, strict=False)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository: skipped in a user's clone, required in CI."""
    return shared_or_skip()


__all__ = ["SHARED_DIR"]


#: The whole digital.gov Hugo site: 4,021 pages (``../shared/hugo-site``), built with
#: `make html`'s options and nothing more: drafts and expired pages stay out (Hugo's
#: rules, the site's config.yml), a process per core (``JOBS=auto``), ``-n``, not strict.
HUGO_SITE_BUILD_OPTIONS: list[str] = ["-j", "auto"]


#: Where the whole-site build is kept between the two pytest processes of `make test`
#: (the suite, then the browser suite), one folder per key of what it was built from.
TEST_CACHE = REPO_ROOT / "_build" / "test-cache"
#: What the build reads besides the site: our code, templates, styles and pins.
BUILD_INPUTS = ("conf.py", "_ext", "_static", "_templates", "requirements.txt", "tests/helpers.py")


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def build_key(site_root: Path, options: list[str]) -> str:
    """A digest of every file the build reads (the site, our code, the pins) and its options."""
    digest = hashlib.sha256(json.dumps([sys.version, options]).encode())
    roots = [(site_root, p) for p in ("content", "data", "config.yml", "config.toml", "hugo.toml")]
    roots += [(REPO_ROOT, p) for p in BUILD_INPUTS]
    for base, name in roots:
        for path in _files(base / name) if (base / name).exists() else []:
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def cached_build(name: str, srcdir: Path, key: str, options: list[str]) -> SiteBuild:
    """*srcdir* built once per *key*: a later pytest process reads the kept build.

    The build goes to a temporary folder and is renamed into place when it is complete,
    with its return code, output and warnings; older builds of *name* are removed.
    """
    folder = TEST_CACHE / f"{name}-{key}"
    record = folder / "build.json"
    if not record.is_file():
        TEST_CACHE.mkdir(parents=True, exist_ok=True)
        for old in TEST_CACHE.glob(f"{name}-*"):
            shutil.rmtree(old, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=TEST_CACHE))
        result = build_site(srcdir, work / "html", strict=False, extra=options)
        fields = ("returncode", "stderr", "stdout", "warnings", "seconds")
        (work / "build.json").write_text(json.dumps({f: getattr(result, f) for f in fields}))
        work.rename(folder)
    data = json.loads(record.read_text())
    return SiteBuild(folder / "html", **data)


@pytest.fixture(scope="session")
def hugo_site_build(shared_dir: Path) -> SiteBuild:
    """``../shared/hugo-site/content``, built as `make html SRCDIR=…` does, once per key.

    The end-to-end test and the browser suite's sample (a second pytest process) both
    read this one build; a change to the site, our code or the pins builds it again.
    """
    content = shared_dir / "hugo-site" / "content"
    if not content.is_dir():
        pytest.skip(f"{content} is absent: the whole-site test needs ../shared/hugo-site")
    key = build_key(content.parent, HUGO_SITE_BUILD_OPTIONS)
    return cached_build("hugo-site", content, key, HUGO_SITE_BUILD_OPTIONS)
