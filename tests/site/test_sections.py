"""Hugo sections: each ``_index.md`` lists its section's pages, in Hugo's order."""

from __future__ import annotations

from datetime import datetime

from bs4 import BeautifulSoup

from cx_handbook.model.page import FrontMatter
from cx_handbook.model.siteindex import SiteIndex
from cx_handbook.site.sections import hugo_order, parent_section, section_tree


def nav_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".sidebar-tree a")]


def test_parent_section_is_the_nearest_index() -> None:
    sections = {"_index", "news/_index", "guides/hcd/_index"}
    assert parent_section("news/2024/01/post", sections) == "news/_index"
    assert parent_section("news/_index", sections) == "_index"
    assert parent_section("guides/hcd/_index", sections) == "_index"
    assert parent_section("guides/hcd/step/one", sections) == "guides/hcd/_index"
    assert parent_section("about", sections) == "_index"
    assert parent_section("_index", sections) is None


def test_hugo_order_weight_then_newest_date_weight_zero_unset() -> None:
    index = SiteIndex(
        pages={
            "s/_index": FrontMatter(title="S"),
            "s/old": FrontMatter(title="Old", date=datetime(2020, 1, 1)),
            "s/new": FrontMatter(title="New", date=datetime(2024, 1, 1)),
            "s/heavy": FrontMatter(title="Heavy", weight=2, date=datetime(2019, 1, 1)),
            "s/light": FrontMatter(title="Light", weight=1, date=datetime(2018, 1, 1)),
            "s/zero": FrontMatter(title="Zero", weight=0, date=datetime(2025, 1, 1)),
        }
    )
    assert section_tree(index)["s/_index"] == ["s/light", "s/heavy", "s/zero", "s/new", "s/old"]
    assert hugo_order("a", FrontMatter()) < hugo_order("b", FrontMatter())


def test_landing_pages_list_their_section_in_hugo_order(hugo_build) -> None:
    assert not [w for w in hugo_build.warnings if "toc.not_included" in w]
    news = hugo_build.page("news/_index")
    titles = nav_titles(news)
    assert titles.index("News") < titles.index("A pinned post")
    assert (
        titles.index("A pinned post") < titles.index("First post") < titles.index("An older post")
    )
    following = news.select_one(".related-pages a.next-page")
    assert following["href"] == "pinned-post.html"


def test_a_top_level_folder_without_index_gets_hugos_section_page(hugo_build) -> None:
    resources = hugo_build.page("resources/_index")
    assert resources.find("h1").get_text(strip=True).rstrip("¶") == "Resources"
    assert "Style guide" in nav_titles(resources)
    link = hugo_build.page("resources/style-guide").select_one("article p a")
    assert link["href"] == "_index.html"
    assert not [w for w in hugo_build.warnings if "content/resources/" in w]
    assert not list((hugo_build.outdir / "resources").glob("_sources/*"))


def test_a_small_sections_landing_page_shows_its_pages(hugo_build) -> None:
    news = hugo_build.page("news/_index")
    wrapper = news.find("article").select_one(".toctree-wrapper")
    assert wrapper.select_one("p.caption").get_text(strip=True) == "In this section"
    titles = [a.get_text(strip=True) for a in wrapper.select("a")]
    assert titles[:3] == ["A pinned post", "First post", "Pictures"]
