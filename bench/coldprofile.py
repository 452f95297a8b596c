"""Where a cold build of ours spends its time: cProfile, grouped by package.

``run.py --profile 500`` builds the 500-page handbook once, cold and serial, under
``python -m cProfile`` (a ``-j`` build's workers would escape the profile), and writes two
tables into RESULTS.md: the time spent in each package's own code (self time, which adds
up to the whole build), and each package's functions with the largest cumulative time.
Profiling slows a build down by about a third; read the shares, not the seconds.
"""

from __future__ import annotations

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
    if filename.startswith(("~", "<")):
        return "built-in"
    if "/_ext/cx_handbook/" in filename:
        return "cx_handbook"
    found = SITE_PACKAGES.search(filename)
    if found:
        top = found.group(1).removesuffix(".py").split(".")[0]
        return KNOWN.get(top, top)
    if Path(filename).name == "conf.py":
        return "conf.py"
    return "python (stdlib)"


def function_name(key: tuple[str, int, str]) -> str:
    """``module.py:line(function)`` with the path cut after the package folder."""
    filename, line, name = key
    if filename.startswith(("~", "<")):
        return name
    short = re.sub(r".*/(?:site|dist)-packages/", "", filename)
    short = re.sub(r".*/_ext/", "", short)
    return f"{short}:{line}({name})"


def by_package(stats: dict) -> tuple[dict[str, float], dict[str, list[tuple[float, str]]]]:
    """Self time per package, and each package's functions by cumulative time."""
    self_time: dict[str, float] = defaultdict(float)
    functions: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for key, (_calls, _primitive, total, cumulative, _callers) in stats.items():
        package = package_of(key[0])
        self_time[package] += total
        functions[package].append((cumulative, function_name(key)))
    for entries in functions.values():
        entries.sort(reverse=True)
    return dict(self_time), dict(functions)


def markdown(stats: dict, pages: int, top: int = 4) -> str:
    """The two tables of the profile section."""
    self_time, functions = by_package(stats)
    whole = sum(self_time.values()) or 1.0
    lines = [
        f"Cold serial build of ours at {pages} pages under cProfile "
        f"({whole:.1f} s of profiled time).",
        "",
        "| package | self time s | share | its functions with the most cumulative time |",
        "|---|---|---|---|",
    ]
    for package, seconds in sorted(self_time.items(), key=lambda item: -item[1]):
        if seconds / whole < 0.005:
            continue
        heavy = "; ".join(f"`{name}` {cum:.1f} s" for cum, name in functions[package][:top])
        lines.append(f"| {package} | {seconds:.1f} | {seconds / whole:.0%} | {heavy} |")
    return "\n".join(lines) + "\n"


def profile_cold(docs: Path, outdir: Path, prof: Path) -> dict:
    """Build *docs* cold under cProfile into *outdir*; the raw stats."""
    command = [sys.executable, "-m", "cProfile", "-o", str(prof), SPHINX_BUILD, "-q",
               "-c", str(REPO), str(docs), str(outdir)]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
