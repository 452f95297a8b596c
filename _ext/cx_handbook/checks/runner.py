"""``python -m cx_handbook.checks``: read pages, run every rule, print the findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.page import get_front_matter, parse_front_matter
from . import DEFAULT_READING_GRADE, DEFAULT_SENTENCE_WORDS
from .build import BuildFailed, Project, sphinx_findings, sphinx_project
from .findings import RULES, Finding, Report, make_report
from .page import Page, read_page
from .rules import PAGE_RULES, Settings
from .translations import translation_report

if TYPE_CHECKING:
    from sphinx.config import Config

SUFFIXES = (".md",)


def collect_pages(paths: Iterable[Path]) -> list[Path]:
    """Every Markdown page in *paths* (files or folders), sorted, without ``_build``."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES and not ({"_build", ".venv"} & set(p.parts))
            )
        elif path.suffix in SUFFIXES:
            found.add(path)
    return sorted(p.resolve() for p in found)


def load_settings(config: Config) -> Settings:
    """``handbook_check_*`` values from the build's *config* (defaults when not set up)."""
    return Settings(
        reading_grade=float(getattr(config, "handbook_check_reading_grade", DEFAULT_READING_GRADE)),
        sentence_words=int(
            getattr(config, "handbook_check_sentence_words", DEFAULT_SENTENCE_WORDS)
        ),
        ignore=frozenset(getattr(config, "handbook_check_ignore", ())),
        myst_extensions=frozenset(getattr(config, "myst_enable_extensions", ())),
    )


def _label(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def run_checks(
    paths: Sequence[Path],
    *,
    srcdir: Path | None = None,
    confdir: Path | None = None,
    build: bool = True,
) -> Report:
    """Check the pages in *paths*, as Sphinx reads *srcdir* with the ``conf.py`` in *confdir*.

    Without *srcdir*, the folder holding *paths* is read, and no references are resolved.
    With *build*, Sphinx's warnings (broken links and refs, toctrees) become findings too.
    """
    checked = collect_pages(paths)
    resolve = build and srcdir is not None
    srcdir = (srcdir or _common_folder(paths)).resolve()
    confdir = (confdir or srcdir).resolve()
    try:
        with sphinx_project(srcdir, confdir, resolve=resolve) as project:
            return _check(project, checked, build=resolve)
    except BuildFailed as failure:
        anchor = _label(checked[0]) if checked else _label(confdir / "conf.py")
        failed = Finding.of(
            "build-warning",
            anchor,
            1,
            f"Sphinx could not read the project ({failure}): run 'make html STRICT=0' to see why",
        )
        return make_report([failed], len(checked))


def read_pages(project: Project, extensions: frozenset[str] = frozenset()) -> dict[Path, Page]:
    """Every Markdown page of *project*'s source folder, read from the text the build parses."""
    env = project.app.env
    srcdir = Path(project.app.srcdir).resolve()
    pages: dict[Path, Page] = {}
    for docname, source in sorted(project.sources.items()):
        if source.path.suffix not in SUFFIXES or srcdir not in source.path.parents:
            continue  # not a page of the project (a page an extension generates)
        # The model's own reading; its problems from the same function on the same text.
        problems = parse_front_matter(source.raw)[1]
        pages[source.path] = read_page(
            source,
            _label(source.path),
            get_front_matter(env, docname),
            problems,
            extensions=extensions,
            directive=project.directive,
        )
    return pages


def _check(project: Project, checked: list[Path], *, build: bool) -> Report:
    """Run every rule on the *checked* pages of *project* (and its warnings, with *build*)."""
    settings = load_settings(project.app.config)
    pages = read_pages(project, settings.myst_extensions)
    titles: dict[str, list[str]] = {}
    for page in pages.values():
        if page.title:
            titles.setdefault(page.title.casefold(), []).append(page.label)
    settings = replace(settings, titles=titles)

    findings: list[Finding] = []
    read = {path: pages[path] for path in checked if path in pages}
    for path in checked:
        if path not in pages:
            findings.append(
                Finding.of(
                    "build-warning",
                    _label(path),
                    1,
                    "Sphinx does not read this page (it is outside the source folder or in "
                    "exclude_patterns), so it was not checked: check it with --srcdir",
                )
            )
    for page in read.values():
        for rule in PAGE_RULES:
            findings.extend(rule(page, settings))
    if build:
        labels = {path: page.label for path, page in read.items()}
        findings.extend(sphinx_findings(project.warnings, labels))
    findings.extend(_unknown_ignores(read.values(), settings))
    checked_docs = {
        docname: (source.path, read[source.path].label)
        for docname, source in project.sources.items()
        if source.path in read
    }
    srcdir = Path(project.app.srcdir)
    translations, catalog_findings = translation_report(
        project.app.config, srcdir, checked_docs, _label
    )
    findings.extend(catalog_findings)
    by_label = {page.label: page for page in read.values()}
    kept = [
        f
        for f in findings
        if f.rule not in settings.ignore
        and not (f.file in by_label and by_label[f.file].is_ignored(f.rule, f.line))
    ]
    return make_report(kept, len(checked), translations)


def _common_folder(paths: Sequence[Path]) -> Path:
    """The folder that holds every one of *paths* (a file's own folder)."""
    folders = [(p if p.is_dir() else p.parent).resolve() for p in paths]
    return Path(os.path.commonpath(folders)) if folders else Path().resolve()


def _unknown_ignores(pages: Iterable[Page], settings: Settings) -> Iterable[Finding]:
    for rule in sorted(settings.ignore - set(RULES)):
        yield Finding.of(
            "check-config",
            "conf.py",
            1,
            f"handbook_check_ignore names '{rule}', which is not a rule: use one of "
            f"{', '.join(RULES)}",
        )
    for page in pages:
        for rule in sorted(set(page.ignored) - set(RULES)):
            line = min(page.ignored[rule] - {0}, default=page.title_line or 1)
            yield Finding.of(
                "check-config",
                page.label,
                line,
                f"'{rule}' is not a rule, so nothing is silenced: use one of {', '.join(RULES)}",
            )


def _default_srcdir(paths: Sequence[Path], confdir: Path) -> Path | None:
    """``docs/`` beside conf.py when every path is inside it; else no Sphinx build."""
    docs = (confdir / "docs").resolve()
    inside = all(p.resolve() == docs or docs in p.resolve().parents for p in paths)
    return docs if docs.is_dir() and inside else None


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``make check``."""
    parser = argparse.ArgumentParser(
        prog="python -m cx_handbook.checks",
        description="Check handbook pages for problems a reader would notice, and say "
        "how to fix each one.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="pages or folders (default: docs)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write a JSON report")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--confdir", type=Path, default=Path(), help="folder of conf.py")
    parser.add_argument(
        "--srcdir", type=Path, help="the Sphinx source folder (default: docs beside conf.py)"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="skip the Sphinx pass (links and refs)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checks; exit 1 on errors (or warnings with --strict), else 0."""
    args = build_parser().parse_args(argv)
    paths = args.paths or [args.confdir / "docs"]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"No such page or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    srcdir = args.srcdir or _default_srcdir(paths, args.confdir)
    report = run_checks(paths, srcdir=srcdir, confdir=args.confdir, build=not args.no_build)
    if args.json:
        args.json.write_text(report.as_json(), encoding="utf-8")
    sys.stdout.write(report.as_json() if args.format == "json" else report.as_text())
    return report.exit_code(strict=args.strict)
