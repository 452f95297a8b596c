"""Hugo shortcodes: the parser, the mapping table, Markdown repairs and the sanitiser."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import Tag

from cx_handbook.content.raw_html import clean, clean_tag
from cx_handbook.core.warnings import WarningKind
from cx_handbook.sources.markdown_repair import repair_markdown
from cx_handbook.sources.shortcode_syntax import Context, Shortcode, parse
from cx_handbook.sources.shortcodes import expand
from helpers import SiteBuild, build_site, hrefs_in_html, main_text, make_project


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


# -- the expansion's text, on purpose: line numbers -------------------------------------


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


# -- the mapping table: each source, built as a page, and what its reader gets ---------------


@dataclass(frozen=True)
class Shows:
    """Elements a reader gets: the matches of *selector* in the page's main content.

    *text* is the one match's text (white space folded), or a tuple of every match's text in
    order; *attrs* are attributes the (one) match must have.
    """

    selector: str
    text: str | tuple[str, ...]
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    """One shortcode source, its page name, and what the built page shows."""

    page: str
    source: str
    shows: tuple[Shows, ...]
    #: (line in *source*, warning type) for a row that is meant to warn.
    warns: tuple[tuple[int, str], ...] = ()
    #: Markdown after the source on its page (a target the source links to).
    after: str = ""


def href(url: str) -> tuple[tuple[str, str], ...]:
    """The *attrs* of a link to *url*."""
    return (("href", url),)


MAPPING_TABLE = [
    Row(
        "note",
        "{{< note >}}\nText\n{{< /note >}}",
        (
            Shows("div.admonition.note > p.admonition-title", "Note"),
            Shows("div.admonition.note > p:not(.admonition-title)", "Text"),
        ),
    ),
    Row(
        "note-alert",
        '{{< note variant="alert" >}}\nText\n{{< /note >}}',
        (
            Shows("div.admonition.important > p.admonition-title", "Important"),
            Shows("div.admonition.important > p:not(.admonition-title)", "Text"),
        ),
    ),
    Row(
        "note-activity",
        '{{< note "activity" >}}\nDo\n{{< /note >}}',
        (
            Shows("div.admonition.cx-note.cx-note-activity > p.admonition-title", "Activity"),
            Shows("div.admonition.cx-note-activity > p:not(.admonition-title)", "Do"),
        ),
    ),
    Row(
        "note-inline-start",
        "{{< note >}}**Inline** start\n{{< /note >}}",
        (
            Shows("div.admonition.note > p:not(.admonition-title)", "Inline start"),
            Shows("div.admonition.note > p > strong", "Inline"),
        ),
    ),
    Row(
        "box",
        "{{< box >}}\nBoxed\n{{< /box >}}",
        (Shows("div.container.cx-box > p", "Boxed"),),
    ),
    Row(
        "ring",
        '{{< ring title="Key" >}}\nX\n{{< /ring >}}',
        (
            Shows("div.admonition.cx-ring > p.admonition-title", "Key"),
            Shows("div.admonition.cx-ring > p:not(.admonition-title)", "X"),
        ),
    ),
    Row(
        "highlight",
        "a {{< highlight >}}marked text{{< /highlight >}} b",
        (
            Shows("p:has(> span.cx-highlight)", "a marked text b"),
            Shows("p > span.cx-highlight", "marked text"),
        ),
    ),
    Row(
        "accordion",
        '{{< accordion kicker="Day 1" title="Tuesday" >}}\n## Talk\n\nBody\n{{< /accordion >}}',
        (
            Shows("details.cx-accordion > summary", "Day 1: Tuesday"),
            Shows("details.cx-accordion > div > h2.rubric", "Talk"),
            Shows("details.cx-accordion > div > p", "Body"),
            Shows("section section", ()),
        ),
    ),
    Row(
        "button",
        '{{< button href="https://x.gov" text="Go" >}}',
        (Shows("a.sd-btn.sd-btn-primary", "Go", href("https://x.gov")),),
    ),
    Row(
        "quote-block",
        '{{< quote-block text="Said &amp; done." cite="A. Person" >}}',
        (
            Shows("blockquote.epigraph p:not(.attribution)", "Said & done."),
            Shows("blockquote.epigraph p.attribution", "\u2014A. Person"),
        ),
    ),
    Row(
        "card-policy",
        '{{< card-policy src="https://a.gov/p.pdf" kicker="Policy" title="Rule" >}}'
        "\nQuote\n{{< /card-policy >}}",
        (
            Shows("details.cx-policy > summary", "Policy: Rule"),
            Shows("details.cx-policy p", ("Quote", "View the full text")),
            Shows("details.cx-policy p > a", "View the full text", href("https://a.gov/p.pdf")),
        ),
    ),
    Row(
        "card-prompt",
        '{{< card-prompt intro="Tell us" button-text="Answer" button-url="https://g.gov/1" >}}'
        "\n> Q?\n{{< /card-prompt >}}",
        (
            Shows("div.cx-prompt > *", ("Tell us", "Q?", "Answer")),
            Shows("div.cx-prompt > blockquote", "Q?"),
            Shows("div.cx-prompt > p > a.cx-button", "Answer", href("https://g.gov/1")),
        ),
    ),
    Row(
        "checklist",
        "{{< checklist >}}\n{{< checkbox >}}One{{< /checkbox >}}\n{{< /checklist >}}",
        (
            Shows("div.cx-checklist > ul > li.task-list-item", "One"),
            Shows("li.task-list-item input.task-list-item-checkbox", "", (("type", "checkbox"),)),
        ),
    ),
    Row(
        "checkbox-sublist-item",
        "{{< checkbox-sublist-item >}} Sub {{< /checkbox-sublist-item >}}",
        (
            Shows("ul > li.task-list-item", "Sub"),
            Shows("li.task-list-item input.task-list-item-checkbox", "", (("type", "checkbox"),)),
        ),
    ),
    Row(
        "do-dont-table",
        '{{< do-dont-table caption="Rules" >}}\n  {{< row >}}\n'
        "    {{< do-row >}} Yes {{< /do-row >}}\n"
        "    {{< dont-row >}} No {{< /dont-row >}}\n  {{< /row >}}\n{{< /do-dont-table >}}",
        (
            Shows("table.cx-do-dont > caption > .caption-text", "Rules"),
            Shows("table.cx-do-dont > thead th", ("Do", "Don\u2019t")),
            Shows("table.cx-do-dont > tbody > tr", "Yes No"),
            Shows("table.cx-do-dont > tbody td", ("Yes", "No")),
        ),
    ),
    Row(
        "youtube",
        '{{< youtube id="abc" title="Talk" >}}',
        (
            Shows(
                "p > a.cx-media-link",
                "\u25b6 Talk (video on YouTube)",
                href("https://www.youtube.com/watch?v=abc"),
            ),
            Shows("iframe", ()),
        ),
    ),
    Row(
        "youtube-id-only",
        "{{< youtube abc >}}",
        (
            Shows(
                "p > a.cx-media-link",
                "\u25b6 video on YouTube",
                href("https://www.youtube.com/watch?v=abc"),
            ),
        ),
    ),
    Row(
        "tweet",
        '{{< tweet user="gsa" id="123" >}}',
        (
            Shows(
                "p > a.cx-media-link",
                "\u25b6 Post by @gsa (post on X (Twitter))",
                href("https://twitter.com/gsa/status/123"),
            ),
        ),
    ),
    Row(
        "fb-video",
        '{{< fb-video "https://www.facebook.com/x/videos/1" >}}',
        (
            Shows(
                "p > a.cx-media-link",
                "\u25b6 video on Facebook",
                href("https://www.facebook.com/x/videos/1"),
            ),
        ),
    ),
    Row(
        "cspan-iframe",
        '{{< cspan-iframe src="https://www.c-span.org/video/?1" title="Hearing" >}}',
        (
            Shows(
                "p > a.cx-media-link",
                "\u25b6 Hearing (video on C-SPAN)",
                href("https://www.c-span.org/video/?1"),
            ),
            Shows("iframe", ()),
        ),
    ),
    Row(
        "legacy-file-in-markdown",
        '[file]({{< legacy-file "2014/07/x.pdf" >}})',
        (
            Shows(
                "p > a",
                "file",
                href("https://s3.amazonaws.com/digitalgov/_legacy-img/2014/07/x.pdf"),
            ),
        ),
    ),
    Row(
        "legacy-file-in-html",
        '<a href="{{< legacy-file "/2014/07/x.xlsx" >}}">x</a>',
        (
            Shows(
                "p > a",
                "x",
                href("https://s3.amazonaws.com/digitalgov/_legacy-img/2014/07/x.xlsx"),
            ),
        ),
    ),
    Row(
        "ref-to-anchor",
        '[a]({{< ref "#prepare" >}})',
        (Shows("p > a", "a", href("#prepare")), Shows("#prepare h2", "Prepare")),
        after="(prepare)=\n## Prepare\n",
    ),
    Row(
        "asset-static",
        '{{< asset-static file="a.pdf" label="Guide (PDF, 1 MB)" >}}',
        (
            Shows(
                "div.cx-resource-card a.cx-resource-card__link",
                "Guide (PDF, 1 MB; external link)",
                href("https://s3.amazonaws.com/digitalgov/static/a.pdf"),
            ),
            Shows("div.cx-resource-card .cx-badge", ("PDF", "1 MB")),
        ),
    ),
    Row(
        "featured-resource",
        '{{< featured-resource link="/guides/hcd/discovery-concepts" >}}',
        (
            Shows(
                "div.cx-resource-card a.cx-resource-card__link",
                "Discovery concepts",
                href("guides/hcd/discovery-concepts.html"),
            ),
        ),
    ),
    Row("tmp", "{{< tmp >}}kept{{< /tmp >}}", (Shows("section > p", "kept"),)),
    Row(
        "tmp-as-ref",
        '[a]({{< tmp"#stand-in" >}})',
        (Shows("p > a", "a", href("#stand-in")),),
        after="(stand-in)=\n## Stand in\n",
    ),
    Row(
        "unknown",
        "{{< mystery >}}inner text{{< /mystery >}}",
        (Shows("section > p", "inner text"),),
        warns=((1, "handbook.shortcode"),),
    ),
]

#: Pages of the other shortcode tests, built with the table's pages.
OTHER_PAGES = {
    "code": "```markdown\n{{< note >}}x{{< /note >}}\n```\n\nand `{{< ref x >}}` inline\n",
    "escaped": "{{</* note */>}}",
    "nested": "{{< box >}}\n{{< note >}}\nx\n{{< /note >}}\n{{< /box >}}",
    "missing-image": '\n{{< img src="nope.png" alt="A chart" caption="Visits per day" >}}',
    "local-image": '{{< img src="chart" alt="A chart" caption="Visits" >}}',
    "unknown-at-line": "a\n\nb {{< mystery x >}}",
    "empty-heading": "Intro\n\n## \n\n## About\n\nText\n",
    "empty-link": "See the guide. [\n  ](https://guide.example.gov/metrics#satisfaction)\n",
    "htaccess-fence": "```.htaccess\nRewriteEngine On\n```\n",
}
#: (page, line in its source, warning type): every warning the build may give.
OTHER_WARNINGS = {
    ("missing-image", 2, "handbook.image"),
    ("unknown-at-line", 3, "handbook.shortcode"),
    ("empty-heading", 3, "handbook.markdown"),
    ("empty-link", 1, "handbook.markdown"),
}
FRONT_MATTER = "---\ntitle: {title}\n---\n\n"
FRONT_MATTER_LINES = FRONT_MATTER.count("\n")
LOCATED_WARNING = re.compile(r"^(?P<file>.+?):(?P<line>\d+): WARNING: .* \[(?P<kind>[\w.]+)\]$")


def tiny_png() -> bytes:
    """A valid one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def shortcode_build(tmp_path_factory) -> SiteBuild:
    """Every table row and every other page above, one page each, built like `make html`."""
    tmp = tmp_path_factory.mktemp("shortcodes")
    pages = {
        row.page: FRONT_MATTER.format(title=row.page) + row.source + "\n\n" + row.after
        for row in MAPPING_TABLE
    }
    pages |= {name: FRONT_MATTER.format(title=name) + src for name, src in OTHER_PAGES.items()}
    pages["guides/hcd/discovery-concepts"] = FRONT_MATTER.format(title="Discovery concepts")
    srcdir = make_project(tmp, pages)
    (srcdir / "images").mkdir()
    (srcdir / "images" / "chart.png").write_bytes(tiny_png())
    return build_site(srcdir, tmp / "html", strict=True)


