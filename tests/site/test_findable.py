"""Being found and shared: sitemap, robots.txt, 404 page, last updated, edit link; a11y markup."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from cx_handbook.outputs.a11y import title_from_docname
from cx_handbook.site.findable import robots_txt
from helpers import REPO_ROOT, build_site, make_project

pytestmark = pytest.mark.e2e

BASE = "https://example.gov/cx-handbook/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_page_under_the_base_url(docs_build) -> None:
    tree = ElementTree.parse(docs_build.outdir / "sitemap.xml")
    locs = {e.text for e in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)}
    pages = {
        BASE + p.relative_to(docs_build.outdir).as_posix()
        for p in docs_build.pages()
        if p.name != "404.html"
    }
    assert pages and locs == pages


def test_robots_txt_points_at_the_sitemap(docs_build) -> None:
    text = (docs_build.outdir / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert f"Sitemap: {BASE}sitemap.xml" in text.splitlines()


def test_robots_txt_without_a_base_url_names_no_sitemap() -> None:
    assert "Sitemap" not in robots_txt("")


def test_404_page_links_its_assets_from_the_site_root(docs_build) -> None:
    soup = docs_build.page("404")
    assert soup.find("h1").get_text(strip=True) == "Page not found"
    css = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert css and all(href.startswith("/cx-handbook/_static/") for href in css)
    nav = [a["href"] for a in soup.select(".sidebar-tree a[href]")]
    assert nav and all(href.startswith("/cx-handbook/") for href in nav)


def test_no_empty_index_page(docs_build) -> None:
    assert not (docs_build.outdir / "genindex.html").exists()


def test_edit_this_page_links_to_the_source_in_the_repository(docs_build) -> None:
    link = docs_build.page("focus-areas/customer-experience").find("a", rel="edit")
    assert link["href"] == (
        "https://github.com/example-gov/cx-handbook/edit/main/docs/focus-areas/"
        "customer-experience.md"
    )


def test_last_updated_comes_from_git(docs_build) -> None:
    footer = docs_build.page("index").select_one(".last-updated")
    assert footer is not None and "Last updated on" in footer.get_text()


def test_a_project_outside_git_builds_strictly_without_dates(tmp_path) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: A page\n---\n\nText.\n"})
    result = build_site(srcdir, tmp_path / "html", strict=True, confdir=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.page("page").select_one(".last-updated") is None


def test_toctree_captions_are_complete_headings(docs_build) -> None:
    captions = docs_build.page("index").select(".caption[role=heading]")
    assert captions and all(c.get("aria-level") == "2" for c in captions)


@pytest.fixture(scope="module")
def untitled_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("untitled")
    pages = {
        "our-work": "---\ntemplateKey: project\n---\n\nWe help agencies.\n",
        "tasks": "---\ntitle: Tasks\n---\n\n- [x] Map the journey\n- [ ] Test with people\n",
    }
    return build_site(make_project(tmp, pages), tmp / "html", strict=False)


def test_a_page_without_a_title_gets_one_and_a_warning(untitled_build) -> None:
    soup = untitled_build.page("our-work")
    assert soup.find("article").find("h1").get_text(strip=True).startswith("Our work")
    assert soup.title.get_text().startswith("Our work")
    assert any(
        "our-work.md:1: WARNING: this page has no title" in w and "[handbook.no_title]" in w
        for w in untitled_build.warnings
    ), untitled_build.warnings


def test_task_list_checkboxes_are_named_by_their_item(untitled_build) -> None:
    soup = untitled_build.page("tasks")
    boxes = soup.select("input.task-list-item-checkbox")
    assert len(boxes) == 2
    names = [soup.find(id=box["aria-labelledby"]).get_text(" ", strip=True) for box in boxes]
    assert names == ["Map the journey", "Test with people"]
    assert boxes[0].has_attr("checked") and not boxes[1].has_attr("checked")


@pytest.mark.parametrize(
    ("docname", "title"),
    [("work", "Work"), ("ct/index", "Ct"), ("index", "CX"), ("a_b-c", "A b c")],
)
def test_title_from_docname(docname: str, title: str) -> None:
    assert title_from_docname(docname, "CX") == title


def test_logo_is_decoration_beside_the_site_name(docs_build) -> None:
    brand = docs_build.page("index").select_one("a.sidebar-brand")
    assert brand.find("img")["alt"] == ""
    assert brand.get_text(strip=True) == "CX Handbook"
