"""The front-matter model: typed values, problems with key and line, nothing else lost."""

from __future__ import annotations

import os
import pickle
import shutil
import time
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
    # weight 3: Hugo's ordering weight, kept as written (featured), no problem
    assert model.weight == 3 and model.is_featured
    assert "weight" not in by_key
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
    assert toolkit.weight == 3  # Hugo's ordering weight, kept as written: featured
    assert problems == []


def test_blank_lines_move_below_the_front_matter() -> None:
    text = "\n\n---\ntitle: x\n---\nline 6\n"
    moved = move_leading_blank_lines(text)
    assert moved.startswith("---\ntitle: x\n---\n")
    assert moved.splitlines().index("line 6") == text.splitlines().index("line 6")


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_warnings_name_file_line_and_key(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    src = app.srcdir
    assert f"{src / 'bad-values.md'}:3: WARNING: 'order'" in text
    assert "WARNING: 'weight'" not in text  # 3 is Hugo's ordering weight
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


# -- bad nested data loses only the bad value -------------------------------------------

THREE_CARDS = (
    "title: T\n"  # line 2
    "featured_links:\n"  # 3
    "  title: Links\n"  # 4
    "  resources:\n"  # 5
    "    - title: First\n"  # 6
    "      href: https://one.gov\n"  # 7
    "    - just a sentence, not a card\n"  # 8
    "    - title: Third\n"  # 9
    "      href: https://three.gov\n"  # 10
)


def test_one_bad_card_among_three_keeps_the_other_two() -> None:
    model, problems = fm(THREE_CARDS)
    assert [c.title for c in model.featured_links.cards] == ["First", "Third"]
    assert model.featured_links.heading == "Links" and model.title == "T"
    assert [(p.key, p.line, p.path) for p in problems] == [
        ("featured_links", 8, ("featured_links", "resources", 1))
    ]
    assert problems[0].message.startswith("'featured_links.resources' entry 2: 'just a sentence")
    assert problems[0].message.endswith("the entry is ignored")
    # the kept cards keep their own lines: the third card is now entry 1
    assert model.key_line("featured_links", "resources", 1) == 9
    assert model.key_line("featured_links", "resources", 1, "href") == 10


def test_a_bad_field_of_a_card_drops_only_that_field() -> None:
    model, problems = fm(THREE_CARDS.replace("just a sentence, not a card", "title: [a, b]"))
    cards = model.featured_links.cards
    assert [c.title for c in cards] == ["First", None, "Third"]
    assert [(p.line, p.path) for p in problems] == [
        (8, ("featured_links", "resources", 1, "title"))
    ]
    assert "'featured_links.resources' entry 2, 'title': ['a', 'b'] is not valid" in (
        problems[0].message
    )


def test_bad_entries_in_one_list_are_dropped_each_at_its_own_line() -> None:
    model, problems = fm(
        "items:\n  - title: a\n  - description: no title\n  - title: c\n  - [not, an, item]\n"
        "  - title: e\n    description: >-\n      text of e"
    )
    assert [i.title for i in model.items] == ["a", "c", "e"]
    assert [(p.line, p.path) for p in problems] == [(4, ("items", 1)), (6, ("items", 3))]
    assert problems[0].message == "'items' entry 2: 'title' is required; the entry is ignored"
    assert model.key_line("items", 2) == 7 and model.text_line("items", 2, "description") == 9


def test_a_bad_nested_scalar_drops_only_that_scalar() -> None:
    model, problems = fm(
        "hero:\n  text: Welcome\n  cta_text: {not: text}\n"
        "focus:\n  header: Focus\n  cta_text: Go\n  cta_link: 'javascript:alert(1)'\n"
        "handbook:\n  detect_timelines: maybe\n  ignore_checks: [long-sentence]"
    )
    assert model.hero.text == "Welcome" and model.hero.cta_text is None
    assert model.focus.heading == "Focus" and model.focus.cta_text == "Go"
    assert model.focus.cta_link is None
    assert model.handbook.detect_timelines is True  # the default
    assert model.handbook.ignore_checks == ["long-sentence"]
    found = {p.path: (p.line, p.kind) for p in problems}
    assert found == {
        ("hero", "cta_text"): (4, WarningKind.FRONTMATTER),
        ("focus", "cta_link"): (8, WarningKind.UNSAFE_URL),
        ("handbook", "detect_timelines"): (10, WarningKind.FRONTMATTER),
    }
    unsafe = next(p for p in problems if p.kind is WarningKind.UNSAFE_URL)
    assert unsafe.message.startswith("'focus.cta_link': unsafe URL 'javascript:alert(1)'")


def test_valid_nested_data_is_kept_whole_and_a_wrong_block_still_drops_the_key() -> None:
    model, problems = fm(THREE_CARDS.replace("just a sentence, not a card", "title: Second"))
    assert problems == []
    assert [c.title for c in model.featured_links.cards] == ["First", "Second", "Third"]
    model, problems = fm("title: T\nhero: just text\nquote:\n  title: Q")
    assert model.hero is None and model.quote.title == "Q" and model.title == "T"
    assert [(p.key, p.line, p.path) for p in problems] == [("hero", 3, ("hero",))]
    assert problems[0].message.startswith("'hero': 'just text' is not valid")


@pytest.mark.sphinx("html", testroot="frontmatter", freshenv=True)
def test_a_bad_card_is_warned_at_its_line_and_the_others_render(app, warning) -> None:
    app.build()
    text = warning.getvalue()
    page = app.srcdir / "cards.md"
    assert f"{page}:8: WARNING: 'featured_links.resources' entry 2: " in text
    soup = BeautifulSoup((app.outdir / "cards.html").read_text(), "html.parser")
    links = [a["href"] for a in soup.select("a[href^='https://']")]
    assert "https://one.gov" in links and "https://three.gov" in links


# -- one read per page per build ------------------------------------------------------


@pytest.fixture
def yaml_reads(monkeypatch) -> dict[str, list[str]]:
    """Every YAML text read as front matter by us (``load_yaml``) and by anyone else."""
    import yaml

    from cx_handbook.model import page as page_module

    reads: dict[str, list[str]] = {"ours": [], "safe_load": []}
    load_yaml, safe_load = page_module.load_yaml, yaml.safe_load

    def counting_load_yaml(yaml_text: str, first_line: int):
        reads["ours"].append(yaml_text)
        return load_yaml(yaml_text, first_line)

    def counting_safe_load(stream):
        reads["safe_load"].append(stream if isinstance(stream, str) else "")
        return safe_load(stream)

    monkeypatch.setattr(page_module, "load_yaml", counting_load_yaml)
    monkeypatch.setattr(yaml, "safe_load", counting_safe_load)
    return reads


def _front_matter_texts(srcdir) -> dict[str, str]:
    from cx_handbook.sources.frontmatter import split_front_matter

    texts = {}
    for path in sorted(srcdir.rglob("*.md")):
        split = split_front_matter(path.read_text(encoding="utf-8"))
        if split.yaml_text is not None:
            texts[str(path.relative_to(srcdir))] = split.yaml_text
    return texts


def test_each_page_is_read_once_cold_never_unchanged_and_once_edited(
    make_app, rootdir, tmp_path, yaml_reads
) -> None:
    from collections import Counter

    srcdir = tmp_path / "fm"
    shutil.copytree(rootdir / "test-frontmatter", srcdir)
    shutil.copy(rootdir / "test-site" / "draft.md", srcdir / "draft.md")  # left out: read once
    written = _front_matter_texts(srcdir)
    assert len(written) == 6

    app = make_app("html", srcdir=srcdir)
    app.build()
    generated = _front_matter_texts(app.doctreedir / "_cx_generated")  # topics/index
    assert len(generated) == 1
    assert Counter(yaml_reads["ours"]) == Counter([*written.values(), *generated.values()])
    assert not set(yaml_reads["safe_load"]) & {*written.values(), *generated.values()}
    # the page's problems are still warned at read, once
    warnings = app._warning.getvalue()
    assert warnings.count("bad-values.md:3: WARNING: 'order'") == 1
    assert warnings.count("front matter is not valid YAML") == 1
    assert "Malformed YAML" not in warnings and "myst.topmatter" not in warnings
    cold_html = (app.outdir / "bad-values.html").read_text()

    yaml_reads["ours"].clear()
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert yaml_reads["ours"] == []

    blank = srcdir / "blank-lines.md"
    blank.write_text(blank.read_text().replace("order: 3", "order: 4\nweight: 1"))
    bad = srcdir / "bad-values.md"
    # touched: newer than the last build's read of it, as a save in an editor makes it
    os.utime(bad, ns=(bad.stat().st_atime_ns, time.time_ns() + 10**9))
    edited = make_app("html", srcdir=srcdir)
    edited.build()
    # the edited page once; the touched one once (its stamp changed); nothing else
    assert sorted(yaml_reads["ours"]) == sorted([split_text(blank), written["bad-values.md"]])
    assert get_front_matter(edited.env, "blank-lines").order == 4
    # a page re-read with a stamp the cache knows is not parsed, and still warns
    assert edited._warning.getvalue().count("bad-values.md:3: WARNING: 'order'") == 1
    assert (edited.outdir / "bad-values.html").read_text() == cold_html


def split_text(path) -> str:
    from cx_handbook.sources.frontmatter import split_front_matter

    return split_front_matter(path.read_text(encoding="utf-8")).yaml_text


def test_a_page_reread_from_the_cache_warns_without_parsing(
    make_app, rootdir, tmp_path, yaml_reads
) -> None:
    srcdir = tmp_path / "fm"
    shutil.copytree(rootdir / "test-frontmatter", srcdir)
    make_app("html", srcdir=srcdir).build()
    yaml_reads["ours"].clear()
    again = make_app("html", srcdir=srcdir, freshenv=True)  # every page read again
    again.build()
    assert yaml_reads["ours"] == []
    warnings = again._warning.getvalue()
    assert warnings.count("bad-values.md:3: WARNING: 'order'") == 1
    assert warnings.count("cards.md:8: WARNING: 'featured_links.resources' entry 2") == 1
    page = BeautifulSoup((again.outdir / "blank-lines.html").read_text(), "html.parser")
    assert page.find("h1").get_text(strip=True).startswith("Blank lines first")


def test_quiet_keys_of_hugo_sites_raise_no_warning() -> None:
    text = "---\ntitle: T\nlayout: home\nType: apis\ngithub: someone\nsummary_box: true\n---\n"
    model, problems = parse_front_matter(text)
    assert model.title == "T"
    assert problems == []


def test_a_cms_time_and_an_event_community_are_quiet_members_and_reading_are_read() -> None:
    text = (
        "---\ntitle: T\ntime: 16:00:00\nevent_cop: communicators\nmembers: 95\n"
        "additional_resources: next-steps.md\n---\n"
    )
    model, problems = parse_front_matter(text)
    assert problems == []
    assert (model.members, model.additional_resources) == ("95", "next-steps.md")


def test_unknown_key_holding_a_link_or_text_says_readers_never_see_it() -> None:
    text = (
        "---\ntitle: T\npodcast_url: https://www.gsa.gov/blog/x\n"
        "motto: Better websites for everyone\nshade: blue\n---\n"
    )
    _model, problems = parse_front_matter(text)
    messages = {p.key: (p.line, p.message) for p in problems}
    assert messages["podcast_url"][0] == 3
    assert "readers never see its link 'https://www.gsa.gov/blog/x'" in messages["podcast_url"][1]
    assert "readers never see its text" in messages["motto"][1]
    assert messages["shade"][1] == "unknown front-matter key 'shade' is kept but not shown"


def test_topics_and_authors_are_filed_as_hugo_files_terms() -> None:
    text = "---\ntopics:\n  - Artificial Intelligence\n  - social-media\n  - social media\n"
    text += "authors:\n  - john-McLaughlin\n---\n"
    model, problems = parse_front_matter(text)
    assert model.topics == ["artificial-intelligence", "social-media"]
    assert model.authors == ["john-mclaughlin"]
    assert problems == []


def test_keys_in_another_case_are_read_as_hugo_reads_them() -> None:
    text = "---\nTitle: T\nExpiryDate: 2020-01-02\nYoutube_title: A talk\nlinktitle: Short\n---\n"
    model, problems = parse_front_matter(text)
    assert (model.title, model.linktitle, model.youtube_title) == ("T", "Short", "A talk")
    assert model.expirydate is not None and model.expirydate.year == 2020
    assert model.key_line("expirydate") == 3
    assert problems == []
