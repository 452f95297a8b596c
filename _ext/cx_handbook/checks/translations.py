"""``make check``'s translation report: per language and page, how much is translated.

The report is shown when at least one checked page has a catalog.

For every language of ``handbook_languages`` but the source one, each checked page's
catalog (``<locale_dir>/<lang>/LC_MESSAGES/<page>.po``) is read: the share of its
messages that have a translation, and each fuzzy message at the page's ``file:line``
(from the catalog's ``#:`` comment) and the catalog's own line. A catalog that does not
compile (a syntax error, a ``{placeholder}`` or ``%s`` the translation lost) is an
error finding, ``translation-catalog``, at its ``file:line``: the build would silently
drop it. The extension's own catalogs (:mod:`cx_handbook.core.i18n`) are checked too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from sphinx.util.i18n import docname_to_domain

from ..core.i18n import CATALOG, PACKAGE_LOCALE_DIR, CatalogError, placeholder_problem, read_catalog
from .findings import Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from babel.messages.catalog import Catalog
    from sphinx.config import Config


@dataclass(frozen=True)
class FuzzyMessage:
    """A translation flagged fuzzy: the source changed since it was written."""

    file: str
    line: int
    message: str
    catalog: str
    catalog_line: int


@dataclass(frozen=True)
class PageTranslation:
    """One page in one language."""

    language: str
    file: str
    catalog: str | None
    total: int
    translated: int
    fuzzy: tuple[FuzzyMessage, ...] = ()

    @property
    def share(self) -> int:
        """The translated share in whole per cent (0 without messages)."""
        return round(100 * self.translated / self.total) if self.total else 0

    def format(self) -> str:
        """``es docs/x.md: 97% translated (33 of 34 messages), 1 fuzzy`` and fuzzy lines."""
        if self.catalog is None:
            head = f"{self.language} {self.file}: no catalog yet (run 'make gettext')"
        else:
            head = (
                f"{self.language} {self.file}: {self.share}% translated "
                f"({self.translated} of {self.total} messages)"
            )
            if self.fuzzy:
                head += f", {len(self.fuzzy)} fuzzy"
        lines = [head]
        for fuzzy in self.fuzzy:
            text = fuzzy.message if len(fuzzy.message) <= 70 else fuzzy.message[:67] + "..."
            lines.append(
                f"  {fuzzy.file}:{fuzzy.line}: fuzzy ({self.language}): {text!r} "
                f"({fuzzy.catalog}:{fuzzy.catalog_line})"
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """The page's entry in the JSON report."""
        return {
            "language": self.language,
            "file": self.file,
            "catalog": self.catalog,
            "messages": self.total,
            "translated": self.translated,
            "fuzzy": [
                {
                    "file": f.file,
                    "line": f.line,
                    "message": f.message,
                    "catalog": f.catalog,
                    "catalog_line": f.catalog_line,
                }
                for f in self.fuzzy
            ],
        }


def compile_problems(path: Path, label: str) -> tuple[Catalog | None, list[Finding]]:
    """Read *path* strictly and compile it; each problem an error finding at its line."""
    try:
        catalog = read_catalog(path)
    except CatalogError as error:
        problem = str(error).removeprefix(f"{path}:").removeprefix(f"{error.line}:").strip()
        return None, [_catalog_finding(label, error.line, f"cannot be read ({problem})")]
    findings = []
    for message, errors in catalog.check():
        for error in errors:
            findings.append(
                _catalog_finding(label, message.lineno or 1, f"{message.id!r}: {error}")
            )
    for message in catalog:
        problem = placeholder_problem(message)
        if problem:
            findings.append(_catalog_finding(label, message.lineno or 1, f"is wrong: {problem}"))
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as error:  # babel's writer raises whatever the bad entry causes
        findings.append(_catalog_finding(label, 1, f"cannot be compiled: {error}"))
    return catalog, findings


def _catalog_finding(label: str, line: int, problem: str) -> Finding:
    return Finding.of(
        "translation-catalog",
        label,
        line,
        f"this message catalog {problem}. The build would drop it: fix the .po file "
        "(a PO editor such as Poedit shows the problem)",
    )


def _page_line(catalog_message_locations: Iterable[tuple[str, int | None]], page: Path) -> int:
    for location, line in catalog_message_locations:
        if Path(location).name == page.name and line:
            return line
    return 1


def translation_report(
    config: Config,
    srcdir: Path,
    pages: dict[str, tuple[Path, str]],
    label: Callable[[Path], str],
) -> tuple[list[PageTranslation], list[Finding]]:
    """The report for *pages* (docname -> (path, label)) and the catalog findings."""
    languages = [
        code
        for code in getattr(config, "handbook_languages", {}) or {}
        if code != getattr(config, "handbook_source_language", "en")
    ]
    locale_dirs = [srcdir / d for d in config.locale_dirs]
    entries: list[PageTranslation] = []
    findings: list[Finding] = []
    for language in languages:
        for directory in [PACKAGE_LOCALE_DIR, *locale_dirs]:
            shipped = directory / language / "LC_MESSAGES" / f"{CATALOG}.po"
            if shipped.is_file():
                findings.extend(compile_problems(shipped, label(shipped))[1])
        for docname, (path, page_label) in sorted(pages.items()):
            domain = docname_to_domain(docname, config.gettext_compact)
            found = [
                d / language / "LC_MESSAGES" / f"{domain}.po"
                for d in locale_dirs
                if (d / language / "LC_MESSAGES" / f"{domain}.po").is_file()
            ]
            if not found:
                entries.append(PageTranslation(language, page_label, None, 0, 0))
                continue
            po = found[0]
            catalog, problems = compile_problems(po, label(po))
            findings.extend(problems)
            if catalog is None:
                continue
            messages = [m for m in catalog if m.id]
            fuzzy = tuple(
                FuzzyMessage(
                    page_label,
                    _page_line(m.locations, path),
                    str(m.id),
                    label(po),
                    m.lineno or 1,
                )
                for m in messages
                if m.fuzzy
            )
            translated = sum(bool(m.string) and not m.fuzzy for m in messages)
            entries.append(
                PageTranslation(language, page_label, label(po), len(messages), translated, fuzzy)
            )
    if not any(entry.catalog for entry in entries):
        entries = []  # a project (or a set of pages) nobody translates: no report
    return entries, findings
