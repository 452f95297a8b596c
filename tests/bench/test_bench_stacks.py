"""Each stack gets the same synthetic pages: same prose, whole navigation, its own config."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from generate import generate
from run import rotated
from stacks import (
    EDITED_PAGE,
    HUGO_LAYOUTS,
    STACKS,
    mkdocs_config,
    portable_markdown,
    read_outline,
    zensical_config,
)

PAGES = 12  # one full section would be 50: this makes one section of 12 pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("bench-site")
    generate(PAGES, site)
    for name in ("mkdocs", "zensical", "hugo"):
        STACKS[name].prepare(site)
    return site


def prose(text: str) -> list[str]:
    """The sentences of a page's paragraphs and lists (what a reader reads), in order."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    return re.findall(r"[A-Z][a-z]+(?: [a-z]+){3,}\.", body)


def test_outline_follows_the_toctrees(site: Path) -> None:
    outline = read_outline(site / "docs")
    assert [index.path for index, _ in outline.sections] == ["section-0/index.md"]
    members = outline.sections[0][1]
    assert [p.path for p in members] == [f"section-0/page-{n}.md" for n in range(PAGES)]
    assert members[1].title.startswith("Practice 1: ")


@pytest.mark.parametrize("name", ["mkdocs", "zensical", "hugo"])
def test_every_page_has_the_same_prose_in_every_stack(site: Path, name: str) -> None:
    stack, ours = STACKS[name], STACKS["ours"]
    pages = ["index.md", "section-0/index.md"] + [f"section-0/page-{n}.md" for n in range(PAGES)]
    for page in pages:
        mine = ours.source(site, page).read_text("utf-8")
        theirs = stack.source(site, page).read_text("utf-8")
        assert prose(mine), page
        assert prose(theirs) == prose(mine), (name, page)
    assert stack.source(site, EDITED_PAGE).is_file()


def test_translation_removes_toctrees_and_shortcodes_for_mkdocs(site: Path) -> None:
    for name in ("mkdocs", "zensical"):
        text = STACKS[name].source(site, EDITED_PAGE).read_text("utf-8")
        assert "{toctree}" not in text
        assert "{{<" not in text
        assert "!!! tip\n\n    " in text
        # the Hugo ref became a relative link to the page (by file name, as Hugo finds it)
        assert "[Hugo-style link](../section-0/page-2.md)" in text
        assert "\nicon:" not in text  # Material would look the CMS's icon name up


def test_hugo_keeps_its_shortcodes_and_section_indexes(site: Path) -> None:
    root = site / "hugo"
    assert (root / "content" / "_index.md").is_file()
    assert (root / "content" / "section-0" / "_index.md").is_file()
    assert not (root / "content" / "section-0" / "index.md").exists()
    text = STACKS["hugo"].source(site, EDITED_PAGE).read_text("utf-8")
    assert '{{< ref "page-2.md" >}}' in text
    assert '{{< note variant="tip" >}}' in text
    for name in HUGO_LAYOUTS:
        assert (root / "layouts" / name).is_file()
    # the navigation of every section and page is in the base template every page uses
    assert "range .Site.Home.Sections" in HUGO_LAYOUTS["baseof.html"]
    assert "range .Pages" in HUGO_LAYOUTS["baseof.html"]


def test_mkdocs_config_lists_every_page_in_order(site: Path) -> None:
    config = yaml.safe_load(mkdocs_config(read_outline(site / "docs")))
    assert config["theme"]["name"] == "material"
    assert config["nav"][0] == {"Home": "index.md"}
    (section,) = config["nav"][1].values()
    assert section[0] == "section-0/index.md"
    assert [next(iter(entry.values())) for entry in section[1:]] == [
        f"section-0/page-{n}.md" for n in range(PAGES)
    ]
    assert (site / "mkdocs" / "mkdocs.yml").read_text("utf-8") == mkdocs_config(
        read_outline(site / "docs")
    )


def test_zensical_config_has_the_same_navigation(site: Path) -> None:
    outline = read_outline(site / "docs")
    config = tomllib.loads(zensical_config(outline))["project"]
    mkdocs = yaml.safe_load(mkdocs_config(outline))
    assert config["nav"] == mkdocs["nav"]
    assert "admonition" in config["markdown_extensions"]


def test_titles_with_quotes_stay_valid_config() -> None:
    text = '---\ntitle: "Say \\"hi\\""\n---\n\nBody.\n'
    assert portable_markdown(text, "mkdocs", "a.md", {}) == text


def test_each_run_starts_with_the_next_stack() -> None:
    stacks = [STACKS[n] for n in ("ours", "mkdocs", "hugo")]
    orders = [[s.name for s in rotated(stacks, run)] for run in range(4)]
    assert orders == [
        ["ours", "mkdocs", "hugo"],
        ["mkdocs", "hugo", "ours"],
        ["hugo", "ours", "mkdocs"],
        ["ours", "mkdocs", "hugo"],
    ]


def test_profile_runs_by_default_at_500_pages() -> None:
    from run import parse_args

    assert parse_args(["--sizes", "100,500"]).profile == 500
    assert parse_args(["--sizes", "100"]).profile == 0
    assert parse_args(["--sizes", "100,500", "--profile", "0"]).profile == 0
    with pytest.raises(SystemExit):
        parse_args(["--stacks", "ours,jekyll"])


def test_notes_below_the_marker_survive_a_new_run(tmp_path: Path) -> None:
    from run import KEEP_MARKER, kept_notes

    results = tmp_path / "RESULTS.md"
    assert kept_notes(results) == ""
    results.write_text(f"# Old figures\n\n| a |\n\n{KEEP_MARKER}\n\nWhy the misses.\n")
    assert kept_notes(results) == "Why the misses."
