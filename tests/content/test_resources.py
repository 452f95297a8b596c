"""Resource cards: the directives, detection in lists, accessibility, other builders."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from cx_handbook.sources.annotations import parse_annotation
from helpers import build_site, hrefs_in_html, make_project, urls_in_markdown


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def card_titled(soup: BeautifulSoup, title: str):
    for card in soup.select(".cx-resource-card"):
        link = card.select_one(".cx-resource-card__title")
        if link is not None and link.get_text(" ", strip=True).startswith(title):
            return card
    raise AssertionError(f"no card titled {title!r}")


def badges(card) -> dict[str, str]:
    return {
        next(c for c in b["class"] if c.startswith("cx-badge--")).removeprefix("cx-badge--"): (
            b.get_text()
        )
        for b in card.select(".cx-badge")
    }


@pytest.mark.sphinx("html", testroot="resources")
def test_directive_card(app, warning) -> None:
    app.build()
    soup = page(app, "directive")
    card = card_titled(soup, "Sample CCO performance evaluation criteria")
    link = card.select("a")
    assert len(link) == 1
    assert link[0]["href"] == "https://example.gov/cco.pdf"
    hidden = link[0].select_one(".visually-hidden").get_text()
    assert hidden == " (PDF, 83 KB, 2 pages; external link)"
    assert badges(card) == {
        "type": "PDF",
        "size": "83 KB",
        "count": "2 pages",
        "date": "December 2015",
    }
    # :publisher: decodes HTML entities (MyST leaves options as written)
    publisher = card.select_one(".cx-resource-card__publisher").get_text()
    assert publisher == "General Services Administration – GSA"
    assert card.select_one(".cx-resource-card__description em").get_text() == "supervisor"


@pytest.mark.sphinx("html", testroot="resources")
def test_resources_container_is_a_list_of_cards(app, warning) -> None:
    app.build()
    soup = page(app, "directive")
    grid = soup.select_one("ul.cx-resource-list")
    items = grid.find_all("li", recursive=False)
    assert len(items) == 2
    assert all(li.select_one(".cx-resource-card") for li in items)
    assert badges(items[0]) == {"type": "Excel spreadsheet", "size": "82 KB", "count": "2 tabs"}


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_unsafe_url_is_refused_at_its_line(app, warning) -> None:
    app.build()
    src = app.srcdir / "directive.md"
    assert f"{src}:22: WARNING: resource 'Two': refused the unsafe URL" in warning.getvalue()
    assert "[handbook.unsafe_url]" in warning.getvalue()
    card = card_titled(page(app, "directive"), "Two")
    assert card.find("a") is None
    assert "javascript" not in str(card)


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_detection_in_lists(app, warning) -> None:
    app.build()
    soup = page(app, "detection")
    top = soup.select_one("ul.cx-resource-list")
    items = top.find_all("li", recursive=False)
    # the plain link and the heading item stay list items, in place
    plain = items[2]
    assert "cx-resource-item" not in plain.get("class", [])
    assert plain.get_text(" ", strip=True) == "Plain link"
    heading = items[3]
    assert heading.find("p").get_text() == "Identify what matters most to customers"
    nested = heading.select("ul.cx-resource-list > li > .cx-resource-card")
    assert len(nested) == 2
    card = card_titled(soup, "Top Tasks")
    assert card.select_one(".cx-resource-card__publisher").get_text() == "Digital.gov Event"
    assert badges(card) == {"type": "Webinar", "count": "one-hour"}


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_two_links_in_one_item_lose_nothing(app, warning) -> None:
    app.build()
    soup = page(app, "detection")
    pledge = card_titled(soup, "Customer Service Pledge")
    plan = card_titled(soup, "Strategic Plan")
    for card in (pledge, plan):
        assert len(card.find_all("a")) == 1
        publisher = card.select_one(".cx-resource-card__publisher").get_text()
        assert publisher == "Pension Benefit Guaranty Corporation (PBGC)"
    assert badges(plan) == {"type": "PDF", "size": "1.9 MB", "count": "3 pages"}
    overview, profile = card_titled(soup, "Overview"), card_titled(soup, "Functional Profile")
    assert badges(overview)["count"] == "13 slides"
    assert badges(profile)["size"] == "87 KB"
    # prose between the links: one card (one link, one tab stop), the rest of the
    # sentence a note after it in the same item, its link kept
    goals = card_titled(soup, "Agency Priority Goals")
    assert [a["href"] for a in goals.find_all("a")] == ["https://example.gov/apg/"]
    note = goals.find_next_sibling(class_="cx-resource-note")
    assert note is not None and note.parent is goals.parent
    assert [a["href"] for a in note.find_all("a")] == ["https://example.gov/goal3/"]
    assert "Goal 3:" in note.get_text()


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_words_before_the_link_stay_in_the_title(app, warning) -> None:
    app.build()
    card = card_titled(page(app, "detection"), "Learn how to")
    link = card.select_one("a.cx-resource-card__link")
    assert link.contents[0].strip() == "Create a Culture of Engagement"
    assert badges(card) == {"type": "Video", "extra": "YouTube"}


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_implausible_annotations_warn_at_their_line(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    src = app.srcdir / "detection.md"
    assert f"{src}:14: WARNING: resource 'Marked PDF': the link is marked PDF" in text
    assert f"{src}:15: WARNING: resource 'Tiny': 3.1 KB for 136 pages" in text
    assert text.count("[handbook.resource]") == 2


@pytest.mark.sphinx(
    "html",
    testroot="resources",
    freshenv=True,
    confoverrides={"suppress_warnings": ["handbook.resource"]},
)
def test_resource_warnings_can_be_silenced(app, warning) -> None:
    app.build()
    assert "handbook.resource" not in warning.getvalue()


@pytest.mark.sphinx("html", testroot="resources", freshenv=True)
def test_detection_is_switched_off_per_page(app, warning) -> None:
    app.build()
    soup = page(app, "switched-off")
    assert not soup.select(".cx-resource-card")
    assert "(PDF, 420 kb, 11 pages, 2021)" in soup.get_text()


@pytest.mark.sphinx(
    "html",
    testroot="resources",
    freshenv=True,
    confoverrides={"handbook_detect_resources": False},
)
def test_detection_is_switched_off_site_wide(app, warning) -> None:
    app.build()
    assert not page(app, "detection").select(".cx-resource-card")
    # the directive still makes cards
    assert page(app, "directive").select(".cx-resource-card")


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo", "singlehtml", "epub"])
def test_other_builders_render_cards_without_warnings(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-resources", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    warnings = [
        line
        for line in app._warning.getvalue().splitlines()
        if "WARNING" in line and "handbook.resource" not in line and "unsafe_url" not in line
    ]
    assert warnings == []
    if builder == "text":
        text = (app.outdir / "detection.txt").read_text(encoding="utf-8")
        assert "OMB Circular A-11" in text
        assert "PDF, 420 KB, 11 pages, 2021" in text
        assert "visually" not in text and "external link" not in text
        assert "Pension Benefit Guaranty Corporation (PBGC)" in text
    if builder == "latex":
        tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert "https://example.gov/a11.pdf" in tex
        assert "420 KB" in tex


def test_icon_stylesheet_paints_every_icon() -> None:
    from cx_handbook.content.resources import TYPE_ICONS, icons_stylesheet

    css = icons_stylesheet()
    for name in {*TYPE_ICONS.values(), "link"}:
        assert f".cx-resource-icon--{name}{{" in css
    assert "a.reference.external::after" in css


# -- Real pages, copied unchanged ---------------------------------------------------

CORPUS_PAGES = (
    "sample-position-descriptions-for-digital-government-jobs",
    "government-customer-service-policies-requirements-1993-to-present",
    "bilingual-glossaries-dictionaries-style-guides",
)
#: seed 003's ``[DHS CX Glossary]([url](https://…))`` is repaired by issue #6, not here.
BROKEN_BY_AUTHOR = {"https://www.dhs.gov/cx/glossary"}


@pytest.fixture(scope="module")
def real_build(shared_dir, tmp_path_factory):
    pages = {p.stem: p for p in (shared_dir / "seeds").glob("003*.md")}
    pages.update(
        {name: shared_dir / "corpus" / "digitalgov" / f"{name}.md" for name in CORPUS_PAGES}
    )
    tmp = tmp_path_factory.mktemp("resources-real")
    result = build_site(
        make_project(tmp, pages),
        tmp / "html",
        strict=False,
        extra=["-D", "handbook_build_expired=1"],
    )
    assert result.returncode == 0, result.stderr
    result.sources = pages
    return result


def seed_003(real_build) -> tuple[str, BeautifulSoup]:
    stem = next(s for s in real_build.sources if s.startswith("003"))
    return stem, real_build.page(stem)


def visible_text(soup: BeautifulSoup) -> str:
    """What a sighted reader sees: the page's main text without screen-reader-only text."""
    article = soup.find("article") or soup
    for hidden in article.select(".visually-hidden"):
        hidden.decompose()
    return " ".join(article.get_text(" ").split())