def located_warnings(build: SiteBuild) -> set[tuple[str, int, str]]:
    """Each warning as (page, line in the page's shortcode source, type); all must be located."""
    srcdir = build.outdir.parent / "docs"
    found = set()
    for line in build.stderr.splitlines():
        match = LOCATED_WARNING.match(line)
        assert match, f"not a located warning: {line}"
        page = Path(match["file"]).relative_to(srcdir).with_suffix("").as_posix()
        found.add((page, int(match["line"]) - FRONT_MATTER_LINES, match["kind"]))
    return found


def content(build: SiteBuild, page: str) -> Tag:
    """The page's main content (its article)."""
    article = build.page(page).find("article")
    assert article is not None
    return article


def folded(tag: Tag) -> str:
    """*tag*'s text, white space folded, without permalink glyphs."""
    words = [s for s in tag.find_all(string=True) if not s.find_parent("a", class_="headerlink")]
    return " ".join(" ".join(words).split())


def raw_shortcodes(tag: Tag) -> list[str]:
    """Text or attribute values in *tag* that still hold a Hugo tag."""
    values = [str(s) for s in tag.find_all(string=True)]
    values += [str(v) for el in tag.find_all(True) for v in el.attrs.values()]
    return [v for v in values if "{{<" in v or "{{%" in v]


