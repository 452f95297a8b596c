"""Which languages a source folder is built in: those with catalogs made from its pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cx_handbook.site.i18n import translated_languages
from helpers import REPO_ROOT

CATALOG = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "{msgid}"\nmsgstr ""\n'


def project(tmp_path: Path, msgid: str | None) -> tuple[Path, Path]:
    """A folder with one page, and a locale folder with a Spanish catalog for it."""
    srcdir, locales = tmp_path / "pages", tmp_path / "locales"
    (srcdir / "guides").mkdir(parents=True)
    (srcdir / "guides" / "forms.md").write_text("---\ntitle: Better forms\n---\n\nAsk less.\n")
    messages = locales / "es" / "LC_MESSAGES"
    (messages / "guides").mkdir(parents=True)
    (messages / "cx_handbook.po").write_text(CATALOG.format(msgid="Better forms"))
    if msgid is not None:
        (messages / "guides" / "forms.po").write_text(CATALOG.format(msgid=msgid))
    return srcdir, locales


def languages(srcdir: Path, locales: Path) -> list[str]:
    return translated_languages(srcdir, ["en", "es", "fr"], "en", [locales], [".md", ".rst"])


def test_a_catalog_made_from_a_page_of_the_folder_brings_its_language(tmp_path) -> None:
    assert languages(*project(tmp_path, "Better forms")) == ["es"]


def test_no_catalog_or_a_catalog_of_another_page_brings_none(tmp_path) -> None:
    srcdir, locales = project(tmp_path / "none", None)
    assert languages(srcdir, locales) == []  # the extensions' own catalog is not a page's
    assert languages(*project(tmp_path / "other", "Manual de CX")) == []


def run_tool(*args: str) -> list[str]:
    env_path = str(REPO_ROOT / "_ext")
    proc = subprocess.run(
        [sys.executable, "-m", "cx_handbook.tools.languages", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": ""},
    )
    return proc.stdout.split()


def test_make_builds_the_handbook_in_spanish_and_a_folder_without_catalogs_in_english(
    tmp_path,
) -> None:
    assert run_tool("docs") == ["es"]
    assert run_tool("docs", "es") == ["es"]
    srcdir, _locales = project(tmp_path, None)
    assert run_tool(str(srcdir), "es") == []
