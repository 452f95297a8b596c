"""Shared fixtures: sphinx.testing roots, and builds of the real docs/ and ../shared/ pages."""

from __future__ import annotations

import sys
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
#: rules, the site's config.yml), one process (``JOBS=1``), ``-n``, not strict.
HUGO_SITE_BUILD_OPTIONS: list[str] = []


@pytest.fixture(scope="session")
def hugo_site_build(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """``../shared/hugo-site/content``, built once per session as `make html SRCDIR=…` does.

    The end-to-end test and the browser suite's sample both read this one build.
    """
    content = shared_dir / "hugo-site" / "content"
    if not content.is_dir():
        pytest.skip(f"{content} is absent: the whole-site test needs ../shared/hugo-site")
    out = tmp_path_factory.mktemp("hugo-site") / "html"
    return build_site(content, out, strict=False, extra=HUGO_SITE_BUILD_OPTIONS)
