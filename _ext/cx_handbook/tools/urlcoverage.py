"""URL coverage: whether every URL a source page holds reaches the page built from it.

For each Markdown source under ``SRCDIR``, the absolute URLs (``http://``, ``https://``)
in its body and in its front-matter values are gathered, leaving out what a reader
never sees: YAML comments (``# See all topics at https://…``), HTML comments
(``<!-- … -->``) and Hugo comments (``{{/* … */}}``). Each URL is then looked for in
the page built from that source (``OUTDIR/<docname>.html``, or its ``index.html``):
in its main content (furo's ``<article>``; the whole file for a redirect page), as an
attribute (``href``, ``src``, a redirect's ``content``) or as text.

A URL counts as found in any of its usual spellings: HTML entities decoded, percent
escapes decoded, a trailing slash or not, ``http`` or ``https``, with or without
``www.``. Anything else is lost, and listed by page and by where it was written
(front-matter key or ``body``)::

    python -m cx_handbook.tools.urlcoverage SRCDIR OUTDIR [--min 99.5] [--show 20]

exits 1 when the share found is below ``--min``.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from ..sources.frontmatter import split_front_matter

URL = re.compile(r"""https?://[^\s<>"'`\\\]\[{}|^\u201c\u201d\u2018\u2019]+""", re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HUGO_COMMENT = re.compile(r"\{\{<?%?\s*/\*.*?\*/\s*%?>?\}\}", re.DOTALL)
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|])")
#: Entities with their semicolon only: ``&currentsidebar`` in a query is not ``¤tsidebar``.
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
TRAILING = ".,;:!?*_~'\""
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL | re.IGNORECASE)
BODY = "body"


@dataclass(frozen=True)
class UrlUse:
    """One URL written in a source page, and where: a front-matter key path or ``body``."""

    url: str
    where: str


@dataclass
class PageCoverage:
    """The URLs of one source page and which of them its built page lost."""

    source: str
    output: str | None
    urls: list[UrlUse] = field(default_factory=list)
    lost: list[UrlUse] = field(default_factory=list)


@dataclass
class Coverage:
    """URL coverage of a whole site."""

    pages: list[PageCoverage]

    @property
    def total(self) -> int:
        """How many URLs the sources hold (each page's distinct URLs)."""
        return sum(len(page.urls) for page in self.pages)

    @property
    def lost(self) -> list[tuple[str, UrlUse]]:
        """Every lost URL, with its source file."""
        return [(page.source, use) for page in self.pages for use in page.lost]

    @property
    def percent(self) -> float:
        """The share of URLs found in their built page, in percent (100 with none)."""
        total = self.total
        return 100.0 if total == 0 else 100.0 * (total - len(self.lost)) / total

    def lost_by_where(self) -> Counter[str]:
        """Lost URLs counted by where they were written (top-level key or ``body``)."""
        return Counter(use.where.split(".")[0] for _source, use in self.lost)

    def summary(self, show: int = 20) -> str:
        """A short report: the share found, lost URLs by key, and the first lost ones."""
        lost = self.lost
        lines = [
            f"{self.total - len(lost)} of {self.total} URLs found in their built page "
            f"({self.percent:.2f} %); {len(lost)} lost, in {len(self.pages)} source pages"
        ]
        for where, count in self.lost_by_where().most_common():
            lines.append(f"  {count:6d}  {where}")
        for source, use in lost[:show]:
            lines.append(f"  lost: {source} ({use.where}): {use.url}")
        return "\n".join(lines)


# -- URLs in a source page ------------------------------------------------------------


def clean_url(url: str) -> str:
    """A URL as written, without the punctuation around it that is not part of it."""
    url = ENTITY.sub(lambda m: html.unescape(m.group(0)), MARKDOWN_ESCAPE.sub(r"\1", url))
    depth = 0
    for index, char in enumerate(url):  # a ")" with no "(" ends a Markdown link
        depth += (char == "(") - (char == ")")
        if depth < 0:
            url = url[:index]
            break
    return url.rstrip(TRAILING)


