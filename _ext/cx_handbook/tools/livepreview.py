"""Keep ``make livehtml`` honest when extension code or ``conf.py`` changes.

sphinx-autobuild runs a fresh ``sphinx-build`` process for every change, so new
extension code is imported; but Sphinx would still reuse the pages it read with the
old code (its saved environment does not know our code changed). Run before each
rebuild (``--pre-build``), this forgets the saved environment when any watched
Python file or ``conf.py`` is newer than it, so every page is read again.

Not a Sphinx extension: ``python -m cx_handbook.tools.livepreview DOCTREES PATH...``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ENVIRONMENT = "environment.pickle"


def newest_code_change(paths: Iterable[Path]) -> float:
    """The latest modification time of the Python files (and files given) in *paths*."""
    newest = 0.0
    for path in paths:
        files = path.rglob("*.py") if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def forget_stale_environment(doctrees: Path, watched: Iterable[Path]) -> bool:
    """Delete the saved environment if code in *watched* changed after it; True if so."""
    pickle = doctrees / ENVIRONMENT
    if pickle.is_file() and newest_code_change(watched) > pickle.stat().st_mtime:
        pickle.unlink()
        return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cx_handbook.tools.livepreview DOCTREES PATH...``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.stderr.write("usage: python -m cx_handbook.tools.livepreview DOCTREES PATH...\n")
        return 2
    if forget_stale_environment(Path(args[0]), [Path(a) for a in args[1:]]):
        sys.stdout.write("Code or conf.py changed: reading every page again.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