def test_the_pages_warn_only_where_meant_to(shortcode_build) -> None:
    expected = {(row.page, line, kind) for row in MAPPING_TABLE for line, kind in row.warns}
    assert located_warnings(shortcode_build) == expected | OTHER_WARNINGS


@pytest.mark.parametrize("row", MAPPING_TABLE, ids=[row.page for row in MAPPING_TABLE])
def test_mapping_table(shortcode_build, row: Row) -> None:
    article = content(shortcode_build, row.page)
    for shows in row.shows:
        found = article.select(shows.selector)
        if isinstance(shows.text, tuple):
            assert [folded(el) for el in found] == list(shows.text), shows
            continue
        assert len(found) == 1, (shows, found)
        assert folded(found[0]) == shows.text, shows
        for name, value in shows.attrs:
            assert found[0].get(name) == value, (shows, found[0])
    assert not raw_shortcodes(article)


def test_nested_blocks_stay_nested(shortcode_build) -> None:
    article = content(shortcode_build, "nested")
    (box,) = article.select("section > div.cx-box")
    assert [child["class"] for child in box.find_all(True, recursive=False)] == [
        ["admonition", "note"]
    ]
    assert folded(box) == "Note x"
    assert not raw_shortcodes(article)


def test_code_is_left_alone(shortcode_build) -> None:
    article = content(shortcode_build, "code")
    assert article.select_one("pre").get_text() == "{{< note >}}x{{< /note >}}\n"
    assert [c.get_text() for c in article.select("p code")] == ["{{< ref x >}}"]
    assert not article.select(".admonition, a.reference")


