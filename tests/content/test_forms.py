"""Issue 14's forms: real-page shapes that used to lose their card or their text.

One build of ``tests/roots/test-forms`` (fixtures modelled on the forms real pages use);
each test reads the built HTML of one page and checks that what the source says, every
word and every URL, reaches the reader in the shape a reader expects.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from cx_handbook.content.timeline import is_placeholder_item
from cx_handbook.model.page import TimelineItem
from helpers import ROOTS, SiteBuild, build_site, hrefs_in_html, urls_in_markdown

ROOT = ROOTS / "test-forms"
#: Any absolute URL written in a source (shortcode arguments included).
ANY_URL = re.compile(r"""https?://[^\s"'<>()\[\]]+""")


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The forms root, built once with its own conf.py (not strict: some pages warn)."""
    build = build_site(ROOT, tmp_path_factory.mktemp("forms"), confdir=ROOT, strict=False)
    assert build.returncode == 0, build.stderr
    return build


def body(soup: BeautifulSoup):
    """The page's main content (the root uses Sphinx's default theme)."""
    return soup.find("section")


def warnings_of(build: SiteBuild, page: str) -> list[str]:
    """The warnings naming *page*'s source."""
    return [w for w in build.warnings if f"{page}.md:" in w]


def assert_nothing_lost(build: SiteBuild, page: str) -> None:
    """Every URL of the source is a link of the built page."""
    source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    written = urls_in_markdown(source) | {u.rstrip(".,") for u in ANY_URL.findall(source)}
    missing = written - hrefs_in_html(build.page(page))
    assert not missing, f"{page}: URLs lost: {sorted(missing)}"


# -- 4. a ref to an absolute URL ---------------------------------------------------------


def test_ref_to_an_absolute_url_links_there(forms: SiteBuild) -> None:
    article = body(forms.page("absolute-ref"))
    links = {a.get_text(strip=True): a["href"] for a in article.select("p a")}
    assert links["the annual report"] == "https://example.gov/files/report.pdf"
    bare = "https://example.gov/files/full-report.pdf"
    assert links[bare] == bare  # a ref standing in the text is an autolink
    assert "%3A" not in str(article)
    assert not warnings_of(forms, "absolute-ref")
    assert_nothing_lost(forms, "absolute-ref")


# -- 6. raw HTML split by blank lines ----------------------------------------------------


def test_raw_html_list_split_by_blank_lines_is_one_list(forms: SiteBuild) -> None:
    article = body(forms.page("raw-list"))
    assert all(li.parent.name in ("ul", "ol") for li in article.find_all("li"))  # axe listitem
    (first,) = article.select("ul")
    assert [li.get_text(strip=True) for li in first.find_all("li", recursive=False)] == [
        "First resource",
        "Second resource",
        "Third item, plain text",
    ]
    assert article.find("p", string="After the list.").find_parent("ul") is None
    assert_nothing_lost(forms, "raw-list")


def test_markdown_inside_a_split_raw_list_stays_inside_its_item(forms: SiteBuild) -> None:
    article = body(forms.page("raw-list"))
    (ordered,) = article.select("ol")
    items = ordered.find_all("li", recursive=False)
    assert [li.strong.get_text() for li in items] == ["Make a plan", "Create your team"]
    guide = items[0].find("a", string="the planning guide")  # Markdown between the blocks
    assert guide["href"] == "https://example.gov/plan/"
    assert items[0].find("p", string="Planning matters.") is not None
    assert items[1].find("p", string="Pick a moderator.") is not None
    assert all(li.parent.name in ("ul", "ol") for li in article.find_all("li"))


def test_raw_html_table_split_by_blank_lines_keeps_its_body(forms: SiteBuild) -> None:
    table = body(forms.page("raw-list")).select("table")[0]
    assert [th.get_text() for th in table.select("thead th")] == ["Phase", "Notes"]
    assert [td.get_text() for td in table.select("tbody td")] == ["Close", "One day"]


def test_indented_rows_of_a_split_table_are_cells_not_code(forms: SiteBuild) -> None:
    article = body(forms.page("raw-list"))
    table = article.select("table")[1]
    assert [th.get_text(strip=True) for th in table.select("th")] == ["Metric", "Definition"]
    cells = table.select("td")
    assert [td.get_text(" ", strip=True) for td in cells] == [
        "Visits",
        "How often people come, see the metrics guide",
    ]
    assert cells[1].find("a")["href"] == "https://example.gov/metrics/"
    (code,) = article.select("pre")  # indented HTML outside any open element stays code
    assert code.get_text().strip() == "<p>An indented line after the table is code, as written.</p>"


# -- 5. a checklist item holding an annotated link -----------------------------------------


