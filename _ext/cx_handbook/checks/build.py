"""Broken links and ``ref`` targets, from Sphinx's own resolution (no second resolver).

A ``dummy`` build (reads every page and resolves every reference, writes nothing)
runs in a fresh process over the whole project, and each warning it prints becomes a
finding with its file and line. Warnings about front matter are left out: the
front-matter rule reports them from the same model.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .findings import Finding

# /abs/docs/page.md:12: WARNING: message [type.subtype]   (the line may be missing)
_WARNING = re.compile(
    r"^(?P<file>[^\s].*?)(?::(?P<line>\d+))?: (?:WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)
#: Warning types the page rules already report from the same model.
REPORTED_BY_RULES = frozenset(
    {
        "handbook.frontmatter",
        "handbook.frontmatter_unknown_key",
        "handbook.yaml",
        "handbook.unsafe_url",
        "myst.topmatter",
        "myst.header",  # non-consecutive heading levels: the heading-levels rule
    }
)


def rule_for(warning_type: str | None) -> str:
    """The check rule id a Sphinx warning type belongs to."""
    kind = warning_type or ""
    if kind.startswith(("ref.", "myst.xref")) or kind in ("handbook.ref", "handbook.markdown"):
        return "broken-link"
    if kind.startswith("toc."):
        return "toctree"
    if kind.startswith("image."):
        return "missing-image"
    return "build-warning"


def sphinx_findings(srcdir: Path, confdir: Path, label: dict[Path, str]) -> Iterator[Finding]:
    """Run a ``dummy`` build of *srcdir* and yield its warnings as findings.

    *label* maps each checked page's resolved path to the name findings use; warnings
    on other files are dropped (a check of one page reports on that page).
    """
    with tempfile.TemporaryDirectory(prefix="cx-check-") as tmp:
        args = [
            sys.executable, "-m", "sphinx", "build", "-b", "dummy", "-E", "-n", "-q",
            "--keep-going", "--no-color", "-c", str(confdir), "-d", str(Path(tmp, "doctrees")),
            str(srcdir), str(Path(tmp, "out")),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    yield from parse_warnings(proc.stderr, label)
    if proc.returncode not in (0, 1):
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        anchor = next(iter(label.values()), str(srcdir))
        yield Finding.of(
            "build-warning",
            anchor,
            1,
            f"Sphinx could not read the project ({last}): run 'make html STRICT=0' to see why",
        )


def parse_warnings(stderr: str, label: dict[Path, str]) -> Iterator[Finding]:
    """Turn ``file:line: WARNING: message [type]`` lines into findings on checked pages."""
    for text in stderr.splitlines():
        match = _WARNING.match(text.strip())
        if not match or match.group("type") in REPORTED_BY_RULES:
            continue
        path = Path(match.group("file")).resolve()
        if path not in label:
            continue
        line = int(match.group("line") or 1)
        message = _explain(match.group("message"), match.group("type"))
        yield Finding.of(rule_for(match.group("type")), label[path], line, message)


def _explain(message: str, warning_type: str | None) -> str:
    """Sphinx's message, with what to do when Sphinx does not say it."""
    message = message[0].upper() + message[1:] if message else message
    if "](" in message and warning_type in ("myst.xref_missing", "handbook.markdown"):
        return (
            f"{message}: the link is written twice, as [text]([text](address)); "
            "write it once, e.g. [DHS CX glossary](https://www.dhs.gov/cx/glossary)"
        )
    if warning_type and warning_type.startswith("myst.xref"):
        return (
            f"{message}: the link points at no page or heading of the handbook; "
            "fix the address (a web address needs https://) or the page name"
        )
    if warning_type == "toc.not_included":
        return f"{message}: add the page to its section's toctree (in that folder's index.md)"
    return message
