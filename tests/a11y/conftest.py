"""The browser suite's fixtures: the built sites, served on 127.0.0.1, and one Chromium.

Two sites are under test: the real handbook (docs/, served at ``/cx-handbook/`` as
``html_baseurl`` says, its Spanish build under ``/cx-handbook/es/`` as `make html` lays it
out) and every seed and corpus page from ../shared, unchanged, built with our conf.py
(served at ``/shared/``). Each page is loaded once per mode (light or
dark colour scheme, desktop or phone width); one visit records axe's violations, every
request the page made and the bytes it transferred, and the tests read those records.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from helpers import REPO_ROOT, SiteBuild, build_site, is_redirect_stub, make_project

pytestmark = pytest.mark.a11y

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DOCS_PREFIX = "/cx-handbook/"
#: The handbook's translations, each built into ``<site>/<code>/`` (conf.py's
#: ``handbook_languages``; the Makefile's ``LANGUAGES``).
TRANSLATIONS = ("es",)
# Cards as writers make them with sphinx-design, beside the real pages: a linked card
# must be one tab stop however much it holds.
CARDS_PAGE = """---
title: Cards
---

::::{grid} 1 2 2 2
:::{grid-item-card} Journey mapping
:link: https://example.gov/journey-mapping

Map what a customer does, thinks and feels, step by step.
:::
:::{grid-item-card} Service blueprint
:link: https://example.gov/blueprint

See the people, tools and policies behind each step.
:::
::::
"""
SHARED_PREFIX = "/shared/"


@dataclass(frozen=True)
class Mode:
    """A colour scheme and a viewport width a reader may use."""

    scheme: str
    device: str
    width: int
    height: int

    @property
    def id(self) -> str:
        return f"{self.device}-{self.scheme}"


MODES = [
    Mode("light", "desktop", 1280, 800),
    Mode("dark", "desktop", 1280, 800),
    Mode("light", "phone", 390, 844),
    Mode("dark", "phone", 390, 844),
]


def _missing(what: str) -> None:
    """Fail in CI (the Makefile installs everything), skip with a hint elsewhere."""
    message = f"{what} is missing: run `make a11y` (it installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _missing("Debian's chromium")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        _missing("axe-core (node_modules/, installed by `npm ci`)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_build(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """Every seed and corpus page, unchanged, in one site built with our conf.py."""
    tmp = tmp_path_factory.mktemp("shared-site")
    pages: dict[str, Path] = {}
    for path in sorted((shared_dir / "seeds").glob("*.md")):
        pages[f"seeds/{path.stem}"] = path
    corpus = shared_dir / "corpus"
    for path in sorted(corpus.rglob("*.md")):
        if path.name != "SOURCES.md":
            pages[path.relative_to(corpus).with_suffix("").as_posix()] = path
    pages["components/cards"] = CARDS_PAGE
    srcdir = make_project(tmp, pages, title="Seed and corpus pages")
    for data in corpus.glob("*/_data"):
        shutil.copytree(data, srcdir / "_data", dirs_exist_ok=True)
    extra = ["-D", f"notfound_urls_prefix={SHARED_PREFIX}"]
    result = build_site(srcdir, tmp / "html", strict=False, extra=extra)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def docs_translations(docs_build: SiteBuild) -> dict[str, SiteBuild]:
    """docs/ in every other language, built into the English site's ``<code>/``."""
    built = {}
    for code in TRANSLATIONS:
        outdir = docs_build.outdir / code
        built[code] = build_site(REPO_ROOT / "docs", outdir, extra=["-D", f"language={code}"])
        assert built[code].returncode == 0, built[code].stderr
    return built


COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".inv"}


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves each site under its prefix, as a static host does.

    Text is gzipped when the browser accepts it (GitHub Pages and Read the Docs do the
    same), so Content-Length is what a reader transfers; ``X-Uncompressed-Length`` says
    what the file weighs. A missing page gets the site's 404.html with status 404.
    Nothing is cached: every page load fetches everything, as a first visit does.
    """

    sites: ClassVar[dict[str, Path]] = {}

    def _site(self) -> tuple[str, Path] | None:
        """The site whose prefix is the longest that starts the path (``/x/es/`` first)."""
        path = urlsplit(self.path).path
        found = [(p, d) for p, d in self.sites.items() if path.startswith(p)]
        return max(found, key=lambda site: len(site[0]), default=None)

    def translate_path(self, path: str) -> str:
        site = self._site()
        if site is None:
            return "/nonexistent"
        prefix, root = site
        self.directory = str(root)
        return super().translate_path("/" + path[len(prefix) :])

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        status = 200
        if not target.is_file():
            site = self._site()
            target = site[1] / "404.html" if site else Path("/nonexistent")
            status = 404
            if not target.is_file():
                self.send_error(404)
                return None
        raw = target.read_bytes()
        body = raw
        gzipped = target.suffix in COMPRESSIBLE and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if gzipped:
            body = gzip.compress(raw, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Uncompressed-Length", str(len(raw)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args) -> None:
        pass


#: Requests that never leave the page.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass
class Site:
    """The sites being served, the pages to visit and the old addresses that redirect.

    A redirect stub (``slug``, ``aliases``) sends the browser on at once, so it is
    not a page to check: visiting it would check the page it leads to, or nothing if
    the check raced the redirect. The stubs are kept apart, in ``redirects``.
    """

    origin: str
    roots: dict[str, Path]
    urls: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)

    def path_of(self, url: str) -> str:
        return url[len(self.origin) :]

    def is_foreign(self, request: str) -> bool:
        """True for a request to another host (data:, blob: and about: stay local)."""
        return not request.startswith((self.origin, *LOCAL_SCHEMES))

    def nested_in(self, root: Path) -> tuple[Path, ...]:
        """The sites served from folders inside *root* (its translations)."""
        return tuple(r for r in self.roots.values() if r != root and r.is_relative_to(root))


def site_files(root: Path, nested: tuple[Path, ...] = ()) -> list[Path]:
    """Every HTML file of a built site (search, 404 and redirect stubs included).

    The files of *nested* sites (a translation in ``<root>/es/``) are theirs, not its.
    """
    skip = {"_static", "_sources", "_images"}
    return sorted(
        p
        for p in root.rglob("*.html")
        if not skip & set(p.relative_to(root).parts)
        and not any(p.is_relative_to(n) for n in nested)
    )


def site_pages(root: Path, nested: tuple[Path, ...] = ()) -> list[str]:
    """Every HTML page of a built site (search and 404 included), relative to it."""
    files = site_files(root, nested)
    return [p.relative_to(root).as_posix() for p in files if not is_redirect_stub(p)]


def site_redirects(root: Path, nested: tuple[Path, ...] = ()) -> list[str]:
    """Every redirect stub of a built site, relative to it."""
    files = site_files(root, nested)
    return [p.relative_to(root).as_posix() for p in files if is_redirect_stub(p)]


@pytest.fixture(scope="session")
def site(
    docs_build: SiteBuild, docs_translations: dict[str, SiteBuild], shared_build: SiteBuild
) -> Iterator[Site]:
    assert docs_build.returncode == 0, docs_build.stderr
    roots = {DOCS_PREFIX: docs_build.outdir, SHARED_PREFIX: shared_build.outdir}
    for code, built in docs_translations.items():
        roots[f"{DOCS_PREFIX}{code}/"] = built.outdir
    handler = type("Handler", (_SiteHandler,), {"sites": roots})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    served = Site(origin, roots)
    for prefix, root in roots.items():
        nested = served.nested_in(root)
        served.urls += [f"{origin}{prefix}{page}" for page in site_pages(root, nested)]
        served.redirects += [f"{origin}{prefix}{page}" for page in site_redirects(root, nested)]
    # The search page with results, as a reader who searched sees it, in each language.
    served.urls.append(f"{origin}{DOCS_PREFIX}search.html?q=customer")
    for code in docs_translations:
        served.urls.append(f"{origin}{DOCS_PREFIX}{code}/search.html?q=encuestas")
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser, mode: Mode, origin: str):
    """A browser context for *mode*: its theme chosen before any page script runs."""
    context = browser.new_context(
        viewport={"width": mode.width, "height": mode.height},
        color_scheme=mode.scheme,
        reduced_motion="reduce",
    )
    context.add_init_script(f"localStorage.setItem('theme', '{mode.scheme}');")
    # Nothing leaves the machine: a request to another host is recorded, then refused.
    context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    return context
