"""The extensions' message catalog: the shipped template and Spanish catalog match the code."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from cx_handbook.core.i18n import CATALOG, PACKAGE_LOCALE_DIR
from cx_handbook.tools.catalog import extract_catalog

TEMPLATE = PACKAGE_LOCALE_DIR / f"{CATALOG}.pot"
SPANISH = PACKAGE_LOCALE_DIR / "es" / "LC_MESSAGES" / f"{CATALOG}.po"
HINT = "run `PYTHONPATH=_ext python -m cx_handbook.tools.catalog es` (make gettext does)"


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def test_template_holds_every_message_the_code_prints() -> None:
    extracted = {str(m.id) for m in extract_catalog() if m.id}
    assert "Event details" in extracted and "Topics" in extracted
    shipped = {str(m.id) for m in read(TEMPLATE) if m.id}
    assert sorted(extracted - shipped) == [], HINT
    assert sorted(shipped - extracted) == [], HINT


def test_spanish_catalog_translates_every_message() -> None:
    template = {str(m.id) for m in read(TEMPLATE) if m.id}
    spanish = read(SPANISH)
    assert sorted(template - {str(m.id) for m in spanish if m.id}) == [], HINT
    left = [str(m.id) for m in spanish if m.id and (m.fuzzy or not m.string)]
    assert left == [], "untranslated or fuzzy in the shipped Spanish catalog"
