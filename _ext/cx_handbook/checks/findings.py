"""Findings, the rule catalogue, and the two report formats (text and JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Protocol


class TranslationEntry(Protocol):
    """One page's translation status in one language (:mod:`.translations`)."""

    def format(self) -> str:
        """Its lines in the text report."""
        ...

    def as_dict(self) -> dict[str, Any]:
        """Its entry in the JSON report."""
        ...


class Severity(StrEnum):
    """An error fails ``make check``; a warning does not (unless ``--strict``)."""

    ERROR = "error"
    WARNING = "warning"


#: Every rule id, its severity and what it looks for (docs/writing/checks.md lists them).
RULES: dict[str, tuple[Severity, str]] = {
    "front-matter": (Severity.ERROR, "front matter that is not valid YAML or has wrong types"),
    "unknown-key": (Severity.WARNING, "a front-matter key the handbook does not use"),
    "unsafe-url": (Severity.ERROR, "a javascript:, data: or vbscript: link"),
    "missing-title": (Severity.ERROR, "a page without a title"),
    "placeholder-text": (Severity.ERROR, "placeholder text such as 'This is a test' or TODO"),
    "vague-link-text": (Severity.WARNING, "link text such as 'click here' or 'learn more'"),
    "url-link-text": (Severity.WARNING, "a web address used as link text"),
    "file-link-annotation": (Severity.WARNING, "a PDF or office file link without type and size"),
    "image-alt-text": (Severity.ERROR, "an image without alt text"),
    "heading-levels": (Severity.ERROR, "a heading that skips a level (## then ####)"),
    "duplicate-title": (Severity.WARNING, "two pages with the same title"),
    "reading-grade": (Severity.WARNING, "a page that needs a higher reading grade than the target"),
    "long-sentence": (Severity.WARNING, "a sentence longer than the limit (25 words)"),
    "broken-link": (Severity.ERROR, "a link or ref target Sphinx cannot resolve"),
    "toctree": (Severity.ERROR, "a page missing from, or wrongly listed in, a toctree"),
    "missing-image": (Severity.ERROR, "an image file that does not exist"),
    "build-warning": (Severity.ERROR, "any other warning that would fail `make html`"),
    "check-config": (Severity.WARNING, "an ignore setting that names no rule"),
    "translation-catalog": (Severity.ERROR, "a translation catalog (.po) that does not compile"),
}


@dataclass(frozen=True, order=True)
class Finding:
    """One thing to fix, at ``file:line``."""

    file: str
    line: int
    rule: str
    message: str
    severity: Severity

    @classmethod
    def of(cls, rule: str, file: str, line: int | None, message: str) -> Finding:
        """A finding with the rule's own severity."""
        return cls(file, line or 1, rule, message, RULES[rule][0])

    def format(self) -> str:
        """``file:line: severity: message [rule-id]``."""
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Report:
    """Every finding of one run and how many pages it read."""

    findings: tuple[Finding, ...]
    pages: int
    translations: tuple[TranslationEntry, ...] = ()

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def exit_code(self, *, strict: bool = False) -> int:
        """1 when there are errors (or, with *strict*, warnings); else 0."""
        return int(bool(self.errors or (strict and self.warnings)))

    def summary(self) -> str:
        """``3 errors, 5 warnings in 12 pages``."""
        return (
            f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')} "
            f"in {_plural(self.pages, 'page')}"
        )

    def as_text(self) -> str:
        """One line per finding, the translation report, then the summary."""
        lines = [f.format() for f in self.findings]
        if self.translations:
            lines += ["Translations:", *(t.format() for t in self.translations)]
        return "\n".join([*lines, self.summary()]) + "\n"

    def as_dict(self) -> dict[str, object]:
        """The JSON report: ``version``, ``summary`` and ``findings``."""
        return {
            "version": 1,
            "summary": {"errors": self.errors, "warnings": self.warnings, "pages": self.pages},
            "findings": [asdict(f) for f in self.findings],
            "translations": [t.as_dict() for t in self.translations],
        }

    def as_json(self) -> str:
        """The JSON report as text."""
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"


def make_report(
    findings: Iterable[Finding], pages: int, translations: Iterable[TranslationEntry] = ()
) -> Report:
    """Sort and de-duplicate *findings* into a report."""
    return Report(tuple(sorted(set(findings))), pages, tuple(translations))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