def test_escaped_shortcode_is_shown_as_written(shortcode_build) -> None:
    article = content(shortcode_build, "escaped")
    assert [folded(p) for p in article.select("section > p")] == ["{{< note >}}"]
    assert not article.select(".admonition")


def test_missing_image_keeps_alt_and_caption_and_warns(shortcode_build) -> None:
    article = content(shortcode_build, "missing-image")
    (kept,) = article.select("div.cx-missing-image")
    assert folded(kept) == "Image: A chart Visits per day"
    assert not article.select("img, figure")
    assert ("missing-image", 2, "handbook.image") in located_warnings(shortcode_build)


def test_local_image_becomes_a_figure(shortcode_build) -> None:
    article = content(shortcode_build, "local-image")
    (figure,) = article.select("section > figure")
    (image,) = figure.select("img.cx-figure")
    assert (image["src"], image["alt"]) == ("_images/chart.png", "A chart")
    assert (shortcode_build.outdir / "_images" / "chart.png").read_bytes() == tiny_png()
    assert folded(figure.select_one("figcaption")) == "Visits"
    assert not {page for page, _, _ in located_warnings(shortcode_build)} & {"local-image"}


def test_empty_heading_is_not_built(shortcode_build) -> None:
    article = content(shortcode_build, "empty-heading")
    headings = article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    assert [folded(h) for h in headings] == ["empty-heading", "About"]
    assert [folded(p) for p in article.find_all("p")] == ["Intro", "Text"]


