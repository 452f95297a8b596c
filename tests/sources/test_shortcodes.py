"""Hugo shortcodes: the parser, the mapping table, Markdown repairs and the sanitiser."""

from __future__ import annotations

import pytest

from cx_handbook.content.raw_html import clean, clean_tag
from cx_handbook.core.warnings import WarningKind
from cx_handbook.sources.markdown_repair import repair_markdown
from cx_handbook.sources.shortcode_syntax import Context, Shortcode, parse
from cx_handbook.sources.shortcodes import expand
from helpers import build_site, hrefs_in_html, main_text, make_project


def run(text: str, **kw) -> tuple[str, list]:
    """Expand *text* without the resource cards installed."""
    ctx = Context(text, has_directive=lambda name: False, **kw)
    result = expand(text, ctx)
    return result.text, result.problems


# -- the parser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "args", "kwargs"),
    [
        ('{{< ref "x.md" >}}', ["x.md"], {}),
        ("{{< ref x.md >}}", ["x.md"], {}),
        ('{{< img src="a.png" alt="An \\"A\\"" >}}', [], {"src": "a.png", "alt": 'An "A"'}),
        (
            "{{< img src=\u201ca.png\u201d alt=\u201cCurly\u201d >}}",
            [],
            {"src": "a.png", "alt": "Curly"},
        ),
        ("{{< img src=\u201da.png\u201d >}}", [], {"src": "a.png"}),
        ('{{< note `raw "x"` >}}', ['raw "x"'], {}),
        (
            '{{< youtube id="abc" title="Colorado&#8217;s year" >}}',
            [],
            {"id": "abc", "title": "Colorado\u2019s year"},
        ),
        ('{{% note "alert" %}}', ["alert"], {}),
        ('{{< card-policy src="u" title="a > b">}}', [], {"src": "u", "title": "a > b"}),
    ],
)
def test_parameters(tag: str, args: list, kwargs: dict) -> None:
    (node,), _ = parse(tag)
    assert isinstance(node, Shortcode)
    assert (node.args, node.kwargs) == (args, kwargs)


def test_paired_nested_and_self_closing() -> None:
    tree, stray = parse(
        "{{< box >}}a {{< highlight >}}b{{< /highlight >}} {{< ref x >}}{{< /box >}}"
    )
    assert not stray
    (box,) = tree
    assert box.paired and box.name == "box"
    names = [getattr(c, "name", None) for c in box.children]
    assert names == [None, "highlight", None, "ref"]
    assert box.children[1].paired and not box.children[3].paired


def test_unclosed_tag_is_self_closing_and_stray_close_is_reported() -> None:
    tree, stray = parse("{{< checkbox >}}a{{< /nothing >}}")
    assert not tree[0].paired
    assert stray and "nothing" in stray[0][0]


def test_code_is_left_alone() -> None:
    text = "```markdown\n{{< note >}}x{{< /note >}}\n```\n\nand `{{< ref x >}}` inline\n"
    assert run(text)[0] == text


def test_escaped_shortcode_is_shown_as_written() -> None:
    assert run("{{</* note */>}}")[0] == "{{< note >}}"


# -- the mapping table: input → what the MyST text contains ----------------------------------

