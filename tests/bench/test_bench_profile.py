"""The cold profile is grouped by package; the memory probe sums the whole process tree."""

from __future__ import annotations

import subprocess
import sys

import pytest
from coldprofile import by_package, markdown, package_of
from measure import TreeSampler, descendants

SITE = "/work/x/.venv/lib/python3.11/site-packages"


@pytest.mark.parametrize(
    ("filename", "package"),
    [
        (f"{SITE}/myst_parser/parsers/sphinx_.py", "myst"),
        (f"{SITE}/markdown_it/main.py", "myst"),
        (f"{SITE}/docutils/nodes.py", "docutils"),
        (f"{SITE}/sphinx/builders/html/__init__.py", "sphinx"),
        (f"{SITE}/furo/navigation.py", "furo"),
        (f"{SITE}/sphinxext/opengraph/__init__.py", "sphinxext-opengraph"),
        (f"{SITE}/six.py", "six"),
        ("/work/x/_ext/cx_handbook/content/cards.py", "cx_handbook"),
        ("/work/x/_templates/page.html", "our templates"),
        ("/usr/lib/python3.11/re/_parser.py", "python (stdlib)"),
        ("<frozen importlib._bootstrap>", "imports"),
        ("~", "built-in"),
    ],
)
def test_package_of(filename: str, package: str) -> None:
    assert package_of(filename) == package


def stats():
    """A cProfile table: (file, line, name) → (calls, primitive, self, cumulative, callers)."""
    docutils = (f"{SITE}/docutils/nodes.py", 1, "findall")
    ours = ("/work/x/_ext/cx_handbook/content/cards.py", 5, "detect")
    builtin = ("~", 0, "<method 'join' of 'str' objects>")
    return {
        docutils: (10, 10, 3.0, 4.0, {}),
        ours: (5, 5, 1.0, 6.0, {}),
        # 2 s in a C built-in, called three quarters by our code and a quarter by docutils
        builtin: (8, 8, 2.0, 2.0, {ours: (6, 6, 1.5, 1.5), docutils: (2, 2, 0.5, 0.5)}),
    }


def test_built_in_time_goes_to_its_callers() -> None:
    assert by_package(stats()) == {"docutils": 3.5, "cx_handbook": 2.5}


def test_markdown_lists_packages_by_self_time() -> None:
    text = markdown(stats(), 100)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "s |" in line]
    assert rows[0].startswith("| docutils | 3.5 s | 58% | `docutils/nodes.py:1(findall)` 3.00 s")
    assert rows[1].startswith("| cx_handbook | 2.5 s | 42% |")


def test_tree_sampler_sums_every_process_below() -> None:
    child = "import time; b = bytearray(150 * 2**20); time.sleep(1.5)"
    parent = (
        "import subprocess, sys, time\n"
        f"kids = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]\n"
        "[k.wait() for k in kids]\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", parent])
    with TreeSampler(proc.pid, interval=0.05) as sampler:
        proc.wait()
    # two children of 150 MB each were alive at the same time: more than one of them
    assert sampler.peak_mb > 300
    assert descendants(proc.pid) == {proc.pid}  # it is gone: only the pid itself is left
