"""What a build with nothing to do costs: the extension's imports, and no-change builds.

    python bench/startup.py                 # 500 pages, 5 no-change builds
    python bench/startup.py --pages 100 --runs 9

Robust to a loaded machine: the import cost is ``python -X importtime`` of the
extension's capability modules over what any build of this ``conf.py`` imports anyway
(Sphinx, MyST, furo and the other extensions), the smallest of a few runs; the builds
are reported by their minimum wall and CPU time (user + system, children included).
Bytecode is written as usual (``PYTHONDONTWRITEBYTECODE`` is unset for the runs), as a
user's checkout does after its first build.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from stacks import REPO, SPHINX_BUILD

OUT = Path(__file__).resolve().parent / "out"
#: What a build of this conf.py imports whatever the extension does.
PRELOAD = (
    "sphinx.cmd.build, sphinx.application, sphinx.builders.html, myst_parser.sphinx_ext.main, "
    "myst_parser.parsers.sphinx_, furo, sphinx_design.extension, sphinx_copybutton, "
    "sphinx_sitemap, notfound.extension, sphinx_last_updated_by_git"
)
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime_ms(stderr: str, marker: str = "---start---") -> tuple[float, float]:
    """From ``-X importtime`` output after *marker*: (all imports, the extension's own), ms.

    All imports adds up the cumulative time of the top-level imports; the extension's
    own adds up the self time of every ``cx_handbook`` module.
    """
    total = own = 0
    for line in stderr.partition(marker)[2].splitlines():
        match = LINE.match(line)
        if not match:
            continue
        self_us, cumulative_us, indent, name = match.groups()
        if len(indent) == 1:
            total += int(cumulative_us)
        if name.startswith("cx_handbook"):
            own += int(self_us)
    return total / 1000, own / 1000


def extension_imports(runs: int) -> tuple[float, float]:
    """The smallest import cost of the extension's capabilities over *runs* processes."""
    code = (
        f"import sys; sys.path.insert(0, {str(REPO / '_ext')!r}); import {PRELOAD}; "
        "import cx_handbook; print('---start---', file=sys.stderr); "
        "[exec(f'import cx_handbook.{name}') for name in cx_handbook.CAPABILITIES]"
    )
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True, text=True, check=True, env=_env(),
        )  # fmt: skip
        results.append(importtime_ms(done.stderr))
    return min(results)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_build(docs: Path, out: Path) -> tuple[float, float]:
    """One ``sphinx-build`` of *docs* into *out*: (wall, CPU) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [SPHINX_BUILD, "-q", "-c", str(REPO), str(docs), str(out)],
        check=True, stdout=subprocess.DEVNULL, env=_env(),
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Generate the pages, build once, then time the builds with nothing to do."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from generate import generate

    site = OUT / f"startup-{args.pages}"
    docs = generate(args.pages, site)
    out = site / "html"
    timed_build(docs, out)  # the first build: cold, or what changed since the last run
    total, own = extension_imports(args.runs)
    print(f"extension imports: {total:.0f} ms ({own:.0f} ms in cx_handbook's own modules)")
    builds = [timed_build(docs, out) for _ in range(args.runs)]
    walls = ", ".join(f"{wall:.2f}" for wall, _cpu in builds)
    print(
        f"no change, {args.pages} pages: min wall {min(w for w, _ in builds):.2f} s, "
        f"min CPU {min(c for _, c in builds):.2f} s (walls: {walls})"
    )


if __name__ == "__main__":
    main()
