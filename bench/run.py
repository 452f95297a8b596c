"""Benchmark: our build against plain Sphinx + MyST + furo on the same synthetic pages.

    python bench/run.py --sizes 100,500 --runs 3
    python bench/run.py --sizes 100,500 --baseline ../old-checkout   # before/after a change

For each size it generates a handbook (bench/generate.py) and measures, for both
stacks: a cold build, a warm rebuild with no change, a rebuild after editing one page,
and a cold build with ``-j 2``; for ours also the PDF when the builder is available.
Every comparison is a ratio of two figures measured in the same run. Results are
printed and written to bench/RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
SPHINX_BUILD = str(Path(sys.executable).with_name("sphinx-build"))
STACKS = {"plain": BENCH / "plain", "ours": REPO}
PDF_BUILDER = "handbookpdf"


@dataclass
class Measure:
    """Wall seconds and peak memory (MB) of each run of one scenario."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def peak(self) -> float:
        """Largest peak memory seen."""
        return max(self.peak_mb) if self.peak_mb else math.nan


def build(stack: str, srcdir: Path, outdir: Path, *extra: str) -> dict[str, float]:
    """One sphinx-build, measured in a child process."""
    command = [
        sys.executable, str(BENCH / "measure.py"), SPHINX_BUILD, "-q",
        "-c", str(STACKS[stack]), *extra, str(srcdir), str(outdir),
    ]  # fmt: skip
    result = json.loads(subprocess.run(command, capture_output=True, text=True).stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{stack} build failed: {' '.join(command)}")
    return result


def has_pdf_builder() -> bool:
    """True once the PDF builder is part of our extensions."""
    sys.path.insert(0, str(REPO / "_ext"))
    try:
        import cx_handbook  # noqa: F401
    except ImportError:
        return False
    return (REPO / "_ext" / "cx_handbook" / "outputs" / "pdf.py").is_file()


def run_size(pages: int, runs: int, stacks: list[str], pdf: bool) -> dict[str, dict[str, Measure]]:
    """Every scenario for one handbook size."""
    from generate import generate

    site = OUT / f"site-{pages}"
    docs = generate(pages, site)
    edited = next(docs.glob("section-0/page-1.md"))
    original = edited.read_text(encoding="utf-8")
    results: dict[str, dict[str, Measure]] = {}
    for stack in stacks:
        scenarios: dict[str, Measure] = {}
        results[stack] = scenarios
        out = site / f"html-{stack}"
        for run in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            for name, extra in (("cold", ()), ("warm", ()), ("edit", ())):
                if name == "edit":
                    edited.write_text(original + f"\nEdited in run {run}.\n", encoding="utf-8")
                result = build(stack, docs, out, *extra)
                scenarios.setdefault(name, Measure()).seconds.append(result["seconds"])
                scenarios[name].peak_mb.append(result["peak_mb"])
            edited.write_text(original, encoding="utf-8")
            shutil.rmtree(out, ignore_errors=True)
            result = build(stack, docs, out, "-j", "2")
            scenarios.setdefault("cold -j 2", Measure()).seconds.append(result["seconds"])
            scenarios["cold -j 2"].peak_mb.append(result["peak_mb"])
            cold = scenarios["cold"].seconds[-1]
            print(f"  {pages} pages, {stack}, run {run + 1}: cold {cold:.1f} s")
        if stack == "ours" and pdf:
            result = build(stack, docs, site / "pdf", "-b", PDF_BUILDER)
            scenarios["pdf"] = Measure([result["seconds"]], [result["peak_mb"]])
        shutil.rmtree(out, ignore_errors=True)
    return results


def machine() -> str:
    """One line about the machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "?"
    import sphinx

    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory; Python {platform.python_version()}, "
        f"Sphinx {sphinx.__version__}"
    )


def report(all_results: dict[int, dict[str, dict[str, Measure]]], runs: int) -> str:
    """The results as a Markdown table with ratios and growth exponents."""
    lines = [
        f"Machine: {machine()}. Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"Median of {runs} run(s); peak memory is the largest single process.",
        "",
        "| pages | stack | cold s | warm s | one page edited s | cold -j 2 s | PDF s | "
        "pages/s (cold) | peak MB | ours ÷ plain (cold) | ours ÷ baseline (cold) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for pages, results in sorted(all_results.items()):
        plain = results.get("plain", {}).get("cold")
        baseline = results.get("baseline", {}).get("cold")
        for stack, scenarios in results.items():
            cold = scenarios["cold"].median
            ratio = f"{cold / plain.median:.2f}" if plain and stack == "ours" else ""
            to_baseline = f"{cold / baseline.median:.2f}" if baseline and stack == "ours" else ""
            pdf = f"{scenarios['pdf'].median:.1f}" if "pdf" in scenarios else "n/a"
            peak = max(m.peak for m in scenarios.values())
            lines.append(
                f"| {pages} | {stack} | {cold:.1f} | {scenarios['warm'].median:.2f} | "
                f"{scenarios['edit'].median:.2f} | {scenarios['cold -j 2'].median:.1f} | {pdf} | "
                f"{pages / cold:.1f} | {peak:.0f} | {ratio} | {to_baseline} |"
            )
    sizes = sorted(all_results)
    lines.append("")
    for stack in STACKS:
        points = [
            (n, all_results[n][stack]["cold"].median) for n in sizes if stack in all_results[n]
        ]
        pairs = list(pairwise(points))
        if len(points) > 2:
            pairs.append((points[0], points[-1]))
        for (n1, t1), (n2, t2) in pairs:
            exponent = math.log(t2 / t1) / math.log(n2 / n1)
            lines.append(f"- {stack}: cold-build growth exponent {n1}→{n2} pages: {exponent:.2f}")
    if not shutil.which("mkdocs"):
        lines.append("- MkDocs Material is not installed on this machine: no comparison made.")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500", help="comma-separated page counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--plain-max", type=int, default=500, help="largest size at which the plain stack runs"
    )
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument(
        "--pdf-max", type=int, default=500, help="largest size at which the PDF is built"
    )
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of this project (e.g. `git worktree add ../before main~3`), "
        "built as the stack 'baseline' beside ours in the same run",
    )
    args = parser.parse_args()
    if args.baseline:
        STACKS["baseline"] = args.baseline.resolve()
    sys.path.insert(0, str(BENCH))
    pdf = not args.no_pdf and has_pdf_builder()
    all_results = {}
    for pages in (int(s) for s in args.sizes.split(",")):
        stacks = ["plain", "ours"] if pages <= args.plain_max else ["ours"]
        if args.baseline:
            stacks.insert(stacks.index("ours"), "baseline")
        all_results[pages] = run_size(pages, args.runs, stacks, pdf and pages <= args.pdf_max)
    table = report(all_results, args.runs)
    print(table)
    header = "# Benchmark results\n\nWritten by `make bench` (bench/run.py).\n\n"
    args.output.write_text(header + table, encoding="utf-8")


if __name__ == "__main__":
    main()
