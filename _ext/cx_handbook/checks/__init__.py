"""Stage 6, checks: content checks that teach plain, accessible writing (``make check``).

Owns the rules, the page reader they share and the report; may import every earlier
stage (only :mod:`..tools` comes after it).

Run ``python -m cx_handbook.checks [paths] [--json FILE] [--format text|json]``. The
checks read what the build reads: one Sphinx ``dummy`` build in this process (``conf.py``
evaluated once; the settings come from its ``config``) records each page's text after
every ``source-read`` handler (shortcodes expanded, Markdown repaired) with the shortcode
line map, the front matter from the model
(:func:`cx_handbook.model.page.get_front_matter`), and Sphinx's warning records (links
and ``ref`` targets, by Sphinx's own resolution). The body is read by MyST's
markdown-it parser and MyST's directive parser.

Modules: :mod:`.build` (the in-process build: expanded text and warning records),
:mod:`.page` (a page read into headings, links, images and prose with file lines),
:mod:`.rules` (one function per rule), :mod:`.readability` (reading grade and sentence
length), :mod:`.runner` (the command line). Importing this package stays cheap:
``setup()`` only registers the ``conf.py`` values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Default reading grade (Flesch-Kincaid); pages above it get a warning.
DEFAULT_READING_GRADE = 8.0
#: Default longest sentence, in words.
DEFAULT_SENTENCE_WORDS = 25


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``conf.py`` values ``make check`` reads (the build ignores them)."""
    app.add_config_value("handbook_check_ignore", [], "", types=frozenset({list, tuple}))
    app.add_config_value(
        "handbook_check_reading_grade", DEFAULT_READING_GRADE, "", types=frozenset({int, float})
    )
    app.add_config_value(
        "handbook_check_sentence_words", DEFAULT_SENTENCE_WORDS, "", types=frozenset({int})
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
