"""The figures of one bench run and the Markdown written into RESULTS.md (pure: no builds).

``Results`` maps a size (pages) to stack name to scenario to :class:`Measure`. Scenarios:
``cold``, ``warm`` (nothing changed), ``edit`` (one page edited), ``cold -j 2`` (Sphinx
stacks), ``pdf`` (ours), ``live`` (latency of each edit in a running preview server:
``make livehtml`` for ours, ``hugo server`` for Hugo) and ``live start`` (its first build).
The "against the targets" table is computed here from those figures.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from itertools import pairwise

SCENARIOS = {
    "cold": "cold",
    "cold -j 2": "cold, -j 2",
    "warm": "nothing changed",
    "edit": "one page edited (a new build)",
    "live": "live preview: edit to page served (median)",
    "live start": "live preview: first build served",
    "pdf": "PDF",
}
LABELS = {
    "ours": "ours",
    "baseline": "baseline",
    "plain": "plain Sphinx+MyST+furo",
    "mkdocs": "MkDocs Material",
    "zensical": "Zensical",
    "hugo": "Hugo",
}
#: Targets of issue #15.
COLD_RATIO_500 = 1.0
COLD_RATIO_100 = 2.0
LIVE_SECONDS = 0.5
WARM_SECONDS = 1.0
PDF_SECONDS = 120.0
PDF_PEAK_MB = 1536.0
LINEAR_EXPONENT = 1.1
SITE_SECONDS = 120.0
SITE_PEAK_MB = 1536.0
#: digital.gov's theme is not in ../shared, so Hugo's figure for the real site is the issue's.
HUGO_WHOLE_SITE = "12.4 s"


@dataclass
class Measure:
    """Wall seconds and peak memory (MB, whole process tree) of each run of one scenario."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    note: str = ""

    def add(self, seconds: float, peak_mb: float) -> None:
        """One more run."""
        self.seconds.append(seconds)
        self.peak_mb.append(peak_mb)

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def peak(self) -> float:
        """Largest peak memory seen."""
        return max(self.peak_mb) if self.peak_mb else math.nan


Results = dict[int, dict[str, dict[str, Measure]]]


def figure(results: Results, pages: int, stack: str, scenario: str) -> Measure | None:
    """One measured scenario, or None when it was not run."""
    found = results.get(pages, {}).get(stack, {}).get(scenario)
    return found if found and found.seconds else None


