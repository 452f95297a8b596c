"""Timelines: the directive, body headings and front-matter items, in every builder."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from cx_handbook.content.timeline import (
    is_period_title,
    normalise_title,
    parse_status,
)
from helpers import build_site, heading_text, main_text, make_project

# -- the period matcher ----------------------------------------------------------------

PERIODS = [
    "0-6 months",
    "**0-6 months**",
    "** 0-6 months **",
    "6-12 months",
    "12-18+ months",
    "12 – 18+ Months",
    "0 to 6 months",
    "18+ months",
    "First 90 days",
    "Year 1",
    "Years 2-3",
    "Q3 2025",
    "Q1–Q2 FY25",
    "FY 2026",
    "H1 2025",
    "2025",
    "2025–26",
    "January 2025",
    "Jan–Mar 2025",
    "Spring 2026",
    "Ongoing",
    "  Ongoing: ",
    "Now",
    "Later",
    "Long-term",
    "Near term",
    "0-6 months: Foundations",
    "Foundations (0-6 months)",
]
NOT_PERIODS = [
    "Key Actions",
    "**Key Actions**",
    "Key Actions & Timelines",
    "Timelines",
    "Overview",
    "Guideposts",
    "Next steps",
    "12 tips for writers",
    "Year in review",
    "Phase 1",
    "Resources",
    "Q&A",
    "",
]


@pytest.mark.parametrize("title", PERIODS)
def test_period_titles_are_recognised(title: str) -> None:
    assert is_period_title(title)


@pytest.mark.parametrize("title", NOT_PERIODS)
def test_other_titles_are_not_periods(title: str) -> None:
    assert not is_period_title(title)


def test_titles_normalise_across_spellings() -> None:
    assert normalise_title("**12 – 18+ Months** ") == normalise_title("12-18+ months")
    assert normalise_title("0—6   months") == "0-6 months"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("done", "done"),
        ("Completed", "done"),
        ("In Progress", "in progress"),
        ("in-progress", "in progress"),
        ("planned", "planned"),
        ("sort of", None),
    ],
)
def test_statuses(raw: str, expected: str | None) -> None:
    assert parse_status(raw) == expected


# -- the test root: directive, body form, front-matter form, both ------------------------


def _page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")


def _phases(timeline) -> list[tuple[str, list[str]]]:
    """(title, [action text]) for each phase of an ``ol.cx-timeline``."""
    result = []
    for phase in timeline.find_all("li", recursive=False):
        title = phase.find(class_="cx-timeline__title")
        actions = [
            " ".join(li.get_text(" ").split())
            for ul in phase.select("ul.cx-timeline__actions")
            for li in ul.find_all("li", recursive=False)
        ]
        result.append((heading_text(title), actions))
    return result


@pytest.mark.sphinx("html", testroot="timeline")
def test_directive_renders_an_accessible_ordered_list(app, warning) -> None:
    app.build()
    # the one warning of this root is both.md's placeholder item (tested below)
    assert warning.getvalue().count("WARNING") == 1
    page = _page(app, "directive")
    first, second, in_note = page.select("ol.cx-timeline")
    assert first["role"] == "list"
    assert _phases(first) == [
        ("0-6 months", ["Publish the content style guide", "Run a multi-agency workshop"]),
        ("6-12 months", ["Build shared components"]),
        ("Ongoing", []),
    ]
    phases = first.find_all("li", recursive=False)
    assert phases[0].find("h2", class_="cx-timeline__title") is not None
    assert "cx-timeline__phase--done" in phases[0]["class"]
    assert phases[0].select_one(".cx-timeline__status").get_text() == "Done"
    assert phases[0].select_one(".cx-timeline__dates").get_text() == "January to June 2025"
    assert phases[1].select_one(".cx-timeline__status").get_text() == "In progress"
    assert "Keep improving what we shipped." in phases[2].get_text()
    # the backtick form, one section deeper: its phases are h3
    assert [t for t, _ in _phases(second)] == ["Year 1", "Year 2"]
    assert len(second.find_all("h3", class_="cx-timeline__title")) == 2
    # a timeline inside a note, in that same section, still gets h3 phase titles
    assert in_note.find_parent(class_="admonition") is not None
    assert in_note.find("h3", class_="cx-timeline__title").get_text() == "H1 2027"
    link = page.find("a", string="the first phase")
    assert link["href"] == "#0-6-months" and page.find(id="0-6-months").name == "h2"
    assert page.find("link", href=lambda h: h and "cx-timeline.css" in h) is not None
    assert (app.outdir / "_static" / "cx-timeline.css").is_file()


@pytest.mark.sphinx("html", testroot="timeline")
def test_body_headings_become_one_timeline_per_roadmap(app, warning) -> None:
    app.build()
    page = _page(app, "body")
    roadmap, quarters = page.select("ol.cx-timeline")
    assert _phases(roadmap) == [
        (
            "0–6 months",
            ["Develop standards for content and style", "Conduct a workshop", "Improve the portal"],
        ),
        (
            "6 - 12 months",
            [
                "Build solutions across agencies",
                "Establish standards for research, and incremental delivery",
            ],
        ),
        ("12-18+ months", ["Broaden use of digital tools", "Build new digital services"]),
        ("Ongoing", ["Continuous improvement."]),
    ]
    # other headings stay; the closing link leaves the last phase
    assert heading_text(page.find(id="key-actions").find("h2")) == "Key Actions"
    closing = page.find("a", string="Learn more about our work.")
    assert closing.find_parent("ol") is None
    assert [t for t, _ in _phases(quarters)] == ["Q3 2025", "Q4 2025"]
    assert quarters.find_parent("section")["id"] == "quarters"
    assert page.find(id="overview").name == "section"
    # old anchors still lead to the phase headings
    for anchor in ("months", "0-6-months", "12-18-months", "q3-2025"):
        assert page.find(id=anchor) is not None, anchor
    hrefs = {a.get_text(): a["href"] for a in page.find(id="links").find_all("a")}
    assert hrefs["the first phase"] == "#0-6-months"
    assert page.find(id=hrefs["the third"][1:]).get_text().startswith("12-18+ months")
    # no phase heading in the page's table of contents
    toc = app.env.tocs["body"].astext()
    assert "Key Actions" in toc and "months" not in toc and "Q3" not in toc


@pytest.mark.sphinx("html", testroot="timeline")
def test_front_matter_items_fill_the_empty_timelines_heading(app) -> None:
    app.build()
    page = _page(app, "front-matter")
    (timeline,) = page.select("ol.cx-timeline")
    assert _phases(timeline) == [
        (
            "0-6 months",
            [
                "Work with Procurement to draft playbook for agile and streamlined procurements",
                "Pilot streamlined process with new solicitation",
            ],
        ),
        (
            "6-12 months",
            [
                "Share, formalize, and train using best practices",
                "Announce vendor partnerships; see our work",
            ],
        ),
        ("12-18+ months", ["Grow vendor partnerships"]),
    ]
    section = timeline.find_parent("section")
    assert section["id"] == "timelines"
    assert heading_text(section.find("h2")) == "Timelines"
    assert len(timeline.find_all("h3", class_="cx-timeline__title")) == 3
    assert timeline.find("a", href="https://example.gov/work") is not None


@pytest.mark.sphinx("html", testroot="timeline", freshenv=True)
def test_both_forms_make_one_timeline_without_repeats(app, warning) -> None:
    app.build()
    page = _page(app, "both")
    (timeline,) = page.select("ol.cx-timeline")
    assert _phases(timeline) == [
        ("0-6 months", ["Develop standards for content and style", "Write the glossary"]),
        ("6-12 months", ["Build solutions"]),
        ("Year 2", ["Grow the team"]),
    ]
    # the placeholder item is not a period: it is kept, after the page, and reported
    extra = page.select_one("dl.cx-timeline-extra-items")
    assert "This is a test" in extra.get_text() and "Here is some test content" in extra.get_text()
    assert extra.find_parent("ol") is None
    assert f"{app.srcdir / 'both.md'}:10: WARNING: front-matter item 'This is a test'" in (
        warning.getvalue()
    )


@pytest.mark.sphinx("html", testroot="timeline")
def test_page_switch_turns_detection_off(app) -> None:
    app.build()
    page = _page(app, "switched-off")
    assert page.select("ol.cx-timeline") == []
    assert heading_text(page.find(id="months").find("h2")) == "0-6 months"


@pytest.mark.sphinx("html", testroot="timeline-off")
def test_site_switch_turns_detection_off(app, warning) -> None:
    app.build()
    page = _page(app, "index")
    assert page.select("ol.cx-timeline") == []
    assert "Develop standards for content and style" in main_text(page)


@pytest.mark.sphinx("html", testroot="timeline-warnings")
def test_mistakes_are_reported_with_file_and_line_and_kept(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    src = app.srcdir / "index.md"
    assert f"{src}:7: WARNING: phase '0-6 months': unknown status 'sort of'" in text
    assert f"{src}:13: WARNING: only 'phase' blocks belong inside a 'timeline'" in text
    assert f"{src}:15: WARNING: a 'phase' outside a 'timeline'" in text
    assert text.count("[handbook.timeline]") == 3
    page = _page(app, "index")
    assert len(page.select("ol.cx-timeline")) == 2
    assert "A stray paragraph." in main_text(page)
    assert "cx-timeline__status" not in str(page)


# -- every builder --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "outputs"),
    [
        ("text", ["directive.txt", "body.txt", "both.txt", "front-matter.txt"]),
        ("latex", ["timelines.tex"]),
        ("man", ["timelines.1"]),
        ("texinfo", ["timelines.texi"]),
        ("singlehtml", ["index.html"]),
        ("epub", ["directive.xhtml", "front-matter.xhtml"]),
    ],
)
def test_every_builder_renders_timelines_without_warnings(
    make_app, rootdir, tmp_path, builder: str, outputs: list[str]
) -> None:
    from sphinx.testing.util import SphinxTestApp

    app: SphinxTestApp = make_app(builder, srcdir=_copy_root(rootdir, tmp_path))
    app.build()
    warnings = [
        line
        for line in app.warning.getvalue().splitlines()
        if "WARNING" in line and "This is a test" not in line
    ]
    assert warnings == []
    text = "".join((app.outdir / name).read_text(encoding="utf-8") for name in outputs)
    text = text.replace(r"\sphinxhyphen{}", "-").replace("\\-", "-")
    for phrase in ("0-6 months", "Publish the content style guide", "Grow vendor partnerships"):
        assert phrase in text, phrase
    if builder == "text":
        assert "1. -[ 0-6 months ]-" in (app.outdir / "directive.txt").read_text()
    if builder == "latex":
        assert r"\begin{enumerate}" in text
    if builder in {"singlehtml", "epub"}:
        assert 'class="cx-timeline" role="list"' in text


def _copy_root(rootdir, tmp_path):
    import shutil

    target = tmp_path / "timeline"
    shutil.copytree(rootdir / "test-timeline", target)
    return target


# -- real pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ct_build(shared_dir, tmp_path_factory):
    ct = shared_dir / "corpus" / "ct"
    pages = {
        name: ct / f"{name}.md"
        for name in (
            "focus-area-agile-procurement",
            "focus-area-customer-experience",
            "dev-focus-area-talent-modernization",
        )
    }
    tmp = tmp_path_factory.mktemp("ct")
    srcdir = make_project(tmp, pages)
    return build_site(srcdir, tmp / "html", strict=False)


def _only_timeline(soup) -> list[tuple[str, list[str]]]:
    (timeline,) = soup.select("ol.cx-timeline")
    return _phases(timeline)


@pytest.mark.e2e
def test_ct_front_matter_items_become_the_timeline(ct_build) -> None:
    assert ct_build.returncode == 0, ct_build.stderr
    assert not [w for w in ct_build.stderr.splitlines() if "[handbook.timeline]" in w]
    agile = ct_build.page("focus-area-agile-procurement")
    phases = _only_timeline(agile)
    assert [(t, len(a)) for t, a in phases] == [
        ("0-6 months", 2),
        ("6-12 months", 2),
        ("12-18+ months", 1),
    ]
    assert phases[1][1][1] == (
        "Announce vendor partnerships on pilot procurement; document and share lessons learned"
    )
    cx = ct_build.page("focus-area-customer-experience")
    phases = _only_timeline(cx)
    assert [(t, len(a)) for t, a in phases] == [
        ("0-6 months", 3),
        ("6-12 months", 3),
        ("12-18+ months", 2),
        ("Ongoing", 1),
    ]
    assert (
        "Establish standards for user experience design and research, and incremental "
        "delivery" in phases[1][1]
    )
    for soup in (agile, cx):
        timelines = soup.find(id="timelines")
        assert timelines.name == "section" and timelines.select_one("ol.cx-timeline")


@pytest.mark.e2e
def test_ct_body_headings_become_the_timeline(ct_build) -> None:
    soup = ct_build.page("dev-focus-area-talent-modernization")
    phases = _only_timeline(soup)
    assert phases == [
        (
            "0-6 months",
            [
                "Establish initial digital roles",
                "Begin recruiting for key Digital Service team roles",
                "Work with HR to develop a handbook for talent modernization",
            ],
        ),
        (
            "6-12 months",
            [
                "Formalize training",
                "Assist agencies in filling digital roles",
                "Continue recruiting for Digital Service team roles (if not filled)",
            ],
        ),
        ("12-18+ months", ["Recommend new roles and skills needed to mature digital services"]),
    ]
    roles = soup.find("a", href="https://mountain-laurel.netlify.com/people/")
    assert roles.find_parent("ol") is None
    assert heading_text(soup.find(id="key-actions").find("h2")) == "Key Actions"


@pytest.mark.e2e
def test_docs_focus_area_page_shows_one_timeline(docs_build) -> None:
    soup = docs_build.page("focus-areas/customer-experience")
    phases = _only_timeline(soup)
    assert [(t, len(a)) for t, a in phases] == [
        ("0-6 months", 3),
        ("6-12 months", 3),
        ("12-18+ months", 2),
        ("Ongoing", 1),
    ]
    assert heading_text(soup.find(id="key-actions").find("h3")) == "Key actions"


@pytest.mark.e2e
def test_docs_writers_page_shows_every_form_live(docs_build) -> None:
    soup = docs_build.page("writing/timelines")
    titles = [[t for t, _ in _phases(ol)] for ol in soup.select("ol.cx-timeline")]
    assert titles == [
        ["0-6 months", "6-12 months", "Ongoing"],
        ["Q1 2026", "Q2 2026"],
        ["0-3 months", "3-6 months", "Ongoing"],
        ["Year 1", "Year 2", "Year 3"],
    ]
    roadmap = soup.find(id="roadmap")
    assert roadmap.name == "section" and roadmap.select_one("ol.cx-timeline")
    # the headings example's closing paragraph left its last phase
    assert soup.find(string=lambda s: s and "Titles the build reads" in s).find_parent("ol") is None
