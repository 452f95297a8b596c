"""Helpers the tests share: building a site the way `make html` does, and reading it back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

if TYPE_CHECKING:
    from pypdf import PdfReader

REPO_ROOT = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository; ``CX_SHARED_DIR`` points elsewhere (a git worktree
#: one folder deeper than the main checkout).
SHARED_DIR = Path(os.environ.get("CX_SHARED_DIR") or REPO_ROOT.parent / "shared")
#: The small ``sphinx.testing`` projects (``test-<name>/``).
ROOTS = REPO_ROOT / "tests" / "roots"
SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")
# file:line: WARNING: message [type.subtype]
WARNING_LINE = re.compile(
    r"^(?P<location>.*?): (?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*)$"
)


@dataclass
class SiteBuild:
    """The result of one sphinx-build run."""

    outdir: Path
    returncode: int
    stderr: str
    stdout: str
    warnings: list[str] = field(default_factory=list)
    #: wall-clock time of the build
    seconds: float = 0.0

    def page(self, name: str) -> BeautifulSoup:
        """The built page *name* (``docs`` path without suffix) parsed."""
        path = self.outdir / f"{name}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[Path]:
        """Every content page written (not search, genindex, 404, redirects or static files)."""
        skip = {"search.html", "genindex.html", "404.html"}
        return sorted(
            p
            for p in self.outdir.rglob("*.html")
            if p.name not in skip
            and "_static" not in p.parts
            and "_sources" not in p.parts
            and not is_redirect_stub(p)
        )


def is_redirect_stub(path: Path) -> bool:
    """True for the small pages that send an old address on to its new page.

    A page of its own that moved (Hugo ``redirectto``) also sends its reader on, but it
    is a whole page, with its text: not a stub.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    return 'http-equiv="refresh"' in text[:2000].lower() and "<article" not in text


def build_site(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "html",
    strict: bool = True,
    confdir: Path = REPO_ROOT,
    extra: list[str] | None = None,
    hash_seed: int = 0,
    timeout: float | None = None,
) -> SiteBuild:
    """Run sphinx-build with the project's conf.py, as the Makefile does.

    *hash_seed* is Python's ``PYTHONHASHSEED``: another one orders sets of strings differently.
    *timeout* (seconds) fails a build that hangs rather than the whole suite.
    """
    # Sphinx colours its output when CI=true; tests read the words, not the colours.
    args = [str(SPHINX_BUILD), "-c", str(confdir), "-b", builder, "-n", "-q", "--no-color"]
    if strict:
        args += ["-W", "--keep-going"]
    args += [*(extra or []), str(srcdir), str(outdir)]
    paths = [str(REPO_ROOT / "_ext"), os.environ.get("PYTHONPATH", "")]
    pythonpath = os.pathsep.join(filter(None, paths))
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": pythonpath}
    start = time.monotonic()
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, check=False, timeout=timeout
    )
    seconds = time.monotonic() - start
    stderr, stdout = strip_colors(proc.stderr), strip_colors(proc.stdout)
    warnings = [line for line in stderr.splitlines() if WARNING_LINE.match(line)]
    return SiteBuild(outdir, proc.returncode, stderr, stdout, warnings, seconds)


def shared_or_skip() -> Path:
    """``../shared``; a user's clone without it skips, CI without it fails."""
    if SHARED_DIR.is_dir():
        return SHARED_DIR
    if os.environ.get("CI"):
        pytest.fail(f"CI must have {SHARED_DIR} beside the repository")
    pytest.skip(f"{SHARED_DIR} is absent (a user's clone): real-page tests need it")
    raise AssertionError  # unreachable


def make_project(tmp: Path, pages: dict[str, Path | str], *, title: str = "Test site") -> Path:
    """A docs/ folder holding *pages* unchanged and an index that lists them all."""
    srcdir = tmp / "docs"
    srcdir.mkdir(parents=True)
    names = []
    for name, content in pages.items():
        target = srcdir / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
        names.append(name)
    toctree = "\n".join(names)
    (srcdir / "index.md").write_text(
        f"---\ntitle: {title}\n---\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8"
    )
    return srcdir


