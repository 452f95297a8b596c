"""Draft text a CMS or a writer leaves behind: ``This is a test``, ``Lorem ipsum``, ``TBD``.

Pure functions, no Sphinx. ``make check`` reports such text wherever it is
(``placeholder-text``); the timeline leaves out front-matter items made only of it.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDERS", "find_placeholder"]

PLACEHOLDERS = (
    re.compile(r"\b(?:(?:this|here) is )?(?:some )?test content\b", re.IGNORECASE),
    re.compile(r"\b(?:this|here) is (?:a|an|another|some) test\b", re.IGNORECASE),
    re.compile(r"\blorem ipsum\b", re.IGNORECASE),
    re.compile(r"\b(?:TODO|TBD|FIXME)\b"),
)


def find_placeholder(text: str) -> str | None:
    """The placeholder words in *text* (``This is a test``), or None."""
    for pattern in PLACEHOLDERS:
        if match := pattern.search(text):
            return match.group(0)
    return None
