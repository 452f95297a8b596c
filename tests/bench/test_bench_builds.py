"""Each comparator builds its copy of a small handbook, and every page says what ours says.

Needs the comparators (`make bench-deps`); skipped without them. Builds, never times.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from generate import generate
from stacks import STACKS

COMPARATORS = ["mkdocs", "zensical", "hugo"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [name for name in COMPARATORS if not STACKS[name].available()]
    if missing:
        pytest.skip(f"comparators not installed ({', '.join(missing)}): run `make bench-deps`")
    site = tmp_path_factory.mktemp("bench-build")
    generate(4, site)
    for name in COMPARATORS:
        stack = STACKS[name]
        stack.prepare(site)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(stack.command(site), cwd=stack.cwd(site), check=True, env=env,
                       capture_output=True)  # fmt: skip
    return site


def words(html: Path) -> str:
    main = BeautifulSoup(html.read_text("utf-8"), "html.parser").find(["main", "article"])
    return re.sub(r"\s+", " ", main.get_text(" "))


@pytest.mark.parametrize("name", COMPARATORS)
def test_built_page_has_the_prose_and_the_whole_navigation(site: Path, name: str) -> None:
    stack = STACKS[name]
    html = stack.output(site) / stack.page_url() / "index.html"
    text = words(html)
    source = STACKS["ours"].source(site).read_text("utf-8")
    first_sentence = re.search(r"\n\n([A-Z][a-z]+(?: [a-z]+)+\.)", source.split("---\n", 2)[2])
    assert first_sentence.group(1) in text
    assert "Case study 1.5" in text  # the resource list
    assert "Week 4" in text  # the table
    page = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.find_all("a", href=True)}
    # page-1 is the page itself: its own navigation entry may link to "./"
    assert {"page-0", "page-2", "page-3"} <= linked, "every other page is in the navigation"