def seconds(value: float) -> str:
    """A duration with the precision it deserves."""
    if math.isnan(value):
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def cell(measure: Measure | None) -> str:
    """``12.3 s, 410 MB`` (and min–max over several runs)."""
    if measure is None:
        return ""
    text = seconds(measure.median)
    if len(measure.seconds) > 1:
        text += f" ({min(measure.seconds):.2f}–{max(measure.seconds):.2f})"
    return f"{text}, {measure.peak:.0f} MB"


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    """The growth exponent k of t ∝ n^k between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def growth(results: Results, stack: str, scenario: str) -> list[tuple[int, int, float]]:
    """Exponents between consecutive sizes (and first→last when there are more than two)."""
    points = [(n, m.median) for n in sorted(results) if (m := figure(results, n, stack, scenario))]
    pairs = list(pairwise(points))
    if len(points) > 2:
        pairs.append((points[0], points[-1]))
    return [(n1, n2, exponent(n1, t1, n2, t2)) for (n1, t1), (n2, t2) in pairs]


def stacks_in(results: Results) -> list[str]:
    """Every stack measured, in the order of LABELS."""
    seen = {stack for by_stack in results.values() for stack in by_stack}
    return [s for s in LABELS if s in seen]


def figures_table(results: Results) -> list[str]:
    """Every scenario at every size, one column per stack."""
    stacks = stacks_in(results)
    lines = [
        "| pages | scenario | " + " | ".join(LABELS[s] for s in stacks) + " |",
        "|---|---|" + "---|" * len(stacks),
    ]
    for pages in sorted(results):
        for scenario, label in SCENARIOS.items():
            cells = [cell(figure(results, pages, s, scenario)) for s in stacks]
            if any(cells):
                lines.append(f"| {pages} | {label} | " + " | ".join(cells) + " |")
    return lines


def ratio_table(results: Results) -> list[str]:
    """Ours ÷ each other stack, scenario by scenario, figures of the same run."""
    others = [s for s in stacks_in(results) if s != "ours"]
    if not others:
        return []
    lines = [
        "| pages | scenario | " + " | ".join(f"ours ÷ {LABELS[s]}" for s in others) + " |",
        "|---|---|" + "---|" * len(others),
    ]
    for pages in sorted(results):
        for scenario in ("cold", "warm", "edit", "live"):
            ours = figure(results, pages, "ours", scenario)
            if ours is None:
                continue
            cells = []
            for other in others:
                theirs = figure(results, pages, other, scenario)
                cells.append(f"{ours.median / theirs.median:.2f}×" if theirs else "")
            if any(cells):
                lines.append(f"| {pages} | {SCENARIOS[scenario]} | " + " | ".join(cells) + " |")
    return lines


def growth_lines(results: Results) -> list[str]:
    """The growth exponents of cold builds (every stack) and the PDF."""
    lines = []
    for stack in stacks_in(results):
        for scenario in ("cold", "pdf"):
            for n1, n2, k in growth(results, stack, scenario):
                lines.append(
                    f"- {LABELS[stack]}: {SCENARIOS[scenario]} growth exponent "
                    f"{n1}→{n2} pages: {k:.2f}"
                )
    return lines or ["- One size only: no growth exponent."]


@dataclass(frozen=True)
class Target:
    """One row of "against the targets": met is None when the figure was not measured."""

    target: str
    measured: str
    met: bool | None


def best_cold(results: Results, pages: int) -> tuple[Measure | None, str]:
    """Our fastest way to build cold at *pages*: serial or ``-j 2``."""
    options = [
        (m, how)
        for scenario, how in (("cold", "serial"), ("cold -j 2", "-j 2"))
        if (m := figure(results, pages, "ours", scenario))
    ]
    if not options:
        return None, ""
    return min(options, key=lambda option: option[0].median)


def cold_target(results: Results, pages: int, limit: float) -> Target:
    """Our cold build at most *limit* × MkDocs Material's at *pages* pages."""
    target = f"cold HTML at {pages} pages ≤ {limit:.1f}× MkDocs Material"
    ours, how = best_cold(results, pages)
    theirs = figure(results, pages, "mkdocs", "cold")
    if ours is None or theirs is None:
        return Target(target, "not measured", None)
    ratio = ours.median / theirs.median
    serial = figure(results, pages, "ours", "cold")
    detail = (
        f"; serial {seconds(serial.median)}, {serial.peak:.0f} MB"
        if serial and how != "serial"
        else ""
    )
    return Target(
        target,
        f"{ratio:.2f}× (ours {seconds(ours.median)} {how}, {ours.peak:.0f} MB{detail}; "
        f"MkDocs {seconds(theirs.median)}, {theirs.peak:.0f} MB)",
        ratio <= limit,
    )


def live_target(results: Results, pages: int) -> Target:
    """The writer's edit loop at *pages* pages."""
    target = f"live preview at {pages} pages: edit to page served, median ≤ {LIVE_SECONDS} s"
    ours = figure(results, pages, "ours", "live")
    if ours is None:
        return Target(target, "not measured", None)
    hugo = figure(results, pages, "hugo", "live")
    anchor = f"; `hugo server` {seconds(hugo.median)}" if hugo else ""
    return Target(
        target,
        f"{seconds(ours.median)} (median of {len(ours.seconds)} edits, "
        f"{min(ours.seconds):.2f}–{max(ours.seconds):.2f}; {ours.peak:.0f} MB{anchor})",
        ours.median <= LIVE_SECONDS,
    )


