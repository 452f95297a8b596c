"""Every page, in every mode: zero axe violations, no third-party request, a weight budget.

Each page is loaded once per mode; that one visit runs axe and records the requests and
bytes, so the four modes cost four passes over the site, not twelve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import AXE_TAGS, DOCS_PREFIX, MODES, Mode, Site, new_context

pytestmark = pytest.mark.a11y

#: What one page may transfer (HTML + CSS + JS + fonts + images; the PDF is a download).
PAGE_BUDGET = 150 * 1024
#: furo 2025.12.19's page.html, which _templates/page.html follows.
FURO_PAGE_SHA256 = "ad8bad98317b2e09e018cde7113e90a32b3a87e0440cfab385d1bb7ca1c9cd6d"
ALLOWED_SCHEMES = ("data:", "blob:", "about:")

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


@dataclass
class PageVisit:
    """What one page load in one mode showed."""

    url: str
    violations: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    transferred: dict[str, int] = field(default_factory=dict)
    uncompressed: dict[str, int] = field(default_factory=dict)

    def record(self, url: str, headers: dict[str, str]) -> None:
        self.transferred[url] = int(headers.get("content-length", 0))
        self.uncompressed[url] = int(headers.get("x-uncompressed-length", 0))

    @property
    def weight(self) -> int:
        """Bytes transferred (gzip where the host compresses), without the PDF."""
        return sum(size for url, size in self.transferred.items() if ".pdf" not in url)

    @property
    def raw_weight(self) -> int:
        return sum(size for url, size in self.uncompressed.items() if ".pdf" not in url)


def visit_all(browser, site: Site, mode: Mode, axe_source: str) -> list[PageVisit]:
    context = new_context(browser, mode, site.origin)
    visits = []
    page = context.new_page()
    current: list[PageVisit] = []
    page.on("request", lambda r: current[-1].requests.append(r.url))
    page.on("response", lambda r: current[-1].record(r.url, r.headers))
    for url in site.urls:
        visit = PageVisit(url)
        current.append(visit)
        page.goto(url, wait_until="load")
        if "search.html?q=" in url:  # results are written by script after load
            page.wait_for_selector(".search-summary")
        page.evaluate(axe_source)
        visit.violations = page.evaluate(AXE_RUN, AXE_TAGS)
        visits.append(visit)
    page.close()
    context.close()
    return visits


_cache: dict[str, list[PageVisit]] = {}


def visited(browser, site: Site, mode: Mode, axe_source: str) -> tuple[Mode, list[PageVisit]]:
    """Every page visited in *mode*, once per session."""
    if mode.id not in _cache:
        _cache[mode.id] = visit_all(browser, site, mode, axe_source)
    return mode, _cache[mode.id]


@pytest.fixture(scope="session", params=MODES, ids=lambda m: m.id)
def visits(request, browser, site: Site, axe_source: str) -> tuple[Mode, list[PageVisit]]:
    return visited(browser, site, request.param, axe_source)


def describe(site: Site, mode: Mode, visit: PageVisit) -> list[str]:
    lines = []
    for v in visit.violations:
        targets = ", ".join(v["targets"][:5]) + (" …" if len(v["targets"]) > 5 else "")
        lines.append(
            f"{site.path_of(visit.url)} [{mode.id}] {v['id']} ({v['impact']}): "
            f"{v['help']} -> {targets}"
        )
    return lines


def test_site_has_the_pages_under_test(site: Site) -> None:
    paths = [site.path_of(u) for u in site.urls]
    assert "/cx-handbook/index.html" in paths
    assert "/cx-handbook/search.html" in paths
    assert "/cx-handbook/404.html" in paths
    assert sum(p.startswith("/shared/seeds/") for p in paths) == 2
    assert len(paths) >= 25


def test_no_axe_violations(site: Site, visits) -> None:
    mode, pages = visits
    problems = [line for visit in pages for line in describe(site, mode, visit)]
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_only_the_sites_own_origin_is_requested(site: Site, visits) -> None:
    mode, pages = visits
    foreign = [
        f"{site.path_of(v.url)} [{mode.id}] requested {r}"
        for v in pages
        for r in v.requests
        if not r.startswith(site.origin) and not r.startswith(ALLOWED_SCHEMES)
    ]
    assert not foreign, "\n".join(foreign)


def test_every_page_fits_the_transfer_budget(browser, site: Site, axe_source: str) -> None:
    _mode, pages = visited(browser, site, MODES[0], axe_source)
    # A search with results also fetches the pages it quotes: that is the reader's action.
    loads = [v for v in pages if "?q=" not in v.url]
    heaviest = max(loads, key=lambda v: v.weight)
    print(
        f"heaviest page: {site.path_of(heaviest.url)} {heaviest.weight / 1024:.1f} KB "
        f"transferred ({heaviest.raw_weight / 1024:.1f} KB uncompressed)"
    )
    over = [
        f"{site.path_of(v.url)}: {v.weight / 1024:.1f} KB "
        f"(largest: {sorted(v.transferred.items(), key=lambda kv: -kv[1])[:3]})"
        for v in loads
        if v.weight > PAGE_BUDGET
    ]
    assert not over, f"over {PAGE_BUDGET // 1024} KB:\n" + "\n".join(over)


@pytest.mark.parametrize("depth", ["missing.html", "a/b/c/missing.html", "no/such/folder/"])
def test_404_page_works_at_any_depth(browser, site: Site, depth: str) -> None:
    context = new_context(browser, MODES[0], site.origin)
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(f"{site.origin}{DOCS_PREFIX}{depth}", wait_until="load")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Page not found"
    # Styled (furo's CSS arrived) and every asset and link resolved from the site root.
    assert page.locator(".sidebar-drawer").is_visible()
    assert failed == [response.url]
    home = page.locator(".sidebar-brand").get_attribute("href")
    assert page.goto(f"{site.origin}{home}" if home.startswith("/") else home).status == 200
    context.close()


def test_furo_page_template_is_the_one_our_override_follows() -> None:
    """_templates/page.html copies furo's page body: re-apply our changes on upgrade."""
    import hashlib

    import furo

    source = Path(furo.__file__).parent / "theme" / "furo" / "page.html"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert digest == FURO_PAGE_SHA256, (
        "furo's page.html changed: copy its new body into _templates/page.html and "
        "re-apply the changes listed at the top of that file, then update this digest"
    )
