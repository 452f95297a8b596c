"""Plain-language measures: reading grade (Flesch-Kincaid, via textstat) and sentence length.

Each paragraph and list item is scored as written; one without closing punctuation
(a list fragment) is closed with a full stop first, so a list of short items is not
read as one endless sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Pages shorter than this are not given a reading grade: a grade from a few
#: sentences says more about one word than about the page.
MIN_WORDS_FOR_GRADE = 100

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Mr|Ms|Mrs|Dr|St|No|U\.S)\.$")


@dataclass(frozen=True)
class Sentence:
    """A sentence, its line, and how many words it has."""

    text: str
    line: int
    words: int


def count_words(text: str) -> int:
    """How many words *text* has."""
    return len(_WORD.findall(text))


def sentences(text: str, line: int) -> Iterator[Sentence]:
    """Split a paragraph (line breaks kept as newlines) into sentences with their lines."""
    start = 0
    pieces: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    for begin, end in pieces:
        chunk = " ".join(text[begin:end].split())
        if chunk:
            yield Sentence(chunk, line + text[:begin].count("\n"), count_words(chunk))


def reading_grade(blocks: Iterable[str]) -> tuple[float, int] | None:
    """The Flesch-Kincaid grade of *blocks* and their word count (None when too short)."""
    import textstat  # loads a pronouncing dictionary: only when a grade is wanted

    closed = []
    for block in blocks:
        block = " ".join(block.split())
        if block and block[-1] not in ".!?…":
            block += "."
        if block:
            closed.append(block)
    text = " ".join(closed)
    words = count_words(text)
    if words < MIN_WORDS_FOR_GRADE:
        return None
    return float(textstat.flesch_kincaid_grade(text)), words
