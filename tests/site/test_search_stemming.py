"""The search index's stems come from PyStemmer, and they are snowballstemmer's own.

Sphinx stems with ``snowballstemmer.stemmer(language)``, which hands the work to
PyStemmer's C code when it is installed (a tenth less CPU for a cold build). The search
page stems the reader's words with Sphinx's JavaScript Snowball stemmer, so the index's
stems must stay exactly the pure-Python algorithm's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import snowballstemmer
import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.spanish_stemmer import SpanishStemmer

from helpers import REPO_ROOT


def words_of(folder: Path) -> set[str]:
    """Every word of the Markdown under *folder*, lower-cased."""
    text = " ".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.md"))
    text += " ".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.po"))
    return {word.lower() for word in re.findall(r"[^\W\d_]{2,}", text)}


def test_sphinx_gets_pystemmer() -> None:
    assert isinstance(snowballstemmer.stemmer("english"), Stemmer.Stemmer)


@pytest.mark.parametrize(
    ("language", "python_stemmer", "folder"),
    [("english", EnglishStemmer, "docs"), ("spanish", SpanishStemmer, "locales/es")],
)
def test_every_word_of_the_handbook_stems_as_the_pure_python_algorithm(
    language: str, python_stemmer: type, folder: str
) -> None:
    words = sorted(words_of(REPO_ROOT / folder))
    assert len(words) > 1000
    fast, reference = Stemmer.Stemmer(language), python_stemmer()
    differing = [w for w in words if fast.stemWord(w) != reference.stemWord(w)]
    assert differing == []
