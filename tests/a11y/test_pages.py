"""Every page, in every mode: zero axe violations, no third-party request, a weight budget.

Each page is loaded once per mode; that one visit runs axe and records the requests and
bytes, so the four modes cost four passes over the site, not twelve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import (
    AXE_TAGS,
    DOCS_PREFIX,
    MODES,
    SHARED_PREFIX,
    TRANSLATIONS,
    Mode,
    Site,
    new_context,
    site_files,
)

from helpers import REPO_ROOT

pytestmark = pytest.mark.a11y

#: What one page may transfer (HTML + CSS + JS + fonts + images; the PDF is a download).
PAGE_BUDGET = 150 * 1024
#: furo 2025.12.19's page.html, which _templates/page.html follows.
FURO_PAGE_SHA256 = "ad8bad98317b2e09e018cde7113e90a32b3a87e0440cfab385d1bb7ca1c9cd6d"

#: The language a reader's browser takes each part of the page to be in (``lang`` as
#: inherited): the page's, the H1's and the translation notice's, if there is one.
LANGUAGES = """() => {
  const langOf = (el) => (el && el.closest("[lang]") ? el.closest("[lang]").lang : null);
  const notice = document.querySelector("article .cx-translation-notice");
  return {
    page: document.documentElement.lang,
    h1: langOf(document.querySelector("article h1")),
    notice: notice ? [...notice.classList].find((c) => c.includes("--")) || "" : null,
    noticeLang: langOf(notice),
  };
}"""

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
    languages: dict[str, str | None] = field(default_factory=dict)

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
        visit.languages = page.evaluate(LANGUAGES)
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


#: Pages of the handbook that are not written in docs/: Sphinx's and ours (topic pages).
DOCS_GENERATED = {"search.html", "404.html", "topics/index.html", "topics/customer-experience.html"}
#: The seed and corpus site: every page a reader may land on. Expired corpus pages
#: (``expirydate`` in the past) are not built; generated topic pages are.
SHARED_PAGES = {
    "index.html",
    "search.html",
    "404.html",
    "components/cards.html",
    "seeds/000_d3c6ec6c2fea7950.html",
    "seeds/003_aa1d836e22493dcd.html",
    "ct/index.html",
    "ct/work.html",
    "ct/focus-area-customer-experience.html",
    "ct/focus-area-agile-procurement.html",
    "ct/dev-focus-area-talent-modernization.html",
    "digitalgov/2021-06-03-2021-user-experience-summit.html",
    "digitalgov/approach.html",
    "digitalgov/bilingual-glossaries-dictionaries-style-guides.html",
    "digitalgov/guidelines-for-digital-gov-event-presenters.html",
    "digitalgov/required-web-content-and-links.html",
    "digitalgov/topics-customer-experience-_index.html",
    "topics/index.html",
    "topics/customer-experience.html",
    "topics/plain-language.html",
}
#: Old addresses (``slug``, ``aliases``) and the page each one must lead to.
REDIRECTS = {
    "/cx-handbook/resources/customer-experience-toolkit/index.html": (
        "/cx-handbook/toolkit/customer-experience-toolkit.html"
    ),
    "/shared/seeds/customer-experience-toolkit.html": "/shared/seeds/003_aa1d836e22493dcd.html",
    "/shared/seeds/customer-experience-toolkit/index.html": (
        "/shared/seeds/003_aa1d836e22493dcd.html"
    ),
    "/shared/digitalgov/2021-user-experience-summit.html": (
        "/shared/digitalgov/2021-06-03-2021-user-experience-summit.html"
    ),
    "/shared/resources/spanish-language-style-guide-and-glossaries/index.html": (
        "/shared/digitalgov/bilingual-glossaries-dictionaries-style-guides.html"
    ),
}


def test_site_has_the_pages_under_test(site: Site) -> None:
    """Every page a reader can open is checked; a page that disappears fails here."""
    paths = {site.path_of(u) for u in site.urls if "?" not in u}  # not search results
    docs = REPO_ROOT / "docs"
    written = {md.relative_to(docs).with_suffix(".html").as_posix() for md in docs.rglob("*.md")}
    expected = {DOCS_PREFIX + p for p in written | DOCS_GENERATED}
    expected |= {SHARED_PREFIX + p for p in SHARED_PAGES}
    # The same pages again in every translation, which make html builds under <code>/.
    pages = written | DOCS_GENERATED
    expected |= {f"{DOCS_PREFIX}{code}/{p}" for code in TRANSLATIONS for p in pages}
    assert not expected - paths, f"pages not under test: {sorted(expected - paths)}"
    assert sum(p.startswith(f"{SHARED_PREFIX}topics/") for p in paths) >= 15
    # Redirect stubs are not pages (they are followed in their own test) ...
    redirects = {site.path_of(u) for u in site.redirects}
    assert not redirects & paths
    assert set(REDIRECTS) <= redirects, sorted(set(REDIRECTS) - redirects)
    # ... and nothing else is left out: each HTML file is a page or a redirect.
    files = sum(len(site_files(r, site.nested_in(r))) for r in site.roots.values())
    assert len(paths) + len(redirects) == files


def test_every_redirect_leads_to_a_page_under_test(browser, site: Site) -> None:
    """An old address opens a page that the other tests check (relative paths resolve)."""
    context = new_context(browser, MODES[0], site.origin)
    page = context.new_page()
    pages = {u.split("?")[0] for u in site.urls}
    wrong = []
    for url in site.redirects:
        page.goto(url, wait_until="load")
        page.wait_for_url(lambda landed, old=url: landed != old)
        page.wait_for_load_state("load")
        landed = page.url.split("#")[0]
        expected = REDIRECTS.get(site.path_of(url))
        if landed not in pages or (expected and site.path_of(landed) != expected):
            wrong.append(f"{site.path_of(url)} -> {site.path_of(landed)}")
    page.close()
    context.close()
    assert site.redirects
    assert not wrong, "\n".join(wrong)


def test_no_axe_violations(site: Site, visits) -> None:
    mode, pages = visits
    problems = [line for visit in pages for line in describe(site, mode, visit)]
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_every_page_says_its_language(site: Site, visits) -> None:
    """``lang`` as the browser reads it: Spanish pages are ``es``, English blocks ``en``."""
    mode, pages = visits
    wrong, untranslated = [], 0
    for visit in pages:
        path, found = site.path_of(visit.url), visit.languages
        code = next((c for c in TRANSLATIONS if path.startswith(f"{DOCS_PREFIX}{c}/")), "en")
        if found["page"] != code:
            wrong.append(f"{path} [{mode.id}]: html lang={found['page']!r}, not {code!r}")
        if found["notice"] is not None and found["noticeLang"] != code:
            wrong.append(f"{path} [{mode.id}]: notice in {found['noticeLang']!r}")
        if found["notice"] and found["notice"].endswith("--untranslated"):
            untranslated += 1
            if found["h1"] != "en":  # the page is shown in English
                wrong.append(f"{path} [{mode.id}]: English H1 in {found['h1']!r}")
    assert untranslated, "no untranslated Spanish page among the pages under test"
    assert not wrong, "\n".join(wrong)


def test_only_the_sites_own_origin_is_requested(site: Site, visits) -> None:
    mode, pages = visits
    foreign = [
        f"{site.path_of(v.url)} [{mode.id}] requested {r}"
        for v in pages
        for r in v.requests
        if site.is_foreign(r)
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


@pytest.mark.parametrize(
    ("depth", "heading"),
    [
        ("missing.html", "Page not found"),
        ("a/b/c/missing.html", "Page not found"),
        ("no/such/folder/", "Page not found"),
        ("es/a/b/missing.html", "Página no encontrada"),  # the Spanish site's own 404
    ],
)
def test_404_page_works_at_any_depth(browser, site: Site, depth: str, heading: str) -> None:
    context = new_context(browser, MODES[0], site.origin)
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(f"{site.origin}{DOCS_PREFIX}{depth}", wait_until="load")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == heading
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
