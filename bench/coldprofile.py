"""Where a cold build of ours spends its time: cProfile, grouped by package.

``run.py --profile 500`` builds the 500-page handbook once, cold and serial, under
``python -m cProfile`` (a ``-j`` build's workers would escape the profile), and writes two
tables into RESULTS.md: the time spent in each package's own code (self time, which adds
up to the whole build), and each package's functions with the largest cumulative time.
Profiling slows a build down by about a third; read the shares, not the seconds.
"""

from __future__ import annotations

import math
import pstats
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from stacks import REPO, SPHINX_BUILD

#: Top-level module or distribution folder → the name a reader knows it by.
KNOWN = {
    "myst_parser": "myst",
    "markdown_it": "myst",
    "mdit_py_plugins": "myst",
    "sphinx": "sphinx",
    "sphinxcontrib": "sphinx",
    "docutils": "docutils",
    "furo": "furo",
    "jinja2": "jinja2",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "yaml": "yaml",
    "weasyprint": "weasyprint",
    "sphinx_design": "sphinx-design",
    "sphinxext": "sphinxext-opengraph",
    "sphinx_sitemap": "sphinx-sitemap",
    "sphinx_last_updated_by_git": "last-updated-by-git",
    "notfound": "sphinx-notfound-page",
    "sphinx_reredirects": "sphinx-reredirects",
    "pygments": "pygments",
}
SITE_PACKAGES = re.compile(r"/(?:site|dist)-packages/([^/]+)")


def package_of(filename: str) -> str:
    """The package a profiled function's file belongs to."""
    if filename == "~":
        return "built-in"
    if filename.startswith("<frozen importlib"):
        return "imports"
    if "/_ext/cx_handbook/" in filename:
        return "cx_handbook"
    if "/_templates/" in filename:
        return "our templates"
    found = SITE_PACKAGES.search(filename)
    if found:
        top = found.group(1).removesuffix(".py").split(".")[0]
        return KNOWN.get(top, top)
    if Path(filename).name == "sphinx-build":
        return "sphinx"
    if Path(filename).name == "conf.py":
        return "conf.py"
    return "python (stdlib)"


def function_name(key: tuple[str, int, str]) -> str:
    """``module.py:line(function)`` with the path cut after the package folder."""
    filename, line, name = key
    if filename.startswith(("~", "<")):
        return name
    short = re.sub(r".*/(?:site|dist)-packages/", "", filename)
    short = re.sub(r".*/(?:_ext|lib/python3[.0-9]*)/", "", short)
    return f"{short}:{line}({name})"


def by_package(stats: dict) -> dict[str, float]:
    """Self time per package; a built-in function's time goes to the packages calling it."""
    self_time: dict[str, float] = defaultdict(float)
    for key, (_calls, _primitive, total, _cumulative, callers) in stats.items():
        package = package_of(key[0])
        if package != "built-in" or not callers:
            self_time[package] += total
            continue
        shares = {caller: entry[3] for caller, entry in callers.items()}
        whole = sum(shares.values())
        for caller, share in shares.items():
            part = share / whole if whole else 1 / len(shares)
            self_time[package_of(caller[0])] += total * part
    return dict(self_time)


def heaviest(stats: dict, package: str, column: int, limit: float, top: int) -> list[str]:
    """The *top* functions of *package* by self (2) or cumulative (3) time, under *limit* s."""
    entries = [
        (values[column], function_name(key))
        for key, values in stats.items()
        if package_of(key[0]) == package and values[column] < limit
    ]
    entries.sort(reverse=True)
    return [f"`{name}` {seconds:.2f} s" for seconds, name in entries[:top]]


def markdown(stats: dict, pages: int, top: int = 3) -> str:
    """The profile section: packages by self time, with their heaviest functions."""
    self_time = by_package(stats)
    whole = sum(self_time.values()) or 1.0
    lines = [
        f"Cold serial build of ours at {pages} pages under cProfile ({whole:.1f} s profiled; "
        "profiling slows a build by about a third, so read the shares). Self time is spent in "
        "the package's own code (a C built-in's time goes to its callers); cumulative time "
        "includes what it calls (drivers over half of the build are left out).",
        "",
        "| package | self time | share | most self time | most cumulative time |",
        "|---|---|---|---|---|",
    ]
    for package, seconds in sorted(self_time.items(), key=lambda item: -item[1]):
        if seconds / whole < 0.005:
            continue
        own = "; ".join(heaviest(stats, package, 2, math.inf, top))
        calls = "; ".join(heaviest(stats, package, 3, whole / 2, top))
        lines.append(f"| {package} | {seconds:.1f} s | {seconds / whole:.0%} | {own} | {calls} |")
    return "\n".join(lines) + "\n"


def profile_cold(docs: Path, outdir: Path, prof: Path) -> dict:
    """Build *docs* cold under cProfile into *outdir*; the raw stats."""
    command = [sys.executable, "-m", "cProfile", "-o", str(prof), SPHINX_BUILD, "-q",
               "-c", str(REPO), str(docs), str(outdir)]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