def test_link_without_text_shows_its_address(shortcode_build) -> None:
    article = content(shortcode_build, "empty-link")
    url = "https://guide.example.gov/metrics#satisfaction"
    (link,) = article.select(f'a[href="{url}"]')
    assert link.get_text(strip=True) == url
    line = next(w for w in shortcode_build.warnings if "empty-link.md" in w)
    assert f"link to {url} has no text" in line


def test_code_fence_named_by_a_file_name_is_highlighted_as_that_file(shortcode_build) -> None:
    article = content(shortcode_build, "htaccess-fence")
    assert article.select_one("div.highlight-apacheconf") is not None
    assert "RewriteEngine" in article.get_text()


def test_unknown_shortcode_is_reported_at_its_line(shortcode_build) -> None:
    article = content(shortcode_build, "unknown-at-line")
    assert [folded(p) for p in article.select("section > p")] == ["a", "b"]
    assert ("unknown-at-line", 3, "handbook.shortcode") in located_warnings(shortcode_build)
    line = next(w for w in shortcode_build.warnings if "unknown-at-line.md" in w)
    assert "unknown shortcode 'mystery'" in line


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


def test_html_indented_inside_an_open_element_is_dedented() -> None:
    source = (
        "<table>\n  <tr>\n\n    <th>A</th>\n\n\t<td>B</td>\n  </tr>\n</table>\n\n    <p>x</p>\n"
    )
    text, problems = repair_markdown(source)
    assert (
        text == "<table>\n  <tr>\n\n<th>A</th>\n\n<td>B</td>\n  </tr>\n</table>\n\n    <p>x</p>\n"
    )
    assert problems == []  # a reading repair, nothing to fix in the source
    fenced = "<div>\n\n```\n\n    <b>code</b>\n```\n</div>\n"
    assert repair_markdown(fenced)[0] == fenced


def test_empty_heading_is_left_out_with_a_warning_at_its_line() -> None:
    source = "---\ntitle: T\n#\n---\n\nIntro\n\n## \n\n## About\n\n```\n##\n```\n"
    text, problems = repair_markdown(source)
    assert text == source.replace("\n## \n", "\n\n", 1)  # a YAML "#" and code kept
    assert [(p.kind, p.line) for p in problems] == [(WarningKind.MARKDOWN, 8)]
    assert "no text" in problems[0].message


def test_link_without_text_gets_its_address_as_text_on_the_same_lines() -> None:
    source = "A [\n  ](https://a.gov/x) and ![](https://a.gov/i.png) and `[](https://c.gov)`\n"
    text, problems = repair_markdown(source)
    assert text == source.replace("[\n  ](", "[https://a.gov/x\n  ](", 1)
    assert [(p.kind, p.line) for p in problems] == [(WarningKind.MARKDOWN, 1)]


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


# -- Hugo image records (tests/roots/test-hugo: data/images/<uid>.yml) ---------------------


def remote_images(page) -> list[tuple[str, str]]:
    return [
        (box.get_text(" ", strip=True), box.select_one("a.cx-image-link")["href"])
        for box in page.select("article div.cx-remote-image")
    ]


