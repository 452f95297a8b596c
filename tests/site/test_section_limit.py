"""Large sections: the navigation lists their landing page and neighbours; it lists all."""

from __future__ import annotations

import pytest

from helpers import ROOTS, build_site, heading_text

ROOT = ROOTS / "test-navlimit"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_site(ROOT, tmp_path_factory.mktemp("navlimit") / "html", confdir=ROOT)
    assert built.returncode == 0, built.stderr
    return built


def sidebar(page) -> list[tuple[str, str, list[str]]]:
    """(text, href, li classes) of every sidebar link, in order."""
    return [
        (a.get_text(), a["href"], a.find_parent("li")["class"])
        for a in page.select(".sidebar-tree a.reference")
    ]


def test_small_sections_are_listed_whole(site):
    texts = [text for text, _href, _classes in sidebar(site.page("guide/one"))]
    assert texts == ["Guide", "Guide one", "Guide two", "News", "Archive"]


def test_a_large_section_is_its_landing_page_only(site):
    links = sidebar(site.page("guide/one"))
    assert not [text for text, _h, _c in links if text.startswith("News item")]
    home = sidebar(site.page("index"))
    assert [text for text, _h, _c in home] == ["Guide", "Guide one", "Guide two", "News", "Archive"]


def test_a_page_of_a_large_section_shows_its_neighbours(site):
    page = site.page("news/item-05")
    links = sidebar(page)
    assert [(text, href) for text, href, _c in links] == [
        ("Guide", "../guide/index.html"),
        ("Guide one", "../guide/one.html"),
        ("Guide two", "../guide/two.html"),
        ("News", "index.html"),
        ("News item 04", "item-04.html"),
        ("News item 05", "#"),
        ("News item 06", "item-06.html"),
        ("Archive", "../archive/_index.html"),
    ]
    classes = {text: c for text, _h, c in links}
    assert "current-page" in classes["News item 05"]
    assert "current" in classes["News"] and "current-page" not in classes["News"]
    assert classes["News item 04"] == ["toctree-l2"]
    first = [text for text, _h, _c in sidebar(site.page("news/item-01"))][-3:-1]
    assert first == ["News item 01", "News item 02"]


def test_the_landing_page_lists_every_page_by_year(site):
    page = site.page("news/index")
    listing = page.select_one("section#cx-section-pages")
    assert heading_text(listing.h2) == "All 12 pages in this section"
    groups = {
        heading_text(group.h3): [a.get_text() for a in group.select("li a")]
        for group in listing.select("section")
    }
    assert list(groups) == ["2024", "2023", "Undated"]
    assert groups["2024"] == [f"News item {i:02d}" for i in range(1, 6)]
    assert groups["Undated"] == ["News item 12"]
    assert sum(len(titles) for titles in groups.values()) == 12
    hrefs = {a.get_text(): a["href"] for a in listing.select("a.reference")}
    assert hrefs["News item 07"] == "item-07.html"
    assert page.select_one("section#cx-section-pages") is not None
    assert site.page("guide/index").select_one("#cx-section-pages") is None


def test_no_limit_lists_everything(tmp_path):
    built = build_site(
        ROOT, tmp_path / "html", confdir=ROOT, extra=["-D", "handbook_nav_section_limit=0"]
    )
    assert built.returncode == 0, built.stderr
    texts = [text for text, _h, _c in sidebar(built.page("guide/one"))]
    assert len([t for t in texts if t.startswith("News item")]) == 12
    assert built.page("news/index").select_one("#cx-section-pages") is None


def test_a_long_topic_listing_is_titles_by_year_not_cards(site):
    listing = site.page("topics/updates").select_one("ul.cx-listing-years")
    years = [p.get_text() for p in listing.select(".cx-listing-years__year")]
    assert years == ["2024 (5)", "2023 (6)", "Undated (1)"]
    first_year = listing.select("ul.cx-listing-years__pages")[0]
    # newest first within a year: item 04 is dated 2024-05-10, item 01 2024-02-10
    assert [a.get_text() for a in first_year.select("a")] == [
        "News item 05",
        "News item 04",
        "News item 03",
        "News item 02",
        "News item 01",
    ]
    assert not site.page("topics/updates").select(".cx-card")


def test_a_large_hugo_section_gets_a_page_per_year(site):
    landing = site.page("archive/_index").select_one("section#cx-section-pages")
    years = {a.get_text(): a["href"] for a in landing.select("a.reference")}
    assert years == {"2022 (3 pages)": "pages-2022.html", "2021 (5 pages)": "pages-2021.html"}
    year = site.page("archive/pages-2022")
    assert heading_text(year.select_one("h1")) == "Archive: 2022"
    links = [a.get_text() for a in year.select(".cx-section-pages li a")]
    assert sorted(links) == ["Archived post 1", "Archived post 2", "Archived post 3"]
    assert year.select_one(".cx-section-pages p a")["href"] == "_index.html"
    assert "pages-2022" not in " ".join(t for t, _h, _c in sidebar(site.page("archive/post-2")))


def test_the_404_page_leaves_large_sections_out_too(site):
    texts = [a.get_text() for a in site.page("404").select(".sidebar-tree a.reference")]
    assert "News" in texts and "Guide one" in texts
    assert not [text for text in texts if text.startswith("News item")]


def test_year_pages_after_an_edit_match_a_clean_build(tmp_path):
    """An incremental build after an edit gives the year pages a clean build gives."""
    import shutil

    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    first = build_site(source, tmp_path / "inc", confdir=source)
    assert first.returncode == 0, first.stderr
    post = source / "archive" / "post-2.md"
    post.write_text(post.read_text("utf-8").replace("Archived post 2", "Renamed post 2"), "utf-8")
    landing = source / "archive" / "_index.md"
    landing.write_text(landing.read_text("utf-8").replace("Archive", "Old posts", 1), "utf-8")
    again = build_site(source, tmp_path / "inc", confdir=source)
    clean = build_site(source, tmp_path / "clean", confdir=source)
    assert again.returncode == 0 and clean.returncode == 0, again.stderr + clean.stderr

    def seen(built, page):
        html = built.page(page)
        listed = [a.get_text() for a in html.select(".cx-section-pages li a")]
        return sidebar(html), heading_text(html.select_one("h1")), listed

    for page in ("archive/_index", "archive/pages-2022", "archive/post-2", "archive/post-5"):
        assert seen(again, page) == seen(clean, page), page
    assert "Renamed post 2" in seen(again, "archive/pages-2022")[2]
    assert seen(again, "archive/pages-2022")[1] == "Old posts: 2022"