MAPPING_TABLE = [
    ("{{< note >}}\nText\n{{< /note >}}", [":::{note}\nText\n:::"]),
    ('{{< note variant="alert" >}}\nText\n{{< /note >}}', [":::{important}\nText\n:::"]),
    (
        '{{< note "activity" >}}\nDo\n{{< /note >}}',
        [":::{admonition} Activity", ":class: cx-note cx-note-activity"],
    ),
    ("{{< note >}}**Inline** start\n{{< /note >}}", [":::{note}\n**Inline** start\n:::"]),
    ("{{< box >}}\nBoxed\n{{< /box >}}", [":::{container} cx-box\nBoxed\n:::"]),
    ('{{< ring title="Key" >}}\nX\n{{< /ring >}}', [":::{admonition} Key", ":class: cx-ring"]),
    ("a {{< highlight >}}marked text{{< /highlight >}} b", ["a [marked text]{.cx-highlight} b"]),
    (
        '{{< accordion kicker="Day 1" title="Tuesday" >}}\n## Talk\n\nBody\n{{< /accordion >}}',
        [":::{dropdown} Day 1: Tuesday", ":::{rubric} Talk\n:heading-level: 2\n:::", "Body\n::::"],
    ),
    ('{{< button href="https://x.gov" text="Go" >}}', [":::{button-link} https://x.gov", "Go"]),
    (
        '{{< quote-block text="Said &amp; done." cite="A. Person" >}}',
        [":::{epigraph}\nSaid & done.\n\n-- A. Person\n:::"],
    ),
    (
        '{{< card-policy src="https://a.gov/p.pdf" kicker="Policy" title="Rule" >}}'
        "\nQuote\n{{< /card-policy >}}",
        [":::{dropdown} Policy: Rule", "Quote", "[View the full text](https://a.gov/p.pdf)"],
    ),
    (
        '{{< card-prompt intro="Tell us" button-text="Answer" button-url="https://g.gov/1" >}}'
        "\n> Q?\n{{< /card-prompt >}}",
        [":::{container} cx-prompt", "Tell us", "> Q?", "[Answer](https://g.gov/1){.cx-button}"],
    ),
    (
        "{{< checklist >}}\n{{< checkbox >}}One{{< /checkbox >}}\n{{< /checklist >}}",
        [":::{container} cx-checklist\n- [ ] One\n:::"],
    ),
    ("{{< checkbox-sublist-item >}} Sub {{< /checkbox-sublist-item >}}", ["  - [ ] Sub"]),
    (
        '{{< do-dont-table caption="Rules" >}}\n  {{< row >}}\n'
        "    {{< do-row >}} Yes {{< /do-row >}}\n"
        "    {{< dont-row >}} No {{< /dont-row >}}\n  {{< /row >}}\n{{< /do-dont-table >}}",
        [":::{list-table} Rules", ":header-rows: 1", "* - Do\n  - Don't", "* - Yes\n  - No"],
    ),
    (
        '{{< youtube id="abc" title="Talk" >}}',
        ["[▶ Talk (video on YouTube)](https://www.youtube.com/watch?v=abc){.cx-media-link}"],
    ),
    ("{{< youtube abc >}}", ["(https://www.youtube.com/watch?v=abc)"]),
    ('{{< tweet user="gsa" id="123" >}}', ["(https://twitter.com/gsa/status/123)"]),
    (
        '{{< fb-video "https://www.facebook.com/x/videos/1" >}}',
        ["(https://www.facebook.com/x/videos/1)"],
    ),
    (
        '{{< cspan-iframe src="https://www.c-span.org/video/?1" title="Hearing" >}}',
        ["[▶ Hearing (video on C-SPAN)]"],
    ),
    (
        '[file]({{< legacy-file "2014/07/x.pdf" >}})',
        ["[file](https://s3.amazonaws.com/digitalgov/_legacy-img/2014/07/x.pdf)"],
    ),
    (
        '<a href="{{< legacy-file "/2014/07/x.xlsx" >}}">x</a>',
        ['<a href="https://s3.amazonaws.com/digitalgov/_legacy-img/2014/07/x.xlsx">x</a>'],
    ),
    ('[a]({{< ref "#prepare" >}})', ["[a](#prepare)"]),
    (
        '{{< asset-static file="a.pdf" label="Guide (PDF, 1 MB)" >}}',
        ["[Guide (PDF, 1 MB)](https://s3.amazonaws.com/digitalgov/static/a.pdf)"],
    ),
    ('{{< featured-resource link="/guides/hcd/discovery-concepts" >}}', ["[Discovery concepts]"]),
    ("{{< tmp >}}kept{{< /tmp >}}", ["kept"]),
    ("{{< mystery >}}inner text{{< /mystery >}}", ["inner text"]),
]


