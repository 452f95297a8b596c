"""The front-matter model: typed values, problems with key and line, nothing else lost."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from cx_handbook.core.warnings import WarningKind
from cx_handbook.model.page import (
    FrontMatter,
    get_front_matter,
    is_unsafe_url,
    move_leading_blank_lines,
    parse_front_matter,
)


def fm(yaml_text: str) -> tuple[FrontMatter, list]:
    return parse_front_matter(f"---\n{yaml_text}\n---\nbody\n")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "2016-01-07 5:52:31 -0400",
            datetime(2016, 1, 7, 5, 52, 31, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("2020-01-02", datetime(2020, 1, 2)),
        ("2021-06-03T13:00:00.000Z", datetime(2021, 6, 3, 13, 0, tzinfo=UTC)),
    ],
)
def test_dates_in_real_forms(raw: str, expected: datetime) -> None:
    model, problems = fm(f"date: {raw}")
    assert problems == []
    assert model.date == expected


def test_bad_values_are_reported_with_key_and_line_and_dropped() -> None:
    model, problems = fm("title: T\norder: first\nweight: 3\nauthors:\n  - a\n  -\n  - ''")
    by_key = {p.key: p for p in problems}
    assert model.title == "T"
    assert model.order is None
    assert by_key["order"].line == 3
    assert "'order'" in by_key["order"].message
    assert model.weight == 2 and model.is_featured
    assert by_key["weight"].line == 4
    assert model.authors == ["a"]
    assert [p.line for p in problems if p.key == "authors"] == [7, 8]


def test_unsafe_urls_are_refused() -> None:
    model, problems = fm("cta_link: ' JaVaScRiPt:alert(1)'\nsource_url: 'data:text/html,x'")
    assert model.cta_link is None and model.source_url is None
    assert {p.kind for p in problems} == {WarningKind.UNSAFE_URL}
    assert is_unsafe_url("java\tscript:x") and is_unsafe_url("&#106;avascript:x")
    assert not is_unsafe_url("/work/") and not is_unsafe_url("https://example.gov")


def test_entities_decoded_and_labels_trimmed() -> None:
    model, _ = fm("cta: 'Learn &amp; act  '\ntitle: Caf&eacute;")
    assert model.cta == "Learn & act"
    assert model.title == "Café"


def test_unknown_keys_kept_and_reported_under_their_own_kind() -> None:
    model, problems = fm("title: T\nfavourite: blue")
    assert model.model_extra == {"favourite": "blue"}
    assert [(p.key, p.kind) for p in problems] == [
        ("favourite", WarningKind.FRONTMATTER_UNKNOWN_KEY)
    ]


def test_broken_yaml_is_one_problem_with_a_line() -> None:
    model, problems = parse_front_matter("---\ntitle: x\ndescription: a: b\n---\n")
    assert model == FrontMatter()
    assert len(problems) == 1 and problems[0].kind is WarningKind.YAML
    assert problems[0].line == 3


def test_seed_shapes_read(shared_dir) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.md"))
    area, _ = parse_front_matter(seeds[0].read_text(encoding="utf-8"))
    assert area.template_key == "area" and area.icon == "comments-alt" and area.order == 0
    assert [i.title for i in area.items] == ["This is a test", "Here is another test"]
    toolkit, problems = parse_front_matter(seeds[1].read_text(encoding="utf-8"))
    assert toolkit.slug == "customer-experience-toolkit"
    assert toolkit.topics == ["cx"] and toolkit.authors == ["rflagg"]
    assert toolkit.weight == 2  # written as 3: read as featured, with a warning
    assert [p.key for p in problems] == ["weight"]


def test_blank_lines_move_below_the_front_matter() -> None:
    text = "\n\n---\ntitle: x\n---\nline 6\n"
    moved = move_leading_blank_lines(text)
    assert moved.startswith("---\ntitle: x\n---\n")
    assert moved.splitlines().index("line 6") == text.splitlines().index("line 6")


@pytest.mark.sphinx("html", testroot="frontmatter")
def test_warnings_name_file_line_and_key(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    src = app.srcdir
    assert f"{src / 'bad-values.md'}:3: WARNING: 'order'" in text
    assert f"{src / 'bad-values.md'}:4: WARNING: 'weight': weight 3" in text
    assert f"{src / 'bad-values.md'}:11: WARNING: 'cta_link': unsafe URL" in text
    assert "[handbook.unsafe_url]" in text
    assert (
        f"{src / 'bad-values.md'}:12: WARNING: unknown front-matter key 'favourite_colour'" in text
    )
    assert f"{src / 'broken-yaml.md'}:3: WARNING: front matter is not valid YAML" in text
    assert "Malformed YAML" not in text
    model = get_front_matter(app.env, "bad-values")
    assert model.cta == "Go & see" and model.authors == ["rflagg"]
    assert model.date is not None and model.date.year == 2016
    assert get_front_matter(app.env, "blank-lines").order == 3

    page = BeautifulSoup((app.outdir / "bad-values.html").read_text(), "html.parser")
    assert page.find("h1").get_text(strip=True).startswith("Bad values")
    assert "The body still renders." in page.get_text()
    assert "javascript:" not in str(page)
    broken = BeautifulSoup((app.outdir / "broken-yaml.html").read_text(), "html.parser")
    assert "Text after broken YAML is kept." in broken.get_text()
    blank = BeautifulSoup((app.outdir / "blank-lines.html").read_text(), "html.parser")
    assert blank.find("h1").get_text(strip=True).startswith("Blank lines first")


def test_site_data_reads_digitalgov_shapes(shared_dir) -> None:
    from cx_handbook.model.data import load_site_data

    data = load_site_data(shared_dir / "corpus" / "digitalgov" / "_data")
    assert data.author("rflagg") is not None
    assert data.topic("accessibility").title == "Accessibility"
    assert data.author("nobody") is None


def test_nested_card_blocks_are_known_and_typed() -> None:
    model, problems = fm(
        "templateKey: project\nresources:\n  header: H\n  projects:\n"
        "    - title: A\n      cta_text: Go\n      cta_link: /\n"
        "featured_links:\n  title: T\n  resources:\n    - title: B\n      href: https://x.gov\n"
        "featured_resources:\n  resources:\n    - link: resources/intro/\n"
        "legislation:\n  title: L\n  link: https://law.gov\n"
        "primary_image: img\nguide: g\nfeatured_communities: [ux]"
    )
    assert problems == []
    assert model.resources.heading == "H" and model.resources.cards[0].url == "/"
    assert model.featured_links.cards[0].url == "https://x.gov"
    assert model.featured_resources.cards[0].title is None
    assert model.legislation.url == "https://law.gov"
    assert model.key_line("resources") == 3 and model.key_line("legislation") == 17
    assert model.key_line("featured_links", "resources", 0, "href") == 13


def test_key_lines_point_at_the_file_and_survive_pickling() -> None:
    # (moved from test_timeline: the lines of front-matter items and their descriptions)
    text = (
        "\n---\ntitle: T\nitems:\n  - title: a\n    description: >-\n      * x\n"
        "  - title: b\n    description: '* y'\ntopics: [a, b]\nauthors:\n  - c\n---\nbody\n"
    )
    model, _ = parse_front_matter(text)
    for matter in (model, pickle.loads(pickle.dumps(model))):
        items = [
            (matter.key_line("items", i), matter.text_line("items", i, "description"))
            for i in range(2)
        ]
        assert items == [(5, 7), (8, 9)]
        assert matter.key_line("items", 1, "title") == 8
        assert matter.key_line("title") == 3 and matter.key_line("topics", 1) == 10
        assert matter.key_line("authors", 0) == 12
        # a place not written falls back to the nearest one that is
        assert matter.key_line("authors", 5) == 11 and matter.key_line("slug") is None


def test_unsafe_card_links_are_refused() -> None:
    model, problems = fm("featured_links:\n  resources:\n    - title: x\n      href: javascript:x")
    assert model.featured_links.cards[0].href is None
    assert [p.kind for p in problems] == [WarningKind.UNSAFE_URL]


def test_ignore_checks_is_a_typed_page_switch() -> None:
    model, problems = fm("handbook:\n  ignore_checks: [vague-link-text, url-link-text]")
    assert problems == []
    assert model.handbook.ignore_checks == ["vague-link-text", "url-link-text"]
    assert not model.handbook.model_extra
    assert fm("handbook:\n  ignore_checks: long-sentence")[0].handbook.ignore_checks == [
        "long-sentence"
    ]
    assert FrontMatter().handbook.ignore_checks == []