def test_checkbox_with_an_annotated_link_stays_a_labelled_task(forms: SiteBuild) -> None:
    article = body(forms.page("checkbox"))
    assert not article.select(".cx-resource-card")
    items = article.select("ul.contains-task-list > li.task-list-item")
    assert len(items) == 3
    review = items[0]
    box = review.select_one("input.task-list-item-checkbox[type=checkbox]")
    label = article.find(id=box["aria-labelledby"])  # axe label: the item's words name it
    assert " ".join(label.get_text(" ").split()) == (
        "Review Digital.gov guidelines (PDF, 13 MB, 10 pages)"
    )
    link = review.find("a")
    assert link["href"] == "https://example.gov/guidelines.pdf"
    assert "(PDF, 13 MB, 10 pages)" in link.get_text()  # the file facts stay on the link
    assert_nothing_lost(forms, "checkbox")


# -- 2. the annotation after the publisher ---------------------------------------------------


def card_titled(article, title: str):
    """The resource card whose title starts with *title*."""
    for card in article.select(".cx-resource-card"):
        if card.select_one(".cx-resource-card__title").get_text(" ", strip=True).startswith(title):
            return card
    raise AssertionError(f"no card titled {title!r}")


def badges(card) -> list[str]:
    """The card's fact badges, in order."""
    return [b.get_text() for b in card.select(".cx-badge")]


def test_annotation_after_the_publisher_is_read(forms: SiteBuild) -> None:
    article = body(forms.page("from-publisher"))
    card = card_titled(article, "Sample position description")
    assert badges(card) == ["Word document", "20 KB", "4 pages", "Jan 2014"]
    publisher = card.select_one(".cx-resource-card__publisher").get_text()
    assert publisher == "General Services Administration"
    assert card.select_one(".cx-resource-card__description") is None
    hidden = card.select_one("a .visually-hidden").get_text()
    assert hidden == " (Word document, 20 KB, 4 pages; external link)"
    other = card_titled(article, "Hiring guide")
    assert badges(other) == ["PDF", "1.2 MB", "30 pages"]
    assert other.select_one(".cx-resource-card__publisher").get_text() == (
        "the Office of Personnel Management"
    )
    assert not warnings_of(forms, "from-publisher")
    assert_nothing_lost(forms, "from-publisher")


# -- 1. runs of annotated-link paragraphs ----------------------------------------------------


def test_run_of_file_link_paragraphs_is_a_resource_list(forms: SiteBuild) -> None:
    article = body(forms.page("annotated-paragraphs"))
    (listing,) = article.select("ul.cx-resource-list")
    items = listing.find_all("li", recursive=False)
    assert len(items) == 3
    memo = card_titled(listing, "M-23-10:")
    assert memo.select_one(".cx-resource-card__title strong").get_text() == "M-23-10:"
    assert memo.select_one("a")["href"] == "https://example.gov/m-23-10.pdf"
    assert badges(memo) == ["PDF", "96 KB", "3 pages", "February 8, 2023"]
    description = memo.select_one(".cx-resource-card__description").get_text()
    assert description == "Agencies use .gov domains for their official websites."
    # a description holding a link follows its card as a note, the link kept
    note = items[1].select_one(".cx-resource-note")
    assert note.find("a")["href"] == "https://example.gov/checklist/"
    assert items[2].select_one(".cx-resource-note, .cx-resource-card__description") is None
    intro = article.find("p", string="Memos that shape how agencies run their websites.")
    assert intro.find_parent("ul") is None
    assert_nothing_lost(forms, "annotated-paragraphs")


def test_a_link_with_only_a_date_is_not_a_file(forms: SiteBuild) -> None:
    section = body(forms.page("annotated-paragraphs")).find("section", id="not-a-file")
    assert not section.select(".cx-resource-card")
    paragraph = section.find("a", string="The 2023 report on websites").parent
    assert paragraph.name == "p"
    assert " ".join(paragraph.get_text(" ").split()) == (
        "The 2023 report on websites (December 2023)"
    )


def test_a_single_file_link_paragraph_stays_a_paragraph(forms: SiteBuild) -> None:
    section = body(forms.page("annotated-paragraphs")).find("section", id="one-alone")
    assert not section.select(".cx-resource-card")
    link = section.find("a", href="https://example.gov/only.pdf")
    assert link.parent.name == "p"


# -- 3. short annotations in lists whose items hold headings ---------------------------------


def cards_under(item) -> list[tuple[str, str, list[str]]]:
    """(title, href, badges) of each card in *item*."""
    return [
        (
            card.select_one("a").contents[0].strip(),
            card.select_one("a")["href"],
            badges(card),
        )
        for card in item.select(".cx-resource-card")
    ]


def test_nested_lists_under_headings_are_cards(forms: SiteBuild) -> None:
    article = body(forms.page("nested-headings"))
    outer = article.find_all("ul", recursive=False)
    assert len(outer) == 2
    excel, word = outer[0].find_all("li", recursive=False)
    assert excel.select_one(".rubric").get_text(strip=True) == "Excel Format"
    assert cards_under(excel) == [
        ("Data dictionary", "https://example.gov/dictionary.xlsx", ["Excel spreadsheet"]),
        ("Sample survey", "https://example.gov/survey.xls", ["Excel spreadsheet"]),
    ]
    assert cards_under(word) == [
        ("Survey questions", "https://example.gov/questions.docx", ["Word document"]),
        ("Survey questions", "https://example.gov/questions.pdf", ["PDF"]),
    ]


