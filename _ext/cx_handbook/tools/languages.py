"""The languages ``make html`` and ``make pdf`` build for a source folder.

``python -m cx_handbook.tools.languages SRCDIR [LANG ...]`` prints, one a line, those
of *LANG* (else of conf.py's ``handbook_languages``) that have page catalogs for pages
of *SRCDIR*: the same rule the build applies to its language switch
(:func:`..site.i18n.translated_languages`). The handbook's ``docs/`` gets ``es``; a Hugo
site's ``content/`` built with this conf.py gets nothing, so no Spanish copy of it is
built.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from ..site.i18n import SETTINGS, translated_languages


def main(argv: list[str] | None = None) -> int:
    """Print the languages to build for the folder."""
    parser = argparse.ArgumentParser(prog="python -m cx_handbook.tools.languages")
    parser.add_argument("srcdir", type=Path, help="the pages' folder (docs)")
    parser.add_argument("languages", nargs="*", help="languages asked for (default: conf.py's)")
    parser.add_argument("--confdir", type=Path, default=Path(), help="conf.py's folder")
    args = parser.parse_args(argv)
    confdir = args.confdir.resolve()
    config = Config.read(confdir, overrides={}, tags=Tags())
    for name, (default, types, _help) in SETTINGS.items():
        config.add(name, default, "env", types)
    asked = args.languages or list(config.handbook_languages)
    source_language = config.handbook_source_language
    suffixes = config.source_suffix
    locale_dirs = [confdir / folder for folder in config.locale_dirs]
    for code in translated_languages(
        args.srcdir.resolve(), asked, source_language, locale_dirs, suffixes
    ):
        print(code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
