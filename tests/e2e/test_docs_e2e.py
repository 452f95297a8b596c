"""End to end: the real handbook in docs/ builds strictly and shows what a reader needs."""

from __future__ import annotations

import pytest

from helpers import REPO_ROOT, heading_text, hrefs_in_html, main_text, urls_in_markdown

pytestmark = pytest.mark.e2e

PAGES = {
    "index": "CX Handbook",
    "focus-areas/customer-experience": "Customer Experience",
    "toolkit/customer-experience-toolkit": "Customer Experience Toolkit",
    "writing/index": "Writing for this handbook",
}


def test_builds_with_zero_warnings(docs_build) -> None:
    assert docs_build.returncode == 0, docs_build.stderr
    assert docs_build.warnings == []


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_page_has_its_title_as_h1(docs_build, page: str, title: str) -> None:
    soup = docs_build.page(page)
    h1 = soup.find("article").find("h1")
    assert h1 is not None and heading_text(h1) == title
    assert soup.title.get_text().startswith(title)


def test_navigation_lists_every_section(docs_build) -> None:
    nav = docs_build.page("index").select_one(".sidebar-tree")
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    for title in (
        "Customer Experience",
        "Customer Experience Toolkit",
        "Writing for this handbook",
    ):
        assert title in labels


@pytest.mark.parametrize("page", list(PAGES))
def test_every_source_url_is_a_link(docs_build, page: str) -> None:
    source = (REPO_ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    expected = urls_in_markdown(source)
    assert expected or page in {"index", "writing/index"}
    missing = expected - hrefs_in_html(docs_build.page(page))
    assert not missing


def test_toolkit_has_eight_topics_with_working_anchors(docs_build) -> None:
    soup = docs_build.page("toolkit/customer-experience-toolkit")
    topics = [
        "Strategy",
        "Governance",
        "Culture",
        "Customer Understanding",
        "Design",
        "Measurement",
        "Digital Services",
        "Collaboration",
    ]
    h2 = [heading_text(h) for h in soup.find("article").find_all("h2")]
    for topic in topics:
        assert topic in h2
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for a in soup.find("article").find_all("a", href=True):
        if a["href"].startswith("#"):
            assert a["href"][1:] in ids, a["href"]


def test_site_features_search_theme_toggle_copy_button(docs_build) -> None:
    out = docs_build.outdir
    assert (out / "searchindex.js").stat().st_size > 1000
    assert "Toolkit" in (out / "searchindex.js").read_text(encoding="utf-8")
    soup = docs_build.page("writing/index")
    assert soup.select_one(".theme-toggle") is not None
    assert any("copybutton" in s.get("src", "") for s in soup.find_all("script"))
    assert soup.select("div.highlight pre")
    assert "no JavaScript" not in main_text(soup)
