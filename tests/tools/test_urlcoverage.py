"""The URL-coverage tool: URLs of the sources, found or lost in the built pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cx_handbook.tools.urlcoverage import (
    UrlUse,
    clean_url,
    is_found,
    main,
    site_coverage,
    source_urls,
)
from helpers import build_root

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    result = build_root("urlcoverage", tmp_path_factory.mktemp("urlcoverage"))
    return result.outdir.parents[1], result.outdir


def test_source_urls_leave_comments_out():
    text = (Path(__file__).parents[1] / "roots/test-urlcoverage/news.md").read_text()
    assert source_urls(text) == [
        UrlUse("https://18f.gsa.gov/2019/12/03/long-term-teams/", "source_url"),
        UrlUse("https://lost.example/episode-1", "podcast_url"),
        UrlUse("https://www.example.gov/report.pdf", "body"),
        UrlUse("https://raw.example/page?a=1&b=2", "body"),
        UrlUse("https://bare.example/path", "body"),
    ]


def test_a_url_the_page_drops_is_lost(built):
    srcdir, outdir = built
    coverage = site_coverage(srcdir, outdir)
    assert coverage.total == 5
    assert [(source, use.url) for source, use in coverage.lost] == [
        ("news.md", "https://lost.example/episode-1")
    ]
    assert coverage.percent == pytest.approx(80.0)
    assert coverage.lost_by_where() == {"podcast_url": 1}


def test_command_fails_below_the_minimum(built, capsys):
    srcdir, outdir = built
    assert main([str(srcdir), str(outdir), "--min", "80"]) == 0
    assert main([str(srcdir), str(outdir), "--min", "99.5"]) == 1
    report = capsys.readouterr().out
    assert "4 of 5 URLs found in their built page (80.00 %); 1 lost" in report
    assert "lost: news.md (podcast_url): https://lost.example/episode-1" in report


def test_missing_output_page_loses_every_url(built, tmp_path):
    srcdir, _outdir = built
    assert site_coverage(srcdir, tmp_path).percent == 0.0


@pytest.mark.parametrize(
    ("written", "url"),
    [
        ("https://x.gov/a).", "https://x.gov/a"),
        ("https://x.gov/a_(b))and", "https://x.gov/a_(b)"),
        ("https://x.gov/a\\_b", "https://x.gov/a_b"),
        ("https://x.gov/?a=1&amp;b=2", "https://x.gov/?a=1&b=2"),
        ("https://x.gov/?v=2&currentsidebar=1", "https://x.gov/?v=2&currentsidebar=1"),
    ],
)
def test_clean_url(written, url):
    assert clean_url(written) == url


def test_spellings_and_boundaries():
    assert is_found("https://www.x.gov/a/", 'href="http://x.gov/a"')
    assert is_found("https://x.gov/a%20b", "see https://x.gov/a b")  # pages are decoded
    assert is_found("https://x.gov/a", "it is at https://x.gov/a.")
    assert not is_found("https://x.gov/a", 'href="https://x.gov/ab"')
    assert not is_found("https://x.gov/a", 'href="https://x.gov/a.html"')
