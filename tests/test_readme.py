"""The README's directive example is a real page: it builds with zero warnings."""

from __future__ import annotations

import re

import pytest

from helpers import REPO_ROOT, build_site, make_project

pytestmark = pytest.mark.e2e


def readme_example() -> str:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Every directive, with an example", 1)[1]
    match = re.search(r"^`````markdown\n(.*?)^`````$", section, re.S | re.M)
    assert match, "the README's directive example is missing"
    return match.group(1)


def test_readme_directive_example_builds_cleanly(tmp_path) -> None:
    page = "---\ntitle: README example\n---\n\n" + readme_example()
    srcdir = make_project(tmp_path, {"example": page})
    result = build_site(srcdir, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    soup = result.page("example")
    assert soup.select_one("a.cx-cta")["href"].startswith("https://connecticut-digital")
    assert len(soup.select("ol.cx-timeline > li")) == 2
    card = soup.select_one(".cx-resource-card")
    assert card is not None and "1.8 MB" in card.get_text()


def test_readme_migration_section_shows_the_hugo_command() -> None:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Migrating a Hugo site", 1)[1].split("\n## ", 1)[0]
    assert "make html SRCDIR=../shared/hugo-site/content STRICT=0" in section
    assert "BUILDDIR=" in section
