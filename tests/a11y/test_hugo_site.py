"""A whole Hugo site (digital.gov, ../shared/hugo-site): axe on a fixed sample of 100 pages.

The site is the end-to-end test's build (``hugo_site_build``, kept between the two
pytest processes), served on its own at ``/`` as it would be published. Each sampled
page is loaded once per mode, light and dark at desktop width (phone widths would
double the time; the handbook's own pages are checked at both): zero axe violations,
no request to another host, and within the transfer budget.

The sample is chosen by a fixed rule from the sources, so it is the same on every run:
every section's landing page, the home page, a topic and an author page, the
longest pages, the newest events, the pages whose repairs axe once caught, then
pages evenly spaced through the rest, in path order, up to 100.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import AXE_TAGS, MODES, Site, _SiteHandler, new_context
from test_pages import AXE_RUN, PAGE_BUDGET, PageVisit

from helpers import SiteBuild, is_redirect_stub

pytestmark = pytest.mark.a11y

SAMPLE_SIZE = 100
LONGEST = 20
EVENTS = 10
#: A page where axe found a problem of the source, now repaired with a warning: a link
#: without text (``link-name``). The page with a heading without text
#: (``empty-heading``, 2014-10-14-recap-of-social-digital-search-webinar) has expired,
#: so it is not built; tests/sources/test_shortcodes.py builds that form.
REPAIRED = ("_archived/common-questions-about-dap-faq.html",)
TOPIC = "topics/customer-experience/_index.html"
DESKTOP_MODES = [mode for mode in MODES if mode.device == "desktop"]


def sends_reader_on(path: Path) -> bool:
    """A redirect stub, or a page that moved (``redirectto``): the browser leaves it at once."""
    head = path.read_text(encoding="utf-8", errors="replace")[:3000].lower()
    return is_redirect_stub(path) or 'http-equiv="refresh"' in head


def built_pages(content: Path, outdir: Path) -> list[tuple[str, Path]]:
    """(page, source) for every source page built as a page a reader stays on."""
    pages = []
    for source in sorted(content.rglob("*.md")):
        page = source.relative_to(content).with_suffix(".html").as_posix()
        path = outdir / page
        if path.is_file() and not sends_reader_on(path):
            pages.append((page, source))
    return pages


def sample(content: Path, outdir: Path) -> list[str]:
    """The fixed sample: the same rule, the same sources, the same 100 pages."""
    pages = built_pages(content, outdir)
    names = [page for page, _source in pages]
    chosen: list[str] = []

    def take(page: str) -> None:
        if page in names and page not in chosen and len(chosen) < SAMPLE_SIZE:
            chosen.append(page)

    take("_index.html")
    for page in names:  # every section's landing page
        if page.count("/") == 1 and page.endswith("/_index.html"):
            take(page)
    take(TOPIC)
    take(next(p for p in names if p.startswith("authors/") and p.count("/") == 2))
    for page in REPAIRED:
        take(page)
    by_size = sorted(pages, key=lambda ps: (-ps[1].stat().st_size, ps[0]))
    for page, _source in by_size[:LONGEST]:
        take(page)
    events = [p for p in names if p.startswith("events/") and not p.endswith("_index.html")]
    for page in sorted(events, reverse=True)[:EVENTS]:
        take(page)
    rest = [p for p in names if p not in chosen]
    step = max(1, len(rest) // (SAMPLE_SIZE - len(chosen)))
    for page in rest[::step]:
        take(page)
    return chosen


@pytest.fixture(scope="session")
def hugo_site(hugo_site_build: SiteBuild, shared_dir: Path) -> Iterator[Site]:
    """The Hugo site served on its own at ``/``, with the sample's URLs."""
    assert hugo_site_build.returncode == 0, hugo_site_build.stderr[-3000:]
    root = hugo_site_build.outdir
    handler = type("HugoHandler", (_SiteHandler,), {"sites": {"/": root}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sample(shared_dir / "hugo-site" / "content", root)
    yield Site(origin, {"/": root}, [f"{origin}/{page}" for page in pages])
    server.shutdown()
    server.server_close()


_visits: dict[str, list[PageVisit]] = {}


@pytest.fixture(scope="module", params=DESKTOP_MODES, ids=lambda m: m.id)
def hugo_visits(request, browser, hugo_site: Site, axe_source: str):
    """Every sampled page loaded once in the mode: axe's violations, requests, bytes."""
    mode = request.param
    if mode.id not in _visits:
        context = new_context(browser, mode, hugo_site.origin)
        page = context.new_page()
        current: list[PageVisit] = []
        page.on("request", lambda r: current[-1].requests.append(r.url))
        page.on("response", lambda r: current[-1].record(r.url, r.headers))
        for url in hugo_site.urls:
            current.append(PageVisit(url))
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, url
            page.evaluate(axe_source)
            current[-1].violations = page.evaluate(AXE_RUN, AXE_TAGS)
        context.close()
        _visits[mode.id] = current
    return mode, _visits[mode.id]


def test_sample_is_fixed_and_covers_what_it_says(hugo_site: Site, shared_dir: Path) -> None:
    pages = [hugo_site.path_of(u).lstrip("/") for u in hugo_site.urls]
    assert len(pages) == SAMPLE_SIZE == len(set(pages))
    assert pages == sample(shared_dir / "hugo-site" / "content", hugo_site.roots["/"])
    # every section's landing page (authors/ and topics/ send their reader on: redirectto)
    landings = [p for p in pages if p.count("/") == 1 and p.endswith("/_index.html")]
    assert {"news/_index.html", "events/_index.html", "guides/_index.html"} <= set(landings)
    assert len(landings) >= 8
    assert TOPIC in pages and set(REPAIRED) <= set(pages)
    assert any(p.startswith("authors/") and p.count("/") == 2 for p in pages)
    assert sum(p.startswith("events/20") for p in pages) >= EVENTS


def test_no_axe_violations_in_the_sample(hugo_site: Site, hugo_visits) -> None:
    mode, visits = hugo_visits
    assert len(visits) == SAMPLE_SIZE
    problems = [
        f"{hugo_site.path_of(v.url)} [{mode.id}] {x['id']} ({x['impact']}): {x['help']} -> "
        + ", ".join(x["targets"][:5])
        for v in visits
        for x in v.violations
    ]
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_sample_asks_no_other_host_and_fits_the_budget(hugo_site: Site, hugo_visits) -> None:
    _mode, visits = hugo_visits
    foreign = [
        f"{hugo_site.path_of(v.url)} requested {r}"
        for v in visits
        for r in v.requests
        if hugo_site.is_foreign(r)
    ]
    assert not foreign, "\n".join(foreign[:20])
    heaviest = max(visits, key=lambda v: v.weight)
    print(
        f"heaviest sampled page: {hugo_site.path_of(heaviest.url)} {heaviest.weight / 1024:.1f} KB"
    )
    over = [hugo_site.path_of(v.url) for v in visits if v.weight > PAGE_BUDGET]
    assert not over, f"over {PAGE_BUDGET // 1024} KB: {over}"
