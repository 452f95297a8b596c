"""End to end: a whole Hugo site (digital.gov, 4,021 pages) builds unchanged, nothing lost.

One build per session (``hugo_site_build`` in tests/conftest.py), as
`make html SRCDIR=../shared/hugo-site/content STRICT=0` makes it. Which pages Hugo
publishes is worked out here from the site's ``config.yml`` and each page's front
matter, with PyYAML and Hugo's rules, not with the handbook's model, so a page the
build leaves out (or keeps) by mistake fails.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from dateutil import parser as dateparser

from cx_handbook.tools.urlcoverage import site_coverage
from helpers import WARNING_LINE, SiteBuild

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RAW_SHORTCODE_MARKS = ("{{<", "{{&lt;", "{{%")
#: One warning per this many built pages, at most.
PAGES_PER_WARNING = 20
MIN_URL_COVERAGE = 99.5


def front_matter(path: Path) -> dict:
    """The page's YAML front matter, keys lower-cased as Hugo reads them ({} if none).

    Hugo skips a byte-order mark and blank lines before the front matter.
    """
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff \t\r\n").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    data = yaml.safe_load("\n".join(lines[1:end])) or {}
    return {str(key).lower(): value for key, value in data.items()}


def as_datetime(value: object) -> datetime:
    """A front-matter date as Hugo reads it: a date alone is midnight UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        moment = dateparser.parse(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def hugo_publishes(meta: dict, config: dict, now: datetime) -> bool:
    """Hugo's rules: drafts, expired pages and (without buildFuture) future pages stay out."""
    if meta.get("draft") is True and not config.get("builddrafts"):
        return False
    expiry = meta.get("expirydate") or meta.get("unpublishdate")
    if expiry and as_datetime(expiry) <= now and not config.get("buildexpired"):
        return False
    published = meta.get("publishdate") or meta.get("date")
    return not (published and as_datetime(published) > now and not config.get("buildfuture"))


@pytest.fixture(scope="module")
def site(hugo_site_build: SiteBuild, shared_dir: Path) -> SiteBuild:
    assert hugo_site_build.returncode == 0, hugo_site_build.stderr[-3000:]
    return hugo_site_build


@pytest.fixture(scope="module")
def content(shared_dir: Path) -> Path:
    return shared_dir / "hugo-site" / "content"


@pytest.fixture(scope="module")
def published(content: Path) -> tuple[list[Path], list[Path]]:
    """The source pages Hugo publishes, and those it leaves out."""
    raw = yaml.safe_load((content.parent / "config.yml").read_text(encoding="utf-8"))
    config = {str(key).lower(): value for key, value in raw.items()}
    now = datetime.now(UTC)
    sources = sorted(content.rglob("*.md"))
    kept = [p for p in sources if hugo_publishes(front_matter(p), config, now)]
    left_out = [p for p in sources if p not in set(kept)]
    return kept, left_out


def is_built(source: Path, content: Path, site: SiteBuild) -> bool:
    """True when the page built from *source* (``a/b.md`` → ``a/b.html``) was written."""
    return (site.outdir / source.relative_to(content).with_suffix(".html")).is_file()


def test_build_ends_cleanly(site: SiteBuild) -> None:
    assert "Traceback" not in site.stderr
    assert "Exception occurred" not in site.stderr
    print(f"whole site: {site.seconds:.0f} s, {len(site.warnings)} warnings")


def test_every_published_page_is_built_and_no_other(site, content, published) -> None:
    kept, left_out = published
    # The site has both: 4,021 sources, drafts and hundreds of expired events.
    assert len(kept) > 2000 and len(left_out) > 100
    missing = [str(p.relative_to(content)) for p in kept if not is_built(p, content, site)]
    assert not missing, f"{len(missing)} published pages not built: {missing[:10]}"
    built = [str(p.relative_to(content)) for p in left_out if is_built(p, content, site)]
    assert not built, f"{len(built)} drafts or expired pages built: {built[:10]}"


def test_no_raw_shortcode_in_any_page(site: SiteBuild) -> None:
    pages = sorted(site.outdir.rglob("*.html"))
    assert len(pages) > 2000
    raw = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if not any(mark in text for mark in RAW_SHORTCODE_MARKS):
            continue
        # Only text a reader sees counts: the search index script may quote anything.
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(["script", "style"]):
            tag.decompose()
        shown = str(soup)
        raw += [f"{path.relative_to(site.outdir)}: {m}" for m in RAW_SHORTCODE_MARKS if m in shown]
    assert not raw, "\n".join(raw[:20])


def test_url_coverage(site, content, published) -> None:
    kept, _left_out = published
    coverage = site_coverage(content, site.outdir, kept)
    print(coverage.summary(show=60))
    assert coverage.total > 5000
    assert coverage.percent >= MIN_URL_COVERAGE, coverage.summary(show=60)


def test_few_warnings_each_naming_file_and_line(site, published) -> None:
    kept, _left_out = published
    print("\n".join(site.warnings))
    assert len(site.warnings) <= len(kept) / PAGES_PER_WARNING, (
        f"{len(site.warnings)} warnings for {len(kept)} pages"
    )
    unplaced = []
    for line in site.warnings:
        location = WARNING_LINE.match(line).group("location")
        path, _, number = location.rpartition(":")
        if not (path.endswith(".md") and Path(path).is_file() and number.isdigit()):
            unplaced.append(line)
    assert not unplaced, "\n".join(unplaced[:20])