MARKDOWN_URL = re.compile(r"\]\(\s*<?(https?://[^\s)>]+)")
HTML_ATTR_URL = re.compile(r"""href=["'](https?://[^"'\s]+)""")
# Hugo shortcode tags, and the link-like parameters in them (src=, url=, button-url=, …).
SHORTCODE_TAG = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
SHORTCODE_URL = re.compile(
    r"""\b(?:src|url|href|link|button-url)=["\u201c\u201d](https?://[^"\u201c\u201d\s]+)"""
)
CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)[^`].*?\1", re.DOTALL)


def prose_of_markdown(text: str) -> str:
    """*text* without fenced code blocks and inline code (URLs there are not links)."""
    kept: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        match = CODE_FENCE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)
        elif not fence:
            kept.append(line)
    return INLINE_CODE.sub(" ", "".join(kept))


def urls_in_markdown(text: str) -> set[str]:
    """Every absolute URL a Markdown page links to, outside code.

    ``[a](url)``, raw HTML ``href=``, and URL parameters of Hugo shortcodes
    (``{{< card-policy src="https://…" >}}``), which the reader must be able to follow.
    """
    prose = prose_of_markdown(text)
    urls = set(MARKDOWN_URL.findall(prose)) | set(HTML_ATTR_URL.findall(prose))
    for tag in SHORTCODE_TAG.findall(prose):
        urls |= set(SHORTCODE_URL.findall(tag))
    return urls


def hrefs_in_html(soup: BeautifulSoup) -> set[str]:
    """Every ``href`` in the page's main content."""
    article = soup.find("article") or soup
    return {a["href"] for a in article.find_all("a", href=True)}


def main_text(soup: BeautifulSoup) -> str:
    """What a reader sees in the page's main content, white space folded."""
    article = soup.find("article") or soup
    return " ".join(article.get_text(" ").split())


def heading_text(tag) -> str:
    """A heading's text as a reader sees it, without the permalink glyph."""
    parts = [s for s in tag.find_all(string=True) if not s.find_parent("a", class_="headerlink")]
    return " ".join("".join(parts).split())


@dataclass
class RootBuild:
    """A ``tests/roots/test-<name>`` project built in-process with sphinx.testing."""

    outdir: Path
    warnings: str

    def page(self, name: str) -> BeautifulSoup:
        """The built HTML page *name* parsed."""
        html = (self.outdir / f"{name}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    def text(self, name: str) -> str:
        """The text builder's page *name*."""
        return (self.outdir / f"{name}.txt").read_text(encoding="utf-8")

    def warning_at(self, where: str, message: str) -> str:
        """The one warning at ``file:line`` (e.g. ``area.md:4``) containing *message*."""
        hits = [
            line
            for line in self.warnings.splitlines()
            if re.search(rf"[/\\]{re.escape(where)}: WARNING: ", line) and message in line
        ]
        assert len(hits) == 1, (where, message, self.warnings)
        return hits[0]


def build_root(name: str, tmp: Path, builder: str = "html") -> RootBuild:
    """Copy ``tests/roots/test-<name>`` to *tmp* and build it with *builder*, in-process."""
    import io

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp / "src"
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    warning = io.StringIO()
    app = SphinxTestApp(builder, srcdir=srcdir, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    return RootBuild(Path(app.outdir), strip_colors(warning.getvalue()))


# -- tagged PDF (PDF/UA-1) ------------------------------------------------------------------


def pdf_ua_findings(path: Path, waived: tuple[str, ...] = ()) -> list[str]:
    """What the pdfua package finds to fix in *path*: every error, and the rest not *waived*."""
    from pdfua import Severity, validate

    return [
        f"{finding.rule_id}: {finding.message}"
        for finding in validate(str(path)).findings
        if finding.rule_id not in waived or finding.severity is Severity.ERROR
    ]


def flat_outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The PDF's bookmarks as ``(title, level)``, level 1 at the top."""
    found: list[tuple[str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((item.title, level))

    walk(reader.outline, 1)
    return found


@dataclass(frozen=True)
class PdfTags:
    """What a tagged PDF tells assistive technology about itself."""

    language: str
    marked: bool
    has_structure_tree: bool
    pdf_ua_part: str | None
    displays_title: bool


def pdf_tags(path: Path) -> PdfTags:
    """The language, tagging and PDF/UA identification of the PDF at *path*."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as xmp:
            part = xmp.get("pdfuaid:part")
        preferences = root.get("/ViewerPreferences", {})
        return PdfTags(
            language=str(root.get("/Lang", "")),
            marked=bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            has_structure_tree="/StructTreeRoot" in root,
            pdf_ua_part=part,
            displays_title=bool(preferences.get("/DisplayDocTitle", False)),
        )