def test_seed_003_every_annotated_item_is_a_card(real_build) -> None:
    # Counted by hand in seed 003: 81 items are links followed by an annotation, a
    # publisher or a dashed description (two items hold two file links each: 2 cards
    # apiece; the OPM goals item has prose between its links: 1 card keeping both).
    _, soup = seed_003(real_build)
    cards = soup.select(".cx-resource-card")
    assert len(cards) == 81
    # each card has exactly one link (one tab stop); the one item whose sentence links
    # twice keeps its second link in a note after its card
    assert all(len(c.find_all("a")) == 1 for c in cards)
    notes = soup.select(".cx-resource-note")
    assert [
        n.find_previous_sibling(class_="cx-resource-card").a.get_text(" ", strip=True)
        for n in notes
    ] == ["2022-2023 Agency Priority Goals (AGPs) (external link)"]
    assert notes[0].a.get_text() == "Create a human-centered customer experience"


@pytest.mark.parametrize(
    ("title", "expected", "publisher"),
    [
        (
            "OMB Circular A-11, Section 280",
            {"type": "PDF", "size": "420 KB", "count": "11 pages", "date": "2021"},
            None,
        ),
        (
            "The CX Cookbook",
            {"type": "PDF", "size": "1.8 MB", "count": "34 pages", "date": "2020"},
            "U.S. Department of Veterans Affairs",
        ),
        (
            "Sample Chief Customer Officer position description",
            {"type": "Word document", "size": "23 KB", "count": "4 pages"},
            "General Services Administration (GSA)",
        ),
        (
            "Sample CX Consultant performance plan",
            {"type": "Excel spreadsheet", "size": "82 KB", "count": "2 tabs"},
            "GSA",
        ),
        (
            "Customer Service and Public Engagement Directorate (CSPED) overview",
            {"type": "PowerPoint presentation", "size": "2 MB", "count": "13 slides"},
            "DHS/USCIS",
        ),
        (
            "Functional Profile",
            {"type": "Word document", "size": "87 KB", "count": "5 pages"},
            "DHS/USCIS",
        ),
        (
            "Report of the Citizen Service Levels Interagency Committee",
            {"type": "Word document", "size": "238 KB", "count": "16 pages", "date": "2005"},
            "CSLIC",
        ),
        (
            "Template: Veterans Journey Map Activity Guide",
            {"type": "Word document", "size": "2.2 MB", "count": "4 pages"},
            "VEO, VA",
        ),
        (
            "Understanding Your Customer",
            {"count": "16 short videos, totalling 26 minutes"},
            "Small Business Administration (SBA) Learning Center",
        ),
        ("Executive Order on Transforming", {"date": "December 2021"}, None),
        ("What Really Matters", {}, "A List Apart"),
    ],
)
def test_seed_003_card_facts(real_build, title, expected, publisher) -> None:
    _, soup = seed_003(real_build)
    card = card_titled(soup, title)
    assert badges(card) == expected
    found = card.select_one(".cx-resource-card__publisher")
    assert (found.get_text() if found else None) == publisher