def test_image_records_give_alt_caption_credit_and_the_url(hugo_build) -> None:
    page = hugo_build.page("news/pictures")
    record, own_alt, legacy = remote_images(page)
    assert record == (
        "Image: Five people around a table covered in sticky notes. The team at work. "
        "Credit: Example Agency. View the image (JPG)",
        "https://cdn.example.gov/files/team-photo.jpg",
    )
    # a file name in another case names the same record; the page's own alt wins
    assert own_alt[0].startswith("Image: Our own words for it. The team at work.")
    assert own_alt[1] == record[1]
    assert legacy == (
        "Image: A chart of visits. Visits per day. View the image",
        "https://cdn.example.gov/files/_legacy-img/2014/01/chart.png",
    )
    assert not page.select("article img")  # nothing is fetched from another host


def test_an_image_no_record_knows_warns_at_its_line(hugo_build) -> None:
    page = hugo_build.page("news/pictures")
    assert [d.get_text(strip=True) for d in page.select("div.cx-missing-image")] == [
        "Image: A lost picture"
    ]
    image_warnings = [w for w in hugo_build.warnings if "handbook.image" in w]
    assert len(image_warnings) == 1
    assert "news/pictures.md:12:" in image_warnings[0]
    assert "'nowhere-to-be-found'" in image_warnings[0]


def test_an_image_that_is_a_links_text_is_its_words_in_the_link(hugo_build) -> None:
    page = hugo_build.page("news/pictures")
    link = page.select_one('article a[href$="/big.jpg"]')
    assert link.get_text(strip=True) == "Image: A small chart."
    assert "](" not in page.find("article").get_text()


# -- the site's data: digital.gov's terms-of-service tables, API feeds, theme images --------


def _rows(table) -> list[list[str]]:
    rows = table.select("tbody tr")
    return [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in rows]


def test_terms_of_service_tables_come_from_the_sites_data(hugo_build) -> None:
    article = hugo_build.page("resources/terms-of-service").find("article")
    tables = article.select("table")
    captions = [t.caption.get_text(" ", strip=True).rstrip("¶ ") for t in tables]
    assert captions == [
        "Federal-compatible agreements",
        "Inactive agreements",
        "Cabinet agencies",
        "Other agencies",
    ]
    assert _rows(tables[0]) == [
        ["Example Video", "Video hosting", "Example Video agreement (PDF)", "07-2014"],
        ["Form | Builder", "Online forms", "Form | Builder agreement (Website)", "Not given"],
    ]
    hrefs = [a["href"] for a in tables[0].select("tbody a")]
    assert hrefs == [
        "https://video.example.com/",
        "https://cdn.example.gov/files/_legacy-img/2014/07/example-video-tos.pdf",
        "https://forms.example.com/",
        "https://forms.example.com/terms#government",
    ]
    assert _rows(tables[1]) == [
        ["Old Bookmarks", "Bookmarking. Closed down in 2023.", "None on file", "01-2013"]
    ]
    assert _rows(tables[3]) == [
        ["Example Board", "Sam Sample – Web manager", "sam.sample@board.example.gov"]
    ]
    mail = unquote(tables[2].select_one("tbody a")["href"])
    assert mail == "mailto:pat.example@agency.example.gov"
    assert not raw_shortcodes(article)


def test_theme_images_link_to_the_sites_address(hugo_build) -> None:
    article = hugo_build.page("resources/terms-of-service").find("article")
    assert [(t, href) for t, href in remote_images(article)] == [
        ("site-logo.png. View the image (PNG)", "https://hugo.example.gov/img/site-logo.png"),
        (
            "Image: The logo in white. site-logo-white.svg. View the image (SVG)",
            "https://hugo.example.gov/img/site-logo-white.svg",
        ),
    ]
    assert not article.select("img")


def test_api_feed_page_says_what_the_feed_was(hugo_build) -> None:
    article = hugo_build.page("services/api-authors").find("article")
    text = " ".join(article.get_text(" ").split())
    assert "this address served the site’s authors as a JSON feed" in text
    assert article.select_one('a[href$="authors/_index.html"]').get_text() == "all authors"
    assert not [w for w in hugo_build.warnings if "api-authors" in w]