def targets(results: Results, whole_site: Measure | None = None) -> list[Target]:
    """The targets of issue #15, each from the figures of this run."""
    rows = [cold_target(results, 500, COLD_RATIO_500), cold_target(results, 100, COLD_RATIO_100)]
    rows += [live_target(results, 500), live_target(results, 1000)]
    warm = figure(results, 500, "ours", "warm")
    rows.append(
        Target(
            f"nothing changed: sphinx-build at 500 pages ≤ {WARM_SECONDS:.0f} s",
            f"{seconds(warm.median)}, {warm.peak:.0f} MB" if warm else "not measured",
            warm.median <= WARM_SECONDS if warm else None,
        )
    )
    pdf = figure(results, 500, "ours", "pdf")
    rows.append(
        Target(
            f"PDF of 500 pages ≤ {PDF_SECONDS:.0f} s",
            seconds(pdf.median) if pdf else "not measured",
            pdf.median <= PDF_SECONDS if pdf else None,
        )
    )
    rows.append(
        Target(
            f"PDF of 500 pages: peak memory ≤ {PDF_PEAK_MB / 1024:.1f} GB",
            f"{pdf.peak:.0f} MB" if pdf else "not measured",
            pdf.peak <= PDF_PEAK_MB if pdf else None,
        )
    )
    pdf_growth = growth(results, "ours", "pdf")
    if pdf_growth:
        n1, n2, k = pdf_growth[-1]
        rows.append(
            Target(
                f"PDF grows linearly (exponent ≤ {LINEAR_EXPONENT})",
                f"{k:.2f} for {n1}→{n2} pages",
                k <= LINEAR_EXPONENT,
            )
        )
    else:
        rows.append(Target("PDF grows linearly", "not measured (needs two sizes)", None))
    site = f"a whole site (hugo-site/content) cold ≤ {SITE_SECONDS:.0f} s"
    site_memory = f"a whole site: peak memory ≤ {SITE_PEAK_MB / 1024:.1f} GB"
    if whole_site is None:
        rows += [Target(site, "not measured", None), Target(site_memory, "not measured", None)]
    else:
        rows += [
            Target(
                site,
                f"{seconds(whole_site.median)} ({whole_site.note}; Hugo with its theme: "
                f"{HUGO_WHOLE_SITE} by issue #15, not measured here)",
                whole_site.median <= SITE_SECONDS,
            ),
            Target(site_memory, f"{whole_site.peak:.0f} MB", whole_site.peak <= SITE_PEAK_MB),
        ]
    return rows


def targets_table(rows: list[Target]) -> list[str]:
    """The rows as Markdown."""
    verdict = {True: "yes", False: "**no**", None: "—"}
    lines = ["| target | measured | met? |", "|---|---|---|"]
    lines += [f"| {row.target} | {row.measured} | {verdict[row.met]} |" for row in rows]
    return lines


def render(
    results: Results,
    *,
    machine: str,
    date: str,
    command: str,
    runs: int,
    notes: list[str],
    profile: str = "",
    whole_site: Measure | None = None,
) -> str:
    """The whole of RESULTS.md's measured part."""
    parts = [
        f"Machine: {machine}. Date: {date}.",
        "",
        f"Command: `{command}`. Median of {runs} run(s) per build figure, stacks in a "
        "different order each run; live preview: median over its edits. Memory is the peak "
        "of the whole process tree (every process the command started, summed).",
        "",
        "## Figures",
        "",
        *figures_table(results),
        "",
        "## Ratios (same run)",
        "",
        *ratio_table(results),
        "",
        "## Growth",
        "",
        *growth_lines(results),
        "",
        "## Against the targets",
        "",
        *targets_table(targets(results, whole_site)),
        "",
    ]
    if notes:
        parts += ["## Notes on this run", "", *[f"- {note}" for note in notes], ""]
    if profile:
        parts += ["## Where a cold build spends its time", "", profile]
    return "\n".join(parts).rstrip("\n") + "\n"