def test_links_right_under_a_heading_in_an_item_are_cards(forms: SiteBuild) -> None:
    outer = body(forms.page("nested-headings")).find_all("ul", recursive=False)[1]
    sheets, documents = outer.find_all("li", recursive=False)
    assert "cx-resource-list" not in outer.get("class", [])  # the headings stay list items
    assert sheets.select_one(".rubric").get_text(strip=True) == "Spreadsheets"
    assert cards_under(sheets) == [
        ("Survey template", "https://example.gov/template.xlsx", ["Excel spreadsheet"]),
    ]
    assert cards_under(documents) == [
        ("Survey template", "https://example.gov/template.docx", ["Word document"]),
        ("Survey instructions", "https://example.gov/instructions.docx", ["Word document"]),
    ]
    assert documents.select_one("ul.cx-resource-list").find_next_sibling("p").get_text() == (
        "Ask the team before you change a template."
    )
    assert "(doc)" not in documents.get_text()  # read into the badge, not left as text
    assert not warnings_of(forms, "nested-headings")
    assert_nothing_lost(forms, "nested-headings")


# -- 7. Netlify CMS roadmaps -------------------------------------------------------------------


def phases(article) -> list[tuple[str, list[str]]]:
    """(title, actions) of each phase of the page's one timeline."""
    (timeline,) = article.select("ol.cx-timeline")
    return [
        (
            phase.select_one(".cx-timeline__title").get_text(strip=True),
            [li.get_text(strip=True) for li in phase.select("ul.cx-timeline__actions > li")],
        )
        for phase in timeline.find_all("li", recursive=False)
    ]


def test_front_matter_phase_that_lost_its_bullet_is_an_action(forms: SiteBuild) -> None:
    article = body(forms.page("roadmap-last-phase"))
    assert phases(article)[-1] == ("Ongoing", ["Continuous improvement to previous work cycles"])
    assert not warnings_of(forms, "roadmap-last-phase")


def test_body_phase_that_lost_its_bullet_keeps_the_closing_text_after(forms: SiteBuild) -> None:
    article = body(forms.page("roadmap-placeholder"))
    assert phases(article) == [
        ("0-6 months", ["Establish initial digital roles", "Begin recruiting for key roles"]),
        ("6-12 months", ["Formalize training"]),
        ("12-18+ months", ["Recommend new roles and skills needed to mature digital services"]),
    ]
    timeline = article.select_one("ol.cx-timeline")
    closing = timeline.find_next_siblings("p")
    assert [p.find("a")["href"] for p in closing] == [
        "https://example.gov/people/",
        "https://example.gov/work/",
    ]
    assert_nothing_lost(forms, "roadmap-placeholder")


def test_cms_placeholder_items_are_no_second_timeline(forms: SiteBuild) -> None:
    article = body(forms.page("roadmap-placeholder"))
    assert len(article.select("ol.cx-timeline")) == 1
    # kept after the page as plain entries (nothing written is lost), and reported
    (extra,) = article.select("dl.cx-timeline-extra-items")
    assert [dt.get_text() for dt in extra.select("dt")] == [
        "This is a test",
        "Here is another test",
    ]
    assert extra.find_parent("ol") is None
    found = warnings_of(forms, "roadmap-placeholder")
    assert [re.search(r"\.md:(\d+):", w).group(1) for w in found] == ["4", "6"]
    assert all("CMS placeholder text" in w and w.endswith("[handbook.timeline]") for w in found)


def test_placeholder_items_alone_make_no_timeline(forms: SiteBuild) -> None:
    article = body(forms.page("roadmap-only-placeholders"))
    assert not article.select("ol.cx-timeline")
    (extra,) = article.select("dl.cx-timeline-extra-items")
    assert extra.select_one("dt").get_text() == "This is a test"
    (warning,) = warnings_of(forms, "roadmap-only-placeholders")
    assert "roadmap-only-placeholders.md:4:" in warning


@pytest.mark.parametrize(
    ("title", "description", "placeholder"),
    [
        ("This is a test", "Here is some test content", True),
        ("Here is another test", "", True),
        ("Test", "", False),  # a short title is not taken for draft text
        ("Lorem ipsum dolor", "Lorem ipsum dolor sit amet.", True),
        ("Test", "* Usability testing with residents", False),  # a real phase named Test
        ("0-6 months", "This is a test", False),  # a real period: its text is kept
        ("Testing and launch", "", False),
    ],
)
def test_placeholder_items(title: str, description: str, placeholder: bool) -> None:
    item = TimelineItem(title=title, description=description)
    assert is_placeholder_item(item) is placeholder


def test_raw_html_checkboxes_keep_their_labels(forms: SiteBuild) -> None:
    article = body(forms.page("checkbox"))
    for box_id, words in [
        ("timeline", "Create a high-level timeline by week."),
        ("site", "Knows the type of site where the team will be working"),
    ]:
        box = article.find("input", id=box_id)
        label = article.find("label", attrs={"for": box_id})  # axe label
        assert box is not None and label is not None
        assert label.get_text(strip=True) == words