def test_seed_003_nested_list_keeps_its_heading_item(real_build) -> None:
    _, soup = seed_003(real_build)
    heading = next(
        li
        for li in soup.select("li")
        if li.find("p", recursive=False)
        and li.find("p", recursive=False).get_text() == "Identify what matters most to customers"
    )
    assert "cx-resource-item" not in heading.get("class", [])
    titles = [
        a.contents[0].strip() for a in heading.select("ul.cx-resource-list .cx-resource-card__link")
    ]
    assert titles == [
        "A Deep Dive Into Top Tasks with Gerry McGovern",
        "What Really Matters: Focusing on Top Tasks",
        "Task Analysis",
    ]


def test_screen_readers_hear_type_and_size_with_the_link(real_build) -> None:
    _, soup = seed_003(real_build)
    link = card_titled(soup, "OMB Circular A-11").select_one("a.cx-resource-card__link")
    assert link.get_text().endswith(" (PDF, 420 KB, 11 pages; external link)")
    assert link.select_one(".visually-hidden")


def test_nothing_lost_every_url_is_a_link(real_build) -> None:
    for stem, path in real_build.sources.items():
        expected = urls_in_markdown(path.read_text(encoding="utf-8")) - BROKEN_BY_AUTHOR
        missing = expected - hrefs_in_html(real_build.page(stem))
        assert not missing, (stem, sorted(missing)[:5])


