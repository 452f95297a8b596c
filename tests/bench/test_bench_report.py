"""The figures → tables part of the bench: exponents, ratios, the targets table (no timing)."""

from __future__ import annotations

import math

import pytest
from report import Measure, exponent, growth, render, targets, targets_table


def figures(**by_stack: dict[str, float]) -> dict[str, dict[str, Measure]]:
    """``ours={"cold": 30.0}`` → stack → scenario → a one-run Measure (peak 100 MB)."""
    return {
        stack: {name: Measure([value], [100.0]) for name, value in scenarios.items()}
        for stack, scenarios in by_stack.items()
    }


def test_exponent_of_linear_and_quadratic_growth() -> None:
    assert exponent(100, 10.0, 1000, 100.0) == pytest.approx(1.0)
    assert exponent(100, 1.0, 500, 25.0) == pytest.approx(2.0)


def test_growth_between_consecutive_sizes_and_first_to_last() -> None:
    results = {
        100: figures(ours={"cold": 8.0}),
        500: figures(ours={"cold": 40.0}),
        1000: figures(ours={"cold": 80.0}),
    }
    pairs = [(n1, n2, round(k, 2)) for n1, n2, k in growth(results, "ours", "cold")]
    assert pairs == [(100, 500, 1.0), (500, 1000, 1.0), (100, 1000, 1.0)]


def by_target(rows):
    return {row.target: row for row in rows}


def test_targets_are_computed_from_the_figures() -> None:
    results = {
        100: figures(ours={"cold": 7.6, "pdf": 30.0}, mkdocs={"cold": 1.8}),
        500: figures(
            ours={"cold": 31.2, "cold -j 2": 20.0, "warm": 0.8, "live": 0.4, "pdf": 200.0},
            mkdocs={"cold": 13.9},
            hugo={"live": 0.05},
        ),
    }
    rows = by_target(targets(results))
    cold_500 = rows["cold HTML at 500 pages ≤ 1.0× MkDocs Material"]
    assert cold_500.met is False
    assert cold_500.measured.startswith("1.44×")  # the -j 2 figure is ours at its best
    assert "-j 2" in cold_500.measured
    assert "-j 2, " in cold_500.measured and "serial 31.2 s, " in cold_500.measured
    cold_100 = rows["cold HTML at 100 pages ≤ 2.0× MkDocs Material"]
    assert cold_100.met is False
    assert cold_100.measured.startswith("4.22×")
    live_500 = rows["live preview at 500 pages: edit to page served, median ≤ 0.5 s"]
    assert live_500.met is True
    assert "`hugo server` 0.05 s" in live_500.measured
    assert rows["live preview at 1000 pages: edit to page served, median ≤ 0.5 s"].met is None
    assert rows["nothing changed: sphinx-build at 500 pages ≤ 1 s"].met is True
    assert rows["PDF of 500 pages ≤ 120 s"].met is False
    assert rows["PDF of 500 pages: peak memory ≤ 1.5 GB"].met is True
    linear = rows["PDF grows linearly (exponent ≤ 1.1)"]
    assert linear.met is False
    assert linear.measured == f"{math.log(200 / 30) / math.log(5):.2f} for 100→500 pages"


def test_a_target_met_exactly_at_its_limit_is_met() -> None:
    results = {500: figures(ours={"cold": 10.0}, mkdocs={"cold": 10.0})}
    assert by_target(targets(results))["cold HTML at 500 pages ≤ 1.0× MkDocs Material"].met


def test_targets_table_says_not_measured() -> None:
    table = targets_table(targets({}))
    assert table[:2] == ["| target | measured | met? |", "|---|---|---|"]
    assert all(row.endswith("| — |") for row in table[2:])


def test_render_writes_every_section_with_ratios_of_the_same_run() -> None:
    results = {
        100: figures(ours={"cold": 8.0, "warm": 1.5}, mkdocs={"cold": 2.0, "warm": 2.0}),
        500: figures(ours={"cold": 40.0}, mkdocs={"cold": 10.0}),
    }
    text = render(
        results, machine="2 cores", date="2026-12-02", command="make bench", runs=1, notes=["x"]
    )
    for heading in ("## Figures", "## Ratios (same run)", "## Growth", "## Against the targets"):
        assert heading in text
    assert "| 100 | cold | 8.00 s, 100 MB | 2.00 s, 100 MB |" in text
    assert "| 100 | cold | 4.00× |" in text
    assert "| 100 | nothing changed | 0.75× |" in text
    assert "- MkDocs Material: cold growth exponent 100→500 pages: 1.00" in text
    assert "Command: `make bench`" in text
    assert "- x" in text


def test_whole_site_targets() -> None:
    site = Measure([130.0], [1200.0], "4021 source pages, 5000 HTML files written")
    rows = by_target(targets({}, site))
    timed = rows["a whole site (hugo-site/content) cold ≤ 120 s"]
    assert timed.met is False
    assert timed.measured.startswith("130.0 s (4021 source pages")
    assert rows["a whole site: peak memory ≤ 1.5 GB"].met is True
    assert by_target(targets({}))["a whole site: peak memory ≤ 1.5 GB"].met is None