def urls_in_text(text: str) -> Iterator[str]:
    """The absolute URLs in *text*, each cleaned of surrounding punctuation."""
    for match in URL.finditer(text):
        url = clean_url(match.group(0))
        if "://" in url and len(url.split("://", 1)[1]) > 0:
            yield url


def _values(data: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for value in data:
            yield from _values(value, path)
    elif isinstance(data, str):
        yield path, data


def source_urls(text: str) -> list[UrlUse]:
    """Every distinct URL of a source page, front matter first (comments left out)."""
    split = split_front_matter(text)
    uses: dict[str, UrlUse] = {}
    body = text
    if split.yaml_text is not None:
        try:
            data = yaml.safe_load(split.yaml_text)
        except yaml.YAMLError:
            data = None
        for where, value in _values(data, ""):
            for url in urls_in_text(value):
                uses.setdefault(url, UrlUse(url, where))
        body = _body_after_front_matter(text)
    body = HUGO_COMMENT.sub(" ", HTML_COMMENT.sub(" ", body))
    for url in urls_in_text(body):
        uses.setdefault(url, UrlUse(url, BODY))
    return list(uses.values())


def _body_after_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[index + 1 :])
    return ""


# -- the built page ---------------------------------------------------------------------


def spellings(url: str) -> set[str]:
    """The spellings under which *url* counts as present in a page's text."""
    base = {url, unquote(url), url.replace("&", "&amp;")}
    found: set[str] = set()
    for form in base:
        bare = re.sub(r"^https?://(www\.)?", "", form, flags=re.IGNORECASE)
        found |= {bare, bare.rstrip("/")}
    return {form for form in found if form}


def page_text(path: Path) -> str:
    """The part of a built page a reader sees (its ``<article>``), entities decoded."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    match = ARTICLE.search(raw)
    region = match.group(0) if match else raw
    return unquote(html.unescape(region))


def output_for(source: Path, srcdir: Path, outdir: Path) -> Path | None:
    """The HTML page built from *source* (``x.md`` → ``x.html`` or ``x/index.html``)."""
    docname = source.relative_to(srcdir).with_suffix("").as_posix()
    for candidate in (outdir / f"{docname}.html", outdir / docname / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def is_found(url: str, text: str) -> bool:
    """True when *url*, in one of its spellings, is in the page's *text*.

    A spelling must end where the URL ends: ``x.gov/a`` is not found in ``x.gov/ab``.
    """
    for form in spellings(url):
        pattern = re.escape(form) + r"/?(?![\w%/-]|\.\w)"
        if re.search(pattern, text, re.IGNORECASE):
            return True
    return False


def page_coverage(source: Path, srcdir: Path, outdir: Path) -> PageCoverage:
    """The URLs of *source* and those its built page lost."""
    uses = source_urls(source.read_text(encoding="utf-8", errors="replace"))
    output = output_for(source, srcdir, outdir)
    page = PageCoverage(str(source.relative_to(srcdir)), str(output) if output else None, uses)
    if not uses:
        return page
    text = page_text(output) if output is not None else ""
    page.lost = [use for use in uses if not is_found(use.url, text)]
    return page


def site_coverage(srcdir: Path, outdir: Path, sources: Iterable[Path] | None = None) -> Coverage:
    """URL coverage of every Markdown source under *srcdir* built into *outdir*."""
    files = sorted(sources if sources is not None else srcdir.rglob("*.md"))
    return Coverage([page_coverage(path, srcdir, outdir) for path in files])


def main(argv: Sequence[str] | None = None) -> int:
    """Print the coverage report; exit 1 below ``--min`` percent."""
    parser = argparse.ArgumentParser(prog="python -m cx_handbook.tools.urlcoverage")
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--min", type=float, default=0.0, help="fail below this percent")
    parser.add_argument("--show", type=int, default=20, help="lost URLs to list")
    args = parser.parse_args(argv)
    coverage = site_coverage(args.srcdir, args.outdir)
    print(coverage.summary(args.show))
    return 0 if coverage.percent >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
