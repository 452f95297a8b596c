"""Site structure from front matter: order, weight, listings, topics, redirects, drafts, cards."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from helpers import (
    REPO_ROOT,
    ROOTS,
    SPHINX_BUILD,
    build_site,
    hrefs_in_html,
    main_text,
    make_project,
    urls_in_markdown,
)

ROOT = ROOTS / "test-site"


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def card_titles(page: BeautifulSoup, kind: str) -> list[str]:
    listing = page.find("ul", class_=f"cx-cards--{kind}")
    if listing is None:
        return []
    return [li.find(class_="cx-card__title").get_text(" ", strip=True) for li in listing("li")]


def toctree_titles(page: BeautifulSoup) -> list[str]:
    wrapper = page.find("article").find(class_="toctree-wrapper")
    return [a.get_text(strip=True) for a in wrapper.select(":scope > ul > li > a")]


@pytest.fixture
def site(make_app, tmp_path):
    """The test-site root copied to a fresh folder and built once."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOT, srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app


def warnings_of(app) -> str:
    return strip_colors(app._warning.getvalue())


def status_of(app) -> str:
    return strip_colors(app._status.getvalue())


def test_order_sorts_navigation_and_keeps_unordered_in_place(site) -> None:
    assert toctree_titles(soup(site, "areas/index")) == ["Alpha", "Beta", "Plain", "Zeta"]
    sidebar = soup(site, "index").find(class_="sphinxsidebar") or soup(site, "index")
    text = sidebar.get_text(" ")
    assert text.index("Alpha") < text.index("Beta") < text.index("Zeta")


def test_focus_area_cards_by_order_with_icon_and_one_link(site) -> None:
    home = soup(site, "index")
    assert card_titles(home, "focus-areas") == ["Alpha", "Beta", "Zeta"]
    for li in home.find("ul", class_="cx-cards--focus-areas")("li"):
        assert len(li.find_all("a")) == 1
    first = home.find("ul", class_="cx-cards--focus-areas").li
    assert first.find("svg")["aria-hidden"] == "true"
    assert first.a["href"] == "areas/alpha.html"
    assert "Alpha comes first." in first.get_text()


def test_weight_2_featured_and_weight_0_hidden_but_built(site) -> None:
    home = soup(site, "index")
    assert card_titles(home, "featured-pages") == ["Alpha"]
    assert (site.outdir / "areas/hidden.html").is_file()
    assert "Hidden area" not in toctree_titles(soup(site, "areas/index"))
    assert "Hidden area" not in home.get_text()
    assert "isn't included in any toctree" not in warnings_of(site)


def test_topic_pages_titles_and_lists(site) -> None:
    known = soup(site, "topics/known-topic")
    assert known.find("h1").get_text(strip=True).startswith("Known Topic Title")
    assert card_titles(known, "topic-pages") == ["Alpha", "Beta"]  # hidden page not listed
    mystery = soup(site, "topics/mystery-topic")
    assert mystery.find("h1").get_text(strip=True).startswith("Mystery topic")
    index = soup(site, "topics/index")
    assert card_titles(index, "topic-list") == ["Known Topic Title", "Mystery topic"]
    assert not (site.srcdir / "topics").exists()  # nothing written into the sources


def test_unknown_topic_warns_at_its_line(site) -> None:
    text = warnings_of(site)
    expected = f"{site.srcdir / 'areas' / 'beta.md'}:8: WARNING: topic 'mystery-topic'"
    assert expected in text
    assert "[handbook.topic]" in text
    assert "known-topic' is not" not in text


def test_redirect_pages_point_at_the_page(site) -> None:
    alias = (site.outdir / "resources/old-place/index.html").read_text()
    assert 'url=../../moved.html"' in alias
    slug = (site.outdir / "old-name.html").read_text()
    assert 'url=moved.html"' in slug
    assert (site.outdir / "old-name/index.html").is_file()


def test_drafts_and_expired_pages_left_out_with_info_only(site, tmp_path) -> None:
    assert not (site.outdir / "draft.html").exists()
    assert not (site.outdir / "expired.html").exists()
    warnings = warnings_of(site)
    assert "excluded document" not in warnings
    assert "draft.md" not in warnings and "expired.md" not in warnings
    # info messages, read from a fresh sphinx-build (its own process and log streams)
    args = [str(SPHINX_BUILD), "-b", "html", str(site.srcdir), str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "_ext")}
    proc = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    status = strip_colors(proc.stdout)
    assert "draft.md: left out of the build because it is a draft" in status
    assert "expired.md: left out of the build because it expired on 2020-01-01" in status
    assert "index.md:15: toctree entry 'draft' dropped because it is a draft" in status


def test_front_matter_cards_keep_every_link(site) -> None:
    page = soup(site, "work")
    text = main_text(page)
    assert "Playbooks & Guidelines" in text and "Our Work" in text
    hrefs = hrefs_in_html(page)
    assert {"https://example.gov/styleguide", "https://example.org/guide", "moved.html"} <= hrefs
    cta = page.find("a", string="View the styleguide") or page.find(
        "a", href="https://example.gov/styleguide"
    )
    assert "cx-cta" in cta["class"]
    soon = page.find(string=lambda s: s and "Coming Soon" in s)
    assert soon.find_parent("a") is None
    assert "/" not in {a["href"] for a in page.find("article").find_all("a")}
    cards = page.select("ul.cx-cards > li")
    assert cards
    for li in cards:
        assert len(li.find_all("a")) <= 1


