"""The page hero, calls to action and meta tags: front matter in, what a reader sees out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cx_handbook.content.hero import byline_text
from helpers import RootBuild, build_root, build_site, heading_text, make_project

pytestmark = pytest.mark.sphinx

DIGITALGOV_DATA = "corpus/digitalgov/_data"


Built = RootBuild


def _build(rootdir: Path, tmp: Path, builder: str) -> Built:
    return build_root("hero", tmp, builder)


@pytest.fixture(scope="module")
def html(rootdir, tmp_path_factory) -> Built:
    return _build(rootdir, tmp_path_factory.mktemp("hero-html"), "html")


def _hero(soup: BeautifulSoup):
    return soup.select_one("section > div.cx-hero")


# -- area page (CT) -------------------------------------------------------------------


def test_area_page_has_icon_beside_title_lead_and_cta(html) -> None:
    soup = html.page("area")
    head = soup.select_one("div.cx-hero-head")
    svg = head.select_one(".cx-hero__icon svg")
    assert svg["aria-hidden"] == "true" and "cx-icon--comments" in svg["class"]
    section = head.find_next_sibling("section")
    assert heading_text(section.find("h1")) == "Customer Experience"
    hero = _hero(soup)
    assert "cx-hero--area" in hero["class"]
    lead = hero.select_one("p.cx-hero__lead")
    assert lead.get_text() == "Citizens deserve a simple government & we\u2019re delivering."


def test_site_path_cta_links_to_the_page(html) -> None:
    cta = _hero(html.page("area")).select_one("a.cx-cta")
    assert cta["href"] == "work.html"
    assert cta.get_text() == "Learn More"  # entity and trailing spaces cleaned
    assert {"cx-cta", "cx-cta--primary"} <= set(cta["class"])


def test_title_nav_and_search_hold_only_the_title(html) -> None:
    soup = html.page("resources/toolkit")
    assert soup.title.get_text().startswith("Customer Experience Toolkit")
    nav = [a.get_text(strip=True) for a in html.page("index").select(".toctree-wrapper a")]
    assert "Customer Experience Toolkit" in nav and "Customer Experience" in nav
    assert not any("Toolkit Customer" in label or "svg" in label for label in nav)
    h1 = soup.find("h1")
    assert heading_text(h1) == "Customer Experience Toolkit"
    assert h1.find("svg") is None


# -- resource page (digital.gov) ----------------------------------------------------


def test_resource_page_has_kicker_summary_byline_date_topics(html) -> None:
    soup = html.page("resources/toolkit")
    kicker = soup.select_one(".cx-hero-head .cx-hero__kicker")
    assert kicker.get_text() == "Toolkit"
    hero = _hero(soup)
    assert "cx-hero--article" in hero["class"]
    # HTML in text values is shown, never interpreted.
    assert hero.select_one(".cx-hero__lead").get_text() == (
        "A toolkit to help agencies <em>improve</em> services."
    )
    assert hero.find("em") is None
    assert hero.select_one(".cx-hero__byline").get_text() == "By Rachel Flagg and nobody-known"
    assert hero.select_one(".cx-hero__date").get_text() == "Published January 7, 2016"


def test_topic_tags_link_relative_to_the_page_or_are_text(html) -> None:
    hero = _hero(html.page("resources/toolkit"))
    tags = hero.select("ul.cx-tags > li")
    assert [li.get_text(strip=True) for li in tags] == ["Customer Experience", "Design"]
    link = tags[0].find("a")
    assert link["href"] == "../topics/cx.html" and "cx-tag" in link["class"]
    # Every topic in use gets a generated page, so every tag links to a page that exists.
    for li in tags:
        target = (html.outdir / "resources" / li.find("a")["href"]).resolve()
        assert target.is_file(), target


def test_three_authors_and_iso_dates(html) -> None:
    hero = _hero(html.page("resources/event"))
    assert hero.select_one(".cx-hero__byline").get_text() == (
        "By Jean Fox, Rachel Flagg and Alex Schulte"
    )
    assert hero.select_one(".cx-hero__date").get_text() == "Published June 22, 2021"


def test_byline_text() -> None:
    assert byline_text(["A"]) == "By A"
    assert byline_text(["A", "B"]) == "By A and B"


# -- warnings name file and line, and the page still renders ----------------------------


def test_unknown_author_warns_at_its_line_and_shows_the_slug(html) -> None:
    line = html.warning_at("resources/toolkit.md:12", "author 'nobody-known'")
    assert line.endswith("[handbook.author]")
    assert "authors.yml" in line


def test_unknown_icon_warns_at_its_key_and_page_has_no_icon(html) -> None:
    line = html.warning_at("unknown-icon.md:4", "unknown icon 'no-such-icon-anywhere'")
    assert line.endswith("[handbook.icon]")
    soup = html.page("unknown-icon")
    assert soup.select_one(".cx-hero-head") is None
    assert _hero(soup).select_one(".cx-hero__lead") is not None


def test_cta_to_a_missing_page_goes_under_the_base_url_and_warns(html) -> None:
    line = html.warning_at("unknown-icon.md:6", "link '/no/such/page/' names no page")
    assert line.endswith("[handbook.ref]")
    cta = _hero(html.page("unknown-icon")).select_one("a.cx-cta")
    assert cta["href"] == "https://example.gov/hb/no/such/page/"


def test_unsafe_front_matter_cta_is_text_not_a_link(html) -> None:
    html.warning_at("unsafe.md:4", "unsafe URL")
    soup = html.page("unsafe")
    row = _hero(soup).select_one("p.cx-cta-row")
    assert row.get_text(strip=True) == "Click me"
    assert row.find("a") is None
    assert "javascript" not in str(soup.find("article") or soup.body).lower()


# -- the {cta} directive ------------------------------------------------------------


def test_directive_backtick_form_decodes_entities(html) -> None:
    ctas = html.page("directive").select("p.cx-cta-row")
    first = ctas[0].find("a")
    assert first.get_text() == "Read & share the\u00a0toolkit"
    assert first["href"] == "https://example.org/toolkit?a=1&b=2"
    assert set(first["class"]) >= {"cx-cta", "cx-cta--primary", "external"}


def test_directive_colon_fence_secondary_by_alias_slug_and_relative(html) -> None:
    links = [row.find("a") for row in html.page("directive").select("p.cx-cta-row")]
    by_alias, by_slug, relative = links[1], links[2], links[3]
    assert by_alias["href"] == "work.html" and "cx-cta--secondary" in by_alias["class"]
    assert by_slug["href"] == "work.html"
    assert relative["href"] == "resources/toolkit.html"


def test_directive_unsafe_or_missing_url_is_text_with_a_warning(html) -> None:
    rows = html.page("directive").select("p.cx-cta-row")
    assert [r.get_text(strip=True) for r in rows[4:]] == ["Sneaky", "No link"]
    assert all(r.find("a") is None for r in rows[4:])
    assert html.warning_at("directive.md:22", "unsafe call-to-action URL").endswith(
        "[handbook.unsafe_url]"
    )
    assert html.warning_at("directive.md:26", "has no ':url:'").endswith("[handbook.cta]")


def test_front_matter_and_directive_ctas_have_the_same_shape(html) -> None:
    hero_row = _hero(html.page("area")).select_one("p.cx-cta-row")
    directive_row = html.page("directive").select("p.cx-cta-row")[2]
    shape = [(c.name, sorted(set(c["class"]) - {"internal", "external"})) for c in hero_row]
    assert shape == [
        (c.name, sorted(set(c["class"]) - {"internal", "external"})) for c in directive_row
    ]


# -- meta description and OpenGraph --------------------------------------------------


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    tags = {}
    for m in soup.find_all("meta"):
        key = m.get("property") or m.get("name")
        if key and (key == "description" or key.startswith(("og:", "twitter:"))):
            assert key not in tags, f"duplicate meta {key}"
            tags[key] = m.get("content")
    return tags


def test_meta_description_and_opengraph(html) -> None:
    meta = _meta(html.page("resources/toolkit"))
    summary = "A toolkit to help agencies <em>improve</em> services."
    assert meta["description"] == summary
    assert meta["og:description"] == summary
    assert meta["og:title"] == "Customer Experience Toolkit"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "https://example.gov/hb/resources/toolkit.html"
    assert meta["twitter:card"] == "summary"
    area = _meta(html.page("area"))
    assert area["og:type"] == "website"
    assert area["description"].startswith("Citizens deserve a simple government & we")


# -- other builders --------------------------------------------------------------------


def test_text_builder_shows_hero_and_cta_url(rootdir, tmp_path) -> None:
    built = _build(rootdir, tmp_path, "text")
    directive = built.text("directive")
    assert "Read & share the\u00a0toolkit (https://example.org/toolkit?a=1&b=2)" in directive
    toolkit = built.text("resources/toolkit")
    for phrase in ("Toolkit", "By Rachel Flagg", "Published January 7, 2016", "Design"):
        assert phrase in toolkit
    area = built.text("area")
    assert "Learn More" in area and "<svg" not in area


def test_latex_builder_does_not_crash(rootdir, tmp_path) -> None:
    built = _build(rootdir, tmp_path, "latex")
    tex = next(built.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Learn More" in tex and "https://example.org/toolkit" in tex
    assert "<svg" not in tex


# -- the seeds, unchanged ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(shared_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hero-seeds")
    pages = {p.stem: p for p in sorted((shared_dir / "seeds").glob("*.md"))}
    srcdir = make_project(tmp, pages)
    data = f"handbook_data_dir={shared_dir / DIGITALGOV_DATA}"
    result = build_site(srcdir, tmp / "html", strict=False, extra=["-D", data])
    assert result.returncode == 0, result.stderr
    return result, pages


def test_seed_000_is_an_area_page(seeds) -> None:
    result, pages = seeds
    soup = result.page(next(s for s in pages if s.startswith("000")))
    assert soup.select_one(".cx-hero-head svg.cx-icon--comments") is not None
    hero = _hero(soup)
    assert hero.select_one(".cx-hero__lead").get_text().startswith("Citizens deserve")
    cta = hero.select_one("a.cx-cta")
    assert cta.get_text() == "Learn More"
    assert cta["href"] == "https://connecticut-digital-services.github.io/work"


def test_seed_003_shows_summary_topic_and_byline(seeds) -> None:
    result, pages = seeds
    stem = next(s for s in pages if s.startswith("003"))
    hero = _hero(result.page(stem))
    assert hero.select_one(".cx-hero__lead").get_text().startswith("This Toolkit is intended")
    assert hero.select_one(".cx-hero__byline").get_text() == "By Rachel Flagg"
    assert hero.select_one(".cx-hero__date").get_text() == "Published January 7, 2016"
    assert [t.get_text(strip=True) for t in hero.select("ul.cx-tags li")] == ["Customer Experience"]
    assert not any("handbook.author" in w for w in result.warnings)


# -- the real pages, unchanged ---------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(shared_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hero-corpus")
    ct, dg = shared_dir / "corpus" / "ct", shared_dir / "corpus" / "digitalgov"
    pages = {"work": ct / "work.md"}  # where CT's `/work/` links pointed
    pages |= {f"focus-area/{p.stem}": p for p in sorted(ct.glob("focus-area-*.md"))}
    pages |= {f"resources/{p.stem}": p for p in sorted(dg.glob("*.md"))}
    srcdir = make_project(tmp, pages)
    data = f"handbook_data_dir={shared_dir / DIGITALGOV_DATA}"
    result = build_site(srcdir, tmp / "html", strict=False, extra=["-D", data])
    assert result.returncode == 0, result.stderr
    return result


def test_corpus_area_cta_to_work_resolves_to_the_work_page(corpus) -> None:
    hero = _hero(corpus.page("focus-area/focus-area-agile-procurement"))
    cta = hero.select_one("a.cx-cta")
    assert cta["href"] == "../work.html"
    assert cta.get_text().startswith("Learn more about our efforts")
    assert corpus.page("focus-area/focus-area-agile-procurement").select_one(".cx-hero-head svg")


def test_corpus_event_has_kicker_byline_and_date(corpus) -> None:
    soup = corpus.page("resources/2021-06-03-2021-user-experience-summit")
    assert soup.select_one(".cx-hero__kicker").get_text() == "User Experience"
    hero = _hero(soup)
    assert hero.select_one(".cx-hero__byline").get_text() == "By Jean Fox"
    assert hero.select_one(".cx-hero__date").get_text() == "Published June 22, 2021"
    assert len(hero.select("ul.cx-tags li")) == 4


def test_corpus_hero_warnings_name_file_and_line(corpus) -> None:
    # Every line of stderr, not ``corpus.warnings``: that list holds only located warnings.
    ours = [
        line
        for line in corpus.stderr.splitlines()
        if re.search(r"\[handbook\.(icon|author|cta|ref)\]", line)
    ]
    assert ours, "the corpus is known to give hero warnings (unknown authors, Hugo refs)"
    unlocated = [line for line in ours if not re.match(r"^.+\.md:\d+: WARNING: ", line)]
    assert unlocated == []
