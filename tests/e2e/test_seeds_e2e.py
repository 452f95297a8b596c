"""End to end: the two seed pages, copied unchanged, build with our conf.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import (
    build_site,
    heading_text,
    hrefs_in_html,
    is_redirect_stub,
    main_text,
    make_project,
    urls_in_markdown,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def seeds_build(shared_dir, tmp_path_factory):
    seeds = sorted((shared_dir / "seeds").glob("*.md"))
    tmp = tmp_path_factory.mktemp("seeds")
    srcdir = make_project(tmp, {path.stem: path for path in seeds})
    result = build_site(srcdir, tmp / "html", strict=False)
    result.sources = {path.stem: path for path in seeds}
    return result


def test_seeds_build(seeds_build) -> None:
    assert seeds_build.returncode == 0, seeds_build.stderr
    written = {p.relative_to(seeds_build.outdir).as_posix() for p in seeds_build.pages()}
    # the two seeds, the index, seed 003's topic page and the topics index
    assert written == {
        "000_d3c6ec6c2fea7950.html",
        "003_aa1d836e22493dcd.html",
        "index.html",
        "topics/cx.html",
        "topics/index.html",
    }
    # and redirects from seed 003's old name (slug: customer-experience-toolkit)
    for stub in ("customer-experience-toolkit.html", "customer-experience-toolkit/index.html"):
        page = seeds_build.outdir / stub
        assert is_redirect_stub(page)
        assert "003_aa1d836e22493dcd.html" in page.read_text(encoding="utf-8")


#: ``path:line: WARNING: message [type]``: a warning that names its file and line.
LOCATED_WARNING = re.compile(
    r"^(?P<path>\S+\.md):(?P<line>\d+): WARNING: (?P<message>.+) \[(?P<type>[\w.]+)\]$"
)

#: The warnings the seeds are known to produce: (file, line, type) → text on that line.
KNOWN_WARNINGS = {
    ("000_d3c6ec6c2fea7950.md", 12, "handbook.timeline"): "This is a test",
    ("000_d3c6ec6c2fea7950.md", 14, "handbook.timeline"): "Here is another test",
    ("003_aa1d836e22493dcd.md", 7, "handbook.topic"): "cx",
    ("003_aa1d836e22493dcd.md", 9, "handbook.author"): "rflagg",
    ("003_aa1d836e22493dcd.md", 325, "handbook.markdown"): "[DHS CX Glossary]",
    ("003_aa1d836e22493dcd.md", 342, "handbook.ref"): "/communities",
}


def located_warnings(stderr: str) -> tuple[dict[tuple[str, int, str], str], list[str]]:
    """Every line sphinx-build wrote to stderr: the located warnings and the other lines."""
    located: dict[tuple[str, int, str], str] = {}
    other: list[str] = []
    for line in filter(str.strip, stderr.splitlines()):
        match = LOCATED_WARNING.match(line)
        if match:
            key = (Path(match["path"]).name, int(match["line"]), match["type"])
            located[key] = match["message"]
        else:
            other.append(line)
    return located, other


def test_every_warning_names_file_and_line(seeds_build) -> None:
    located, other = located_warnings(seeds_build.stderr)
    assert other == [], "every line on stderr is a warning naming a file and line"
    assert set(located) == set(KNOWN_WARNINGS)
    for (name, line, _type), text in KNOWN_WARNINGS.items():
        source = seeds_build.sources[Path(name).stem].read_text(encoding="utf-8")
        assert text in source.splitlines()[line - 1], (name, line, text)


def test_the_warning_check_fails_on_a_warning_without_a_line() -> None:
    stderr = (
        "/x/docs/003_aa1d836e22493dcd.md:9: WARNING: author 'rflagg' … [handbook.author]\n"
        "/x/docs/003_aa1d836e22493dcd.md: WARNING: no line here [handbook.author]\n"
        "WARNING: no file either\n"
    )
    located, other = located_warnings(stderr)
    assert list(located) == [("003_aa1d836e22493dcd.md", 9, "handbook.author")]
    assert len(other) == 2


def test_titles_become_h1(seeds_build) -> None:
    titles = {}
    for stem in seeds_build.sources:
        titles[stem] = heading_text(seeds_build.page(stem).find("article").find("h1"))
    assert sorted(titles.values()) == [
        "Customer Experience",
        "Customer Experience Toolkit",
    ]


def test_nothing_lost_every_url_is_a_link(seeds_build) -> None:
    for stem, path in seeds_build.sources.items():
        expected = urls_in_markdown(path.read_text(encoding="utf-8"))
        missing = expected - hrefs_in_html(seeds_build.page(stem))
        assert not missing, (stem, sorted(missing)[:5])


def test_weight_three_is_hugos_ordering_weight_not_a_warning(seeds_build) -> None:
    assert not any("WARNING: 'weight'" in w for w in seeds_build.warnings)


def test_no_raw_shortcodes_in_output(seeds_build) -> None:
    for page in seeds_build.pages():
        text = page.read_text(encoding="utf-8")
        assert "{{&lt;" not in text and "{{<" not in text, page.name


def test_seed_000_shows_one_timeline_of_four_phases(seeds_build) -> None:
    stem = next(s for s in seeds_build.sources if s.startswith("000"))
    soup = seeds_build.page(stem)
    timelines = soup.select("ol.cx-timeline")
    assert len(timelines) == 1
    phases = timelines[0].find_all("li", recursive=False)
    assert len(phases) == 4
    titles = [heading_text(p.find(class_="cx-timeline__title")) for p in phases]
    assert titles == ["0-6 months", "6-12 months", "12-18+ months", "Ongoing"]
    actions = [p.select("ul.cx-timeline__actions > li") for p in phases]
    assert [len(a) for a in actions] == [3, 3, 2, 1]
    assert " ".join(actions[1][1].get_text().split()) == (
        "Establish standards for user experience design and research, and incremental delivery"
    )
    # the front-matter placeholders are kept (after the page), not dropped
    assert "This is a test" in main_text(soup)


def test_seed_000_has_a_cta_button(seeds_build) -> None:
    stem = next(s for s in seeds_build.sources if s.startswith("000"))
    soup = seeds_build.page(stem)
    cta = soup.select_one("a.cx-cta")
    assert cta is not None
    assert cta["href"] == "https://connecticut-digital-services.github.io/work"


def test_seed_003_annotated_links_become_cards(seeds_build) -> None:
    stem = next(s for s in seeds_build.sources if s.startswith("003"))
    assert seeds_build.page(stem).select(".cx-resource-card")


def test_seed_text_reaches_the_reader(seeds_build) -> None:
    stem = next(s for s in seeds_build.sources if s.startswith("000"))
    text = main_text(seeds_build.page(stem))
    for phrase in (
        "Develop standards for content and style",
        "Continuous improvement",
        "Key Actions",
        "Overhaul CT.gov",
    ):
        assert phrase in text