@pytest.mark.parametrize(
    ("source", "expected"), MAPPING_TABLE, ids=[s[:40] for s, _ in MAPPING_TABLE]
)
def test_mapping_table(source: str, expected: list[str]) -> None:
    text, _ = run(source)
    for piece in expected:
        assert piece in text, text
    assert "{{<" not in text


def test_tags_alone_on_lines_keep_the_line_count() -> None:
    source = "a\n\n{{< note >}}\nText\n{{< /note >}}\n\n{{< box >}}\nB\n{{< /box >}}\nend\n"
    assert len(run(source)[0].splitlines()) == len(source.splitlines())


def test_line_map_points_back_to_the_original_lines() -> None:
    source = '{{< accordion title="T" >}}\n## One\n\ntext\n{{< /accordion >}}\n\n[x](y)\n'
    ctx = Context(source, has_directive=lambda name: False)
    result = expand(source, ctx)
    lines = result.text.splitlines()
    last = next(i for i, line in enumerate(lines) if line == "[x](y)")
    assert result.line_map[last] == 7


def test_nested_blocks_get_longer_fences() -> None:
    text, _ = run("{{< box >}}\n{{< note >}}\nx\n{{< /note >}}\n{{< /box >}}")
    assert text.startswith("::::{container} cx-box\n:::{note}")


def test_missing_image_keeps_alt_and_caption_and_warns(tmp_path) -> None:
    text, problems = run(
        '\n{{< img src="nope.png" alt="A chart" caption="Visits per day" >}}', srcdir=tmp_path
    )
    assert "Image: A chart" in text and "Visits per day" in text
    assert [(p.kind, p.line) for p in problems] == [(WarningKind.IMAGE, 2)]


def test_local_image_becomes_a_figure(tmp_path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.png").write_bytes(b"png")
    text, problems = run(
        '{{< img src="chart" alt="A chart" caption="Visits" >}}', srcdir=tmp_path, docdir=tmp_path
    )
    assert ":::{figure} /images/chart.png" in text and ":alt: A chart" in text
    assert not problems


def test_unknown_shortcode_is_reported_at_its_line() -> None:
    _, problems = run("a\n\nb {{< mystery x >}}")
    assert [(p.kind, p.line) for p in problems] == [(WarningKind.SHORTCODE, 3)]
    assert "mystery" in problems[0].message


# -- Markdown repairs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "- [DHS CX Glossary]([url](https://www.dhs.gov/cx/glossary))",
            "- [DHS CX Glossary](https://www.dhs.gov/cx/glossary)",
        ),
        ("[text] (https://a.gov)", "[text](https://a.gov)"),
        ("[a](htps://a.gov)", "[a](https://a.gov)"),
        ("## Prepare Your Content {#prepare}", "## [Prepare Your Content]{#prepare}"),
    ],
)
def test_repairs_warn_and_keep_lines(source: str, expected: str) -> None:
    text, problems = repair_markdown(source + "\nnext line")
    assert text == expected + "\nnext line"
    if "{#" not in source:
        assert [p.kind for p in problems] == [WarningKind.MARKDOWN]


def test_repairs_leave_code_alone() -> None:
    source = "```\n[a]([b](https://c.gov))\n```\n"
    assert repair_markdown(source) == (source, [])


# -- the sanitiser -----------------------------------------------------------------------


def test_sanitiser_removes_scripts_handlers_and_script_urls() -> None:
    cleaned = clean('<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">y</a></p>')
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert "Hi" in cleaned and ">y</a>" in cleaned


def test_sanitiser_keeps_strike_through_and_links() -> None:
    cleaned = clean(
        '<p style="text-decoration: line-through">old</p>'
        '<a href="https://a.gov" target="_blank">a</a>'
    )
    assert "line-through" in cleaned and 'href="https://a.gov"' in cleaned


