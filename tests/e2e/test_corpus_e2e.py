"""End to end: every seed and real page, copied unchanged, builds with nothing lost."""

from __future__ import annotations

import pytest

from helpers import build_site, hrefs_in_html, main_text, make_project, urls_in_markdown

pytestmark = pytest.mark.e2e

RAW_SHORTCODE_MARKS = ("{{<", "{{&lt;", ">}}", "&gt;}}", "{{%", "%}}")


@pytest.fixture(scope="module")
def corpus_build(shared_dir, tmp_path_factory):
    pages = {f"seeds/{p.stem}": p for p in sorted((shared_dir / "seeds").glob("*.md"))}
    for site in ("ct", "digitalgov"):
        for path in sorted((shared_dir / "corpus" / site).glob("*.md")):
            pages[f"corpus/{site}/{path.stem}"] = path
    tmp = tmp_path_factory.mktemp("corpus")
    srcdir = make_project(tmp, pages)
    result = build_site(
        srcdir, tmp / "html", strict=False, extra=["-D", "handbook_build_expired=1"]
    )
    result.sources = pages
    return result


def test_every_page_builds(corpus_build) -> None:
    assert corpus_build.returncode == 0, corpus_build.stderr[-3000:]
    for name in corpus_build.sources:
        assert (corpus_build.outdir / f"{name}.html").is_file(), name


def test_no_raw_shortcodes_in_any_page(corpus_build) -> None:
    for name in corpus_build.sources:
        html = (corpus_build.outdir / f"{name}.html").read_text(encoding="utf-8")
        for mark in RAW_SHORTCODE_MARKS:
            assert mark not in html, (name, mark)


def test_nothing_lost_every_url_is_a_link(corpus_build) -> None:
    for name, path in corpus_build.sources.items():
        expected = urls_in_markdown(path.read_text(encoding="utf-8"))
        missing = expected - hrefs_in_html(corpus_build.page(name))
        assert not missing, (name, sorted(missing)[:5])


def test_every_warning_names_file_and_line(corpus_build) -> None:
    assert corpus_build.warnings
    for line in corpus_build.warnings:
        location = line.split(": WARNING:")[0]
        path, _, number = location.rpartition(":")
        assert path.endswith(".md") and number.isdigit(), line


def test_legacy_image_is_described_and_linked_on_the_original_file_store(corpus_build) -> None:
    # Line 64 of the CMS toolkit page: {{< legacy-img src="2014/05/600-x-285-…" alt=… >}}.
    soup = corpus_build.page("corpus/digitalgov/2013-10-30-content-management-systems-toolkit")
    remote = soup.select_one(".cx-remote-image")
    assert "Open Content Model mural" in remote.get_text(" ", strip=True)
    link = remote.select_one("a.cx-image-link")
    assert link["href"].endswith(
        "/_legacy-img/2014/05/600-x-285-Open-Content-Model-full-cropped.jpg"
    )
    assert not any("'legacy-img'" in w for w in corpus_build.warnings)


def test_shortcode_warnings_name_the_line_as_written(corpus_build) -> None:
    # The ref to a page the corpus lacks sits on line 342 of seed 003.
    assert any(
        "003_aa1d836e22493dcd.md:342: WARNING: link '/communities' names no page in this "
        "handbook (link text 'other communities of practice')" in w
        for w in corpus_build.warnings
    )


def test_accordion_is_a_dropdown_with_its_headings_kept(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/2021-06-03-2021-user-experience-summit")
    dropdowns = soup.select("details.cx-accordion")
    assert [d.summary.get_text(" ", strip=True) for d in dropdowns] == [
        "Day 1: Tuesday, June 22, 2021",
        "Day 2: Wednesday, June 23, 2021",
        "Day 3: Thursday, June 24, 2021",
    ]
    headings = [h.get_text(" ", strip=True) for h in dropdowns[0].select("h2.rubric")]
    assert headings[0].startswith("Keynote: The Future of Design")
    videos = soup.select("a.cx-media-link")
    assert videos and all(a["href"].startswith("https://www.youtube.com/watch?v=") for a in videos)
    assert not soup.select("iframe")


def test_do_dont_table_is_a_real_table(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/an-introduction-to-pronouns")
    table = soup.select_one("table.cx-do-dont")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Do", "Don’t"]
    assert len(table.select("tbody tr")) == 7
    assert "ground rules for discussions" in table.caption.get_text()


def test_checklists_are_task_lists_with_nested_items(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/guidelines-for-digital-gov-event-presenters")
    lists = soup.select(".cx-checklist")
    assert len(lists) == 4
    assert len(soup.select(".cx-checklist li.task-list-item")) == 32 + 14
    nested = soup.select(".cx-checklist li.task-list-item ul li.task-list-item")
    assert len(nested) == 14


def test_heading_ids_and_refs_to_them_work(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/2013-10-30-content-management-systems-toolkit")
    for anchor in ("prepare", "choose", "migrate"):
        assert soup.find(id=anchor) is not None
        assert soup.select_one(f'a[href="#{anchor}"]') is not None
    text = main_text(soup)
    assert "{#prepare}" not in text
    assert "Examine your metrics" in text  # a ref outside the project keeps its text


def test_legacy_file_inside_raw_html_href(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/2013-10-30-content-management-systems-toolkit")
    hrefs = hrefs_in_html(soup)
    assert (
        "https://s3.amazonaws.com/digitalgov/_legacy-img/2014/07/sample-content-inventory.xlsx"
        in hrefs
    )


def test_notes_boxes_and_policies(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/required-web-content-and-links")
    assert len(soup.select(".cx-box")) == 10
    assert len(soup.select("details.cx-policy")) == 5
    assert soup.select(".admonition.note")
    assert len(soup.select(".cx-highlight")) == 10


def test_quote_block_is_an_epigraph(corpus_build) -> None:
    soup = corpus_build.page("corpus/digitalgov/approach")
    quote = soup.select_one("blockquote.epigraph")
    assert "entirely different things" in quote.get_text()
    assert "Margaret Mead" in quote.select_one(".attribution").get_text()


def test_featured_and_static_assets_are_resource_cards(corpus_build) -> None:
    approach = corpus_build.page("corpus/digitalgov/approach")
    assert len(approach.select(".cx-resource-card")) == 4
    summit = corpus_build.page("corpus/digitalgov/2021-06-03-2021-user-experience-summit")
    assert len(summit.select(".cx-resource-card")) >= 13


def test_pages_without_catalogs_offer_no_other_language(corpus_build) -> None:
    """conf.py names Spanish, but these pages have no Spanish catalogs: no switch, no hreflang."""
    from bs4 import BeautifulSoup

    pages = sorted(corpus_build.sources)
    assert pages
    for name in pages:
        soup = BeautifulSoup((corpus_build.outdir / f"{name}.html").read_text("utf-8"), "lxml")
        assert soup.html["lang"] == "en", name
        assert not soup.select(".cx-language-switch"), name
        assert not soup.select("link[hreflang]"), name
