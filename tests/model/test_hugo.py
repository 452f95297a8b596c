"""A Hugo site built as it is: the home page, data/ beside content/, config.yml.

The site is ``tests/roots/test-hugo/`` (``content/``, ``data/``, ``config.yml``), built with
the project's ``conf.py`` the way ``make html SRCDIR=…/content`` builds it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from cx_handbook.sources.hugo_site import find_hugo_site, read_records
from helpers import REPO_ROOT, ROOTS, SiteBuild, build_site

HUGO_ROOT = ROOTS / "test-hugo"


def test_hugo_site_found_from_its_content_folder() -> None:
    site = find_hugo_site(HUGO_ROOT / "content")
    assert site is not None
    assert site.data_dir == HUGO_ROOT / "data"
    assert site.config.base_url == "https://hugo.example.gov"
    assert site.config.taxonomies == {"topic": "topics", "author": "authors"}
    assert site.config.permalinks == {"news": ":year/:month/:day/:slug/"}
    assert site.config.ref_not_found_url == "https://hugo.example.gov/resources/"


def test_a_plain_folder_is_no_hugo_site(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    assert find_hugo_site(tmp_path / "docs") is None


def test_records_by_uid() -> None:
    images = read_records(HUGO_ROOT / "data" / "images")
    assert images["team-photo"]["alt"].startswith("Five people")
    assert images["team-photo"]["credit"] == "Example Agency"


def test_home_page_is_content_index(hugo_build: SiteBuild) -> None:
    assert hugo_build.returncode == 0, hugo_build.stderr
    assert "Traceback" not in hugo_build.stderr
    home = hugo_build.page("_index")
    assert "Welcome to the example Hugo site." in home.get_text()
    # the Hugo site's baseURL is where it is published
    assert home.find("link", rel="canonical")["href"].startswith("https://hugo.example.gov/")


def test_no_home_page_says_what_to_do(tmp_path: Path) -> None:
    srcdir = tmp_path / "pages"
    srcdir.mkdir()
    (srcdir / "about.md").write_text("# About\n", encoding="utf-8")
    result = build_site(srcdir, tmp_path / "out", strict=False)
    assert result.returncode != 0
    assert "has no home page" in result.stderr
    assert "Point SRCDIR at the folder holding the home page" in result.stderr
    assert "Traceback" not in result.stderr


def test_makefile_takes_srcdir_and_builddir_from_the_command_line() -> None:
    dry = subprocess.run(
        ["make", "-n", "html", "SRCDIR=/tmp/site/content", "BUILDDIR=/tmp/site-out", "STRICT=0"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "/tmp/site/content /tmp/site-out/html" in dry.stdout


def test_hugo_build_options_and_toml_config(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://t.example.gov/"\nbuildDrafts = true\n[taxonomies]\ntag = "tags"\n',
        encoding="utf-8",
    )
    site = find_hugo_site(tmp_path / "content")
    assert site is not None and site.data_dir is None
    assert site.config.build_drafts and not site.config.build_expired
    assert site.config.taxonomies == {"tag": "tags"}
    assert site.config.base_url == "https://t.example.gov/"


def test_headings_that_skip_a_level_nest_without_a_gap_and_quietly(hugo_build: SiteBuild) -> None:
    page = hugo_build.page("services/faq")
    levels = [h.name for h in page.find("article").find_all(["h1", "h2", "h3", "h4"])]
    assert levels == ["h1", "h2", "h2"]
    assert not [w for w in hugo_build.warnings if "myst.header" in w]


def test_a_title_key_in_capitals_is_the_pages_title(hugo_build: SiteBuild) -> None:
    page = hugo_build.page("services/capital-keys")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "Written with capitals"
    assert "Hugo reads keys in any case." in page.select_one(".cx-hero__lead").get_text()
    assert not [w for w in hugo_build.warnings if "capital-keys" in w]
