"""A Hugo site's addresses keep working: its URLs, ``url``, ``permalinks``, ``redirectto``."""

from __future__ import annotations

import re

from cx_handbook.model.page import FrontMatter
from cx_handbook.site.redirects import hugo_sources, permalink_path
from helpers import SiteBuild, is_redirect_stub

PERMALINKS = {"news": ":year/:month/:day/:slug/"}


def redirect_of(build: SiteBuild, name: str) -> str:
    """Where the redirect page *name* (``news/index``) sends the reader."""
    path = build.outdir / f"{name}.html"
    assert is_redirect_stub(path), name
    return re.search(r'url=([^"]+)"', path.read_text(encoding="utf-8")).group(1)


def test_permalink_pattern_from_date_and_slug() -> None:
    model = FrontMatter(slug="first-post", date="2024-03-01 09:00:00 -0400")
    assert permalink_path("news/first-post", model, PERMALINKS["news"]) == "2024/03/01/first-post"
    assert permalink_path("news/x", FrontMatter(), PERMALINKS["news"]) is None  # no date


def test_hugo_serves_pages_at_pretty_urls() -> None:
    assert hugo_sources("_index", FrontMatter(), {}) == ["index"]
    assert hugo_sources("news/_index", FrontMatter(), {}) == ["news/index"]
    assert hugo_sources("about/team", FrontMatter(), {}) == ["about/team/index"]
    assert hugo_sources("about/team", FrontMatter(slug="people"), {}) == ["about/people/index"]
    assert hugo_sources("about/team", FrontMatter(url="/x/"), {}) == []


def test_old_addresses_of_a_hugo_site_redirect(hugo_build: SiteBuild) -> None:
    assert redirect_of(hugo_build, "index") == "_index.html"  # the site's root
    assert redirect_of(hugo_build, "news/index") == "_index.html"
    assert redirect_of(hugo_build, "2024/03/01/first-post/index") == (
        "../../../../news/first-post.html"
    )
    assert redirect_of(hugo_build, "services/usa-short-urls/index") == "../short-urls.html"
    assert redirect_of(hugo_build, "short-urls/index") == "../services/short-urls.html"
    assert redirect_of(hugo_build, "services/moved-away/index") == "../moved-away.html"
    # a term page's slug is its folder: no redirect into itself
    assert not (hugo_build.outdir / "authors/jane-doe/jane-doe/index.html").exists()
    assert not [w for w in hugo_build.warnings if "handbook.redirect" in w]


def test_redirectto_sends_the_reader_on_at_once(hugo_build: SiteBuild) -> None:
    away = hugo_build.page("services/moved-away")
    refresh = away.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=https://tts.example.gov/services/"
    assert "This service has a new home." in away.find("article").get_text()
    # an address under the site's baseURL is the page of this site
    here = hugo_build.page("services/moved-here")
    refresh = here.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../news/first-post.html"
    assert hugo_build.page("news/first-post").find("meta", attrs={"http-equiv": "refresh"}) is None


def test_a_page_that_moved_is_a_page_not_a_stub(hugo_build: SiteBuild) -> None:
    moved = hugo_build.outdir / "services" / "moved-away.html"
    assert not is_redirect_stub(moved)
    assert moved in hugo_build.pages()