def test_nothing_lost_every_annotation_is_visible(real_build) -> None:
    for stem, path in real_build.sources.items():
        source = html.unescape(path.read_text(encoding="utf-8").split("\n---", 1)[-1])
        text = visible_text(real_build.page(stem))
        annotations = [
            annotation
            for group in re.findall(r"[(\[][^()\[\]]*[)\]]", source)
            if (annotation := parse_annotation(group)) is not None
        ]
        assert len(annotations) >= 10, stem  # each page is chosen for its annotated links
        for annotation in annotations:
            for fact in annotation.facts:
                assert fact in text or fact.lower() in text.lower(), (stem, annotation.text, fact)


def test_sample_position_descriptions_are_47_cards(real_build) -> None:
    soup = real_build.page(CORPUS_PAGES[0])
    cards = soup.select(".cx-resource-card")
    assert len(cards) == 47
    assert all(c.select_one(".cx-badge--size") for c in cards)
    card = card_titled(soup, "New Media Technician, GS-13")
    assert badges(card) == {
        "type": "Word document",
        "size": "58.5 KB",
        "count": "1 page",
        "date": "September 2012",
    }
    card = card_titled(soup, "Customer Experience Officer – Dept. of Education")
    assert badges(card)["date"] == "Feb. 2015"


def test_policies_page_keeps_swapped_annotations_as_written(real_build) -> None:
    # Its annotated links sit in paragraphs, not lists: they stay links, the text stays.
    annotation = parse_annotation("(PDF, 110 kb, March 1998, 2 pages)")
    assert (annotation.size, annotation.count, annotation.date) == (
        "110 KB",
        "2 pages",
        "March 1998",
    )
    text = visible_text(real_build.page(CORPUS_PAGES[1]))
    assert "(PDF, 110 kb, March 1998, 2 pages)" in text


# -- The handbook's own pages ----------------------------------------------------------


def test_writers_page_shows_live_examples(docs_build) -> None:
    assert docs_build.returncode == 0, docs_build.stderr
    soup = docs_build.page("writing/resources")
    card = card_titled(soup, "Sample CX question database")
    assert badges(card) == {
        "type": "Excel spreadsheet",
        "size": "87 KB",
        "count": "1 tab",
        "date": "December 2015",
    }
    grids = soup.select("ul.cx-resource-list")
    assert len(grids) >= 3


def test_toolkit_page_shows_its_resources_as_cards(docs_build) -> None:
    soup = docs_build.page("toolkit/customer-experience-toolkit")
    cards = soup.select(".cx-resource-card")
    assert len(cards) >= 60
    card = card_titled(soup, "OMB Circular A-11, Section 280")
    assert badges(card) == {"type": "PDF", "size": "420 KB", "count": "11 pages", "date": "2021"}


def test_links_to_pages_of_this_site_become_cards_too(tmp_path) -> None:
    """A list of Hugo refs and Markdown links to pages, annotated, is a resource list."""
    pages = {
        "news/mobile-testing": "---\ntitle: Mobile testing\n---\n\nText.\n",
        "news/test-cases": "---\ntitle: Test cases\n---\n\nText.\n",
        "reading": (
            "---\ntitle: Further reading\n---\n\n"
            '* [Mobile testing, short reads]({{< ref "mobile-testing.md" >}}), Feb 2014\n'
            "* [Test cases: write them once](news/test-cases.md) (PDF, 2 pages), Dec 2013\n"
        ),
    }
    srcdir = make_project(tmp_path, pages)
    build = build_site(srcdir, tmp_path / "html", strict=True)
    assert build.returncode == 0, build.stderr
    cards = build.page("reading").select(".cx-resource-card")
    links = [card.select_one("a.cx-resource-card__link") for card in cards]
    assert [a["href"] for a in links] == ["news/mobile-testing.html", "news/test-cases.html"]
    assert cards[0].select_one(".cx-badge--date").get_text() == "Feb 2014"
    assert cards[1].select_one(".cx-badge--type").get_text() == "PDF"
    # The facts a sighted reader sees as badges are in the link for a screen reader.
    assert links[1].select_one(".visually-hidden").get_text() == " (PDF, 2 pages)"
    assert links[1].get_text(" ", strip=True).startswith("Test cases: write them once")
