"""One table of link forms, through every way a page can link: the same href from each."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

pytestmark = pytest.mark.sphinx

#: (form, target as written on a page in ``from/``, the href expected; None: no page).
FORMS: list[tuple[str, str, str | None]] = [
    ("relative", "../guides/target", "../guides/target.html"),
    ("site-absolute with slash", "/guides/target/", "../guides/target.html"),
    ("site-absolute without slash", "/guides/target", "../guides/target.html"),
    ("a .md name", "/guides/target.md", "../guides/target.html"),
    ("x/index", "/guides/index", "../guides/index.html"),
    ("slug", "/news/the-target", "../guides/target.html"),
    ("alias", "/old/path/", "../guides/target.html"),
    ("Hugo ref path", "guides/target.md", "../guides/target.html"),
    ("file basename", "target.md", "../guides/target.html"),
    ("with an anchor", "target.md#part", "../guides/target.html#part"),
    ("Hugo section, site-absolute", "/section/", "../section/_index.html"),
    ("Hugo section as its _index.md", "/section/_index.md", "../section/_index.html"),
    ("relative to a Hugo section", "../section/member", "../section/member.html"),
    ("missing path", "/no/such/page/", None),
    ("missing file", "gone.md", None),
]
BASE_URL = "https://example.gov/hb/"


def _label(index: int) -> str:
    return f"Link{index}"


def _cta_directive() -> str:
    return "# CTA directive\n\n" + "".join(
        f"```{{cta}} {_label(i)}\n:url: {target}\n```\n\n" for i, (_, target, _) in enumerate(FORMS)
    )


def _cards() -> str:
    cards = "".join(
        f"    - title: {_label(i)}\n      href: {target}\n"
        for i, (_, target, _) in enumerate(FORMS)
    )
    return f"---\ntitle: Cards\nfeatured_links:\n  title: Links\n  resources:\n{cards}---\n"


def _body(title: str, line: str) -> str:
    return f"# {title}\n\n" + "".join(
        line.format(label=_label(i), target=target) + "\n\n"
        for i, (_, target, _) in enumerate(FORMS)
    )


#: Entry point → the pages (name → text) that write every form that way.
ENTRY_POINTS: dict[str, dict[str, str]] = {
    "cta directive": {"cta": _cta_directive()},
    "front-matter cta_link": {
        f"fm-{i}": f"---\ntitle: FM {i}\ncta: {_label(i)}\ncta_link: {target}\n---\n"
        for i, (_, target, _) in enumerate(FORMS)
    },
    "front-matter cards": {"cards": _cards()},
    "Hugo ref in a Markdown link": {"ref": _body("Refs", '[{label}]({{{{< ref "{target}" >}}}})')},
    "Hugo ref in raw HTML": {
        "raw": _body("Raw", '<a href="{{{{< relref "{target}" >}}}}">{label}</a>')
    },
    "Markdown link": {"markdown": _body("Markdown", "[{label}]({target})")},
}
#: Entry points whose missing links are buttons: they point under the base URL.
BUTTONS = {"cta directive", "front-matter cta_link", "front-matter cards"}


@dataclass
class Built:
    outdir: Path
    warnings: list[str]

    def links(self, page: str) -> dict[str, str | None]:
        """Link text → href (None when the text is there without a link)."""
        html = (self.outdir / "from" / f"{page}.html").read_text(encoding="utf-8")
        main = BeautifulSoup(html, "html.parser").body
        found: dict[str, str | None] = {}
        for i in range(len(FORMS)):
            label = _label(i)
            anchor = main.find("a", string=label) or next(
                (a for a in main.find_all("a") if a.get_text(strip=True) == label), None
            )
            if anchor is not None:
                found[label] = anchor.get("href")
            elif label in main.get_text():
                found[label] = None
        return found


@pytest.fixture(scope="module")
def built(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    srcdir = tmp_path_factory.mktemp("links") / "src"
    shutil.copytree(rootdir / "test-links", srcdir)
    (srcdir / "from").mkdir()
    for pages in ENTRY_POINTS.values():
        for name, text in pages.items():
            (srcdir / "from" / f"{name}.md").write_text(text, encoding="utf-8")
    warning = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(Path(app.outdir), strip_colors(warning.getvalue()).splitlines())


def _href(entry: str, built: Built, index: int) -> str | None:
    pages = ENTRY_POINTS[entry]
    page = f"fm-{index}" if entry == "front-matter cta_link" else next(iter(pages))
    links = built.links(page)
    assert _label(index) in links, (entry, index, links)
    return links[_label(index)]


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize(("form", "target", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_every_entry_point_links_every_form_to_the_same_page(
    built: Built, entry: str, form: str, target: str, expected: str | None
) -> None:
    index = FORMS.index((form, target, expected))
    href = _href(entry, built, index)
    if expected is not None:
        assert href == expected, (entry, form, href)
    elif entry in BUTTONS:
        assert href == BASE_URL + target.lstrip("/"), (entry, form, href)
    else:
        assert href is None, (entry, form, href)  # the text stays, without a link


def _warnings_for(built: Built, target: str) -> list[str]:
    return [w for w in built.warnings if f"link {target!r} names no page in this handbook" in w]


@pytest.mark.parametrize("target", [t for _, t, e in FORMS if e is None])
def test_a_missing_page_warns_once_per_link_with_file_and_line(built: Built, target: str) -> None:
    warnings = _warnings_for(built, target)
    index = next(i for i, (_, t, _) in enumerate(FORMS) if t == target)
    pages = {"cta", f"fm-{index}", "cards", "ref", "raw", "markdown"}  # one per entry point
    found = {re.search(r"[/\\]from[/\\]([\w-]+)\.md:", w).group(1) for w in warnings}
    assert len(warnings) == len(ENTRY_POINTS) and found == pages, warnings
    for line in warnings:
        assert re.search(r"[/\\]from[/\\][\w-]+\.md:\d+: WARNING: ", line), line
        assert line.endswith("[handbook.ref]"), line
    assert not [w for w in built.warnings if "myst.xref_missing" in w]


def test_warnings_name_the_line_of_the_link(built: Built) -> None:
    index = next(i for i, (_, _, e) in enumerate(FORMS) if e is None)
    target = FORMS[index][1]
    lines = {
        re.search(r"[/\\]from[/\\]([\w-]+\.md:\d+)", w).group(1)
        for w in _warnings_for(built, target)
    }
    # Each form sits in its own paragraph, two lines apart, after the "# Title" line.
    body_line = 3 + 2 * index
    assert {f"ref.md:{body_line}", f"raw.md:{body_line}", f"markdown.md:{body_line}"} <= lines
    assert f"cta.md:{3 + 4 * index}" in lines
    assert f"fm-{index}.md:4" in lines
    assert "cards.md:3" in lines  # the block's key


def test_only_missing_pages_warn(built: Built) -> None:
    ours = [w for w in built.warnings if "WARNING" in w]
    missing = [t for _, t, e in FORMS if e is None]
    assert all(any(f"link {t!r}" in w for t in missing) for w in ours), ours


def test_links_to_anchors_on_the_same_page_stay_myst(built: Built) -> None:
    """``[x](#id)`` to a label or a heading on the page is MyST's, never a page link."""
    html = (built.outdir / "guides" / "anchors.html").read_text(encoding="utf-8")
    hrefs = {
        a.get_text(strip=True): a.get("href")
        for a in BeautifulSoup(html, "html.parser").find_all("a")
    }
    assert hrefs["the labelled section"] == "#kept-label"
    assert hrefs["the deep heading"] == "#a-heading-myst-gives-no-slug"
    assert not [w for w in built.warnings if "anchors.md" in w]


def test_a_link_to_an_id_in_the_pages_own_raw_html_is_an_anchor(hugo_build) -> None:
    page = hugo_build.page("services/faq")
    link = page.select_one("article li a")
    assert (link["href"], link.get_text(strip=True)) == ("#part-7", "User agreement")
    assert page.find(id="part-7") is not None
    assert not [w for w in hugo_build.warnings if "services/faq.md" in w]


def test_a_ref_to_a_page_left_out_says_why_and_goes_where_hugo_sends_it(hugo_build) -> None:
    page = hugo_build.page("services/old-news")
    link = page.select_one("article p a")
    # config.yml's refLinksNotFoundURL, as Hugo links a ref it cannot resolve
    assert (link.get_text(), link["href"]) == (
        "the expired post",
        "https://hugo.example.gov/resources/",
    )
    (warning,) = [w for w in hugo_build.warnings if "services/old-news.md" in w]
    assert ":5: WARNING: link 'expired-post.md' names a page left out of this build" in warning
    assert "because it expired on 2020-01-01 (expirydate)" in warning
    assert "(refLinksNotFoundURL) instead" in warning
    assert not (hugo_build.outdir / "news" / "expired-post.html").exists()