def test_incremental_rebuild_updates_order_title_and_weight(site, make_app) -> None:
    zeta = site.srcdir / "areas" / "zeta.md"
    zeta.write_text(
        zeta.read_text().replace("order: 2", "order: -1").replace("title: Zeta", "title: Zed")
    )
    beta = site.srcdir / "areas" / "beta.md"
    beta.write_text(beta.read_text().replace("order: 1", "order: 1\nweight: 0"))
    again = make_app("html", srcdir=site.srcdir)
    again.build()
    assert toctree_titles(soup(again, "areas/index")) == ["Zed", "Alpha", "Plain"]
    home = soup(again, "index")
    assert card_titles(home, "focus-areas") == ["Zed", "Alpha"]
    assert card_titles(soup(again, "topics/known-topic"), "topic-pages") == ["Alpha"]
    assert (again.outdir / "areas/beta.html").is_file()


def test_reused_app_reads_edited_topics_yml(site) -> None:
    topics = site.srcdir / "_data" / "topics.yml"
    topics.write_text(topics.read_text().replace("Known Topic Title", "Renamed Topic"))
    site.build()
    known = soup(site, "topics/known-topic")
    assert known.find("h1").get_text(strip=True).startswith("Renamed Topic")
    assert card_titles(soup(site, "topics/index"), "topic-list")[0] == "Renamed Topic"


# -- real pages, unchanged ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_build(shared_dir, tmp_path_factory):
    corpus = shared_dir / "corpus"
    pages = {
        "work": corpus / "ct" / "work.md",
        "ct-index": corpus / "ct" / "index.md",
        "cx-topic": corpus / "digitalgov" / "topics-customer-experience-_index.md",
        "area-cx": corpus / "ct" / "focus-area-customer-experience.md",
        "area-procurement": corpus / "ct" / "focus-area-agile-procurement.md",
    }
    tmp = tmp_path_factory.mktemp("site-corpus")
    srcdir = make_project(tmp, pages)
    data = corpus / "digitalgov" / "_data"
    result = build_site(
        srcdir, tmp / "html", strict=False, extra=["-D", f"handbook_data_dir={data}"]
    )
    result.sources = pages
    return result


@pytest.mark.e2e
def test_corpus_cards_keep_every_url(corpus_build) -> None:
    assert corpus_build.returncode == 0, corpus_build.stderr
    for name in ("work", "cx-topic", "ct-index"):
        page = corpus_build.page(name)
        expected = urls_in_markdown(corpus_build.sources[name].read_text(encoding="utf-8"))
        raw = corpus_build.sources[name].read_text(encoding="utf-8")
        expected |= {u for u in ("https://digital.gov/guides/dap/",) if u in raw}
        missing = expected - hrefs_in_html(page)
        assert not missing, (name, missing)
    topic = corpus_build.page("cx-topic")
    text = main_text(topic)
    assert "Customer experience: Essential knowledge" in text
    hrefs = hrefs_in_html(topic)
    assert "https://www.dhs.gov/cx/resources/guides-kits" in hrefs
    assert "https://department.va.gov/veterans-experience/" in hrefs
    assert any("resources/an-introduction-to-customer-experience" in h for h in hrefs)
    assert any("requirements-for-transforming-federal-customer-experience" in h for h in hrefs)
    work = corpus_build.page("work")
    assert "https://portal.ct.gov/Training/Content-Style-Guide/Content-Style-guide" in (
        hrefs_in_html(work)
    )
    soon = work.find(string=lambda s: s and "Coming Soon" in s)
    assert soon is not None and soon.find_parent("a") is None
    home = corpus_build.page("ct-index")
    assert "The DMV gets Real" in main_text(home)
    assert "reverse engineer every transaction" in main_text(home)


@pytest.mark.e2e
def test_corpus_keys_known_and_aliases_redirect(corpus_build) -> None:
    # stderr, not .warnings: a warning without a location must not slip past
    unknown = [w for w in corpus_build.stderr.splitlines() if "frontmatter_unknown_key" in w]
    assert unknown == []
    redirect = corpus_build.outdir / "resources/customer-experience-toolkit/index.html"
    assert "../../cx-topic.html" in redirect.read_text()
    assert (corpus_build.outdir / "topics/cx/index.html").is_file()
    # the topic slug 'customer-experience' page from its own slug: at the site root
    assert (corpus_build.outdir / "customer-experience.html").is_file()


def test_docs_home_lists_focus_areas_and_featured(docs_build) -> None:
    home = docs_build.page("index")
    assert card_titles(home, "focus-areas") == ["Customer Experience"]
    assert card_titles(home, "featured-pages") == ["Customer Experience Toolkit"]
    topic = docs_build.page("topics/customer-experience")
    assert card_titles(topic, "topic-pages") == ["Customer Experience Toolkit"]
    assert (docs_build.outdir / "resources/customer-experience-toolkit/index.html").is_file()