def test_single_tags_stay_open() -> None:
    assert (
        clean_tag('<a href="https://a.gov" onclick="x()">')
        == '<a href="https://a.gov" rel="noopener noreferrer">'
    )
    assert clean_tag("</a>") == "</a>"
    assert clean_tag("<script>") == ""


# -- in a build: refs resolved, emoji, sanitising -------------------------------------------

PAGES = {
    "guides/target": (
        "---\ntitle: Target page\nslug: the-target\naliases:\n  - /old/path/\n---\n\nHere.\n"
    ),
    "source": (
        "---\ntitle: Source\n---\n\n"
        'By file: [one]({{< ref "target.md" >}}).\n\n'
        'By path: [two]({{< relref "/guides/target" >}}).\n\n'
        'By slug: [three]({{< ref "/news/the-target" >}}).\n\n'
        'By alias: [four]({{< ref "/old/path/" >}}).\n\n'
        'Missing: before [five]({{< ref "/communities" >}}) after.\n\n'
        '<a href="{{< ref "target.md" >}}">six</a>\n\n'
        '[seven]({{< ref "target.md" >}} "Tip") and [eight]({{< link "/guides/target" >}}).\n\n'
        '{{< featured-resource link="/the-target" title="nine" >}}\n\n'
        "Party :tada: and `:tada:` in code.\n\n"
        '<div onclick="steal()">safe text</div>\n\n<script>alert(1)</script>\n\n'
        "```{include} snippet.txt\n```\n"
    ),
}
SNIPPET = "{{< note >}}\nIncluded note.\n{{< /note >}}\n"


@pytest.fixture(scope="module")
def ref_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("refs")
    srcdir = make_project(tmp, PAGES)
    (srcdir / "snippet.txt").write_text(SNIPPET, encoding="utf-8")
    return build_site(srcdir, tmp / "html", strict=False)


def test_refs_resolve_by_file_path_slug_and_alias(ref_build) -> None:
    soup = ref_build.page("source")
    links = {a.get_text(): a["href"] for a in soup.find("article").find_all("a", href=True)}
    for text in ("one", "two", "three", "four", "six", "seven", "eight", "nine"):
        assert links[text] == "guides/target.html", (text, links)
    assert soup.find("a", string="seven")["title"] == "Tip"


def test_no_ref_leaves_a_pseudo_url_in_the_doctree(ref_build) -> None:
    doctree = (ref_build.outdir / ".doctrees" / "source.doctree").read_bytes()
    assert b"cx-ref" not in doctree


def test_missing_ref_keeps_its_text_and_warns(ref_build) -> None:
    soup = ref_build.page("source")
    assert "before five after" in main_text(soup)
    assert "five" not in {a.get_text() for a in soup.find_all("a")}
    assert any(
        "source.md:13: WARNING: link '/communities' names no page in this handbook "
        "(link text 'five')"
        in w
        and "[handbook.ref]" in w
        for w in ref_build.warnings
    )
    article = soup.find("article")
    assert all(a.get("href") not in ("", "#") for a in article.find_all("a", href=True))


def test_emoji_codes_render_outside_code(ref_build) -> None:
    soup = ref_build.page("source")
    assert "Party 🎉" in main_text(soup)
    assert soup.find("code").get_text() == ":tada:"


def test_raw_html_is_sanitised_and_reported(ref_build) -> None:
    html = (ref_build.outdir / "source.html").read_text(encoding="utf-8")
    assert "safe text" in html
    assert "steal()" not in html and "alert(1)" not in html
    assert any("[handbook.raw_html]" in w for w in ref_build.warnings)
    assert "https://" not in "".join(hrefs_in_html(ref_build.page("source")))


def test_included_files_are_expanded_too(ref_build) -> None:
    note = ref_build.page("source").select_one(".admonition.note")
    assert note is not None and "Included note." in note.get_text()
