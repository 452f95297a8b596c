"""``make gettext``'s second half: the extensions' own message catalog.

``python -m cx_handbook.tools.catalog [LANG ...]`` extracts every word our code and
templates print (``_("…")``, ``gettext("…")``, ``N_("…")`` in Python,
``cx_gettext("…")`` in ``_templates/``) into ``_ext/cx_handbook/locales/cx_handbook.pot``
and brings each language's ``cx_handbook.po`` in step with it, as ``sphinx-intl
update`` does for the pages: new messages are added untranslated, changed ones are
marked fuzzy, translations are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from ..core.assets import REPOSITORY, TEMPLATES_DIR
from ..core.i18n import CATALOG, PACKAGE_LOCALE_DIR

PACKAGE_DIR = PACKAGE_LOCALE_DIR.parent
PYTHON_KEYWORDS = {"_": None, "gettext": None, "N_": None}
TEMPLATE_KEYWORDS = {"cx_gettext": None}


def _add(catalog: Catalog, path: Path, method: object, keywords: dict) -> None:
    with path.open("rb") as handle:
        found = extract(method, handle, keywords=keywords, comment_tags=("Translators:",))
        for lineno, message, comments, _context in found:
            where = path.relative_to(REPOSITORY).as_posix()
            catalog.add(message, locations=[(where, lineno)], auto_comments=comments)


def extract_catalog() -> Catalog:
    """Every message of the extensions' code and templates."""
    catalog = Catalog(project="CX Handbook", domain=CATALOG, fuzzy=False)
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        _add(catalog, path, "python", PYTHON_KEYWORDS)
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        _add(catalog, path, babel_extract, TEMPLATE_KEYWORDS)
    return catalog


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write *catalog* as a ``.po``/``.pot`` file without a volatile date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.creation_date = catalog.revision_date = catalog.creation_date.replace(
        year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    with path.open("wb") as handle:
        write_po(handle, catalog, width=88, sort_output=False, omit_header=False)


def update_language(template: Catalog, language: str) -> Path:
    """Bring ``<lang>/LC_MESSAGES/cx_handbook.po`` in step with *template*."""
    path = PACKAGE_LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
    else:
        catalog = Catalog(locale=language, domain=CATALOG, project="CX Handbook")
        catalog.update(template)
    write_catalog(catalog, path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the template and update each language's catalog."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=["es"], help="languages to update")
    args = parser.parse_args(argv)
    template = extract_catalog()
    pot = PACKAGE_LOCALE_DIR / f"{CATALOG}.pot"
    write_catalog(template, pot)
    print(f"{pot.relative_to(REPOSITORY)}: {len(template)} messages")
    for language in args.languages:
        path = update_language(template, language)
        print(f"{path.relative_to(REPOSITORY)}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
