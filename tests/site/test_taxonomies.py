"""Hugo taxonomy term pages name topics and authors, and list their pages."""

from __future__ import annotations

from helpers import SiteBuild


def test_term_pages_name_the_byline_and_the_topic_tag(hugo_build: SiteBuild) -> None:
    post = hugo_build.page("news/first-post")
    assert post.select_one(".cx-hero__byline").get_text(strip=True) == "By Jane Doe"
    tag = post.select_one(".cx-tags a")
    assert tag.get_text(strip=True) == "Customer experience"
    assert tag["href"] == "../topics/customer-experience/_index.html"
    kinds = ("handbook.topic", "handbook.author", "handbook.no_title")
    assert not [w for w in hugo_build.warnings if any(k in w for k in kinds)]


def test_topic_term_page_is_the_topic_page_and_lists_its_pages(hugo_build: SiteBuild) -> None:
    assert not (hugo_build.outdir / "topics" / "customer-experience.html").exists()
    topic = hugo_build.page("topics/customer-experience/_index")
    assert topic.find("h1").get_text(strip=True).rstrip("¶") == "Customer experience"
    cards = topic.select("ul.cx-cards--topic-pages li")
    assert [li.a.get_text(strip=True) for li in cards][-1] == "First post"
    assert cards[-1].a["href"] == "../../news/first-post.html"


def test_author_term_page_titled_by_name_lists_their_pages(hugo_build: SiteBuild) -> None:
    author = hugo_build.page("authors/jane-doe/_index")
    assert author.find("h1").get_text(strip=True).rstrip("¶") == "Jane Doe"
    lead = author.select_one(".cx-hero__lead").get_text()
    assert lead == "U.S. Example Agency · Washington, DC"
    cards = author.select("ul.cx-cards--author-pages li")
    assert [li.a.get_text(strip=True) for li in cards] == ["First post"]


def test_home_and_section_pages_without_title_get_hugos(hugo_build: SiteBuild) -> None:
    home = hugo_build.page("_index")
    assert home.find("h1").get_text(strip=True).rstrip("¶") == "Example Hugo site"


def test_a_topics_old_name_files_the_page_under_the_topic(hugo_build: SiteBuild) -> None:
    post = hugo_build.page("news/filed-by-old-name")
    tag = post.select_one(".cx-tags a")
    assert tag.get_text(strip=True) == "Customer experience"
    assert tag["href"] == "../topics/customer-experience/_index.html"
    topic = hugo_build.page("topics/customer-experience/_index")
    titles = [li.a.get_text(strip=True) for li in topic.select("ul.cx-cards--topic-pages li")]
    assert titles == ["Filed under an old name", "First post"]
    assert not (hugo_build.outdir / "topics" / "customer-service.html").exists()
    # the old name's address leads to the topic
    redirect = hugo_build.outdir / "topics" / "customer-service" / "index.html"
    assert "../customer-experience/_index.html" in redirect.read_text(encoding="utf-8")
    assert not [w for w in hugo_build.warnings if "filed-by-old-name" in w]


def test_hugos_one_name_author_parameter_is_the_byline(hugo_build: SiteBuild) -> None:
    page = hugo_build.page("resources/style-guide")
    assert page.select_one(".cx-hero__byline").get_text(strip=True) == "By Rachel Example"


def test_a_communitys_short_name_and_acronym_are_shown(hugo_build: SiteBuild) -> None:
    page = hugo_build.page("communities/user-experience")
    kicker = page.select_one(".cx-hero__kicker").get_text(strip=True)
    assert kicker == "Communities of Practice · User Experience (UX)"
    assert not [w for w in hugo_build.warnings if "communities/" in w]
